"""Departures (extract/relations/families/departures.py)."""

import pytest

from extract.relations.families import departures
from kg.core.facts import Kind, Modality

pytestmark = pytest.mark.slow


def test_departure_is_an_end(read, keyed):
    out = read("Ines Vidal stepped down as chief executive of Norrland Paper on Tuesday.")
    assert ("norrland-paper", "chief_executive", "ines-vidal", Kind.END, Modality.ASSERTED) in keyed(out)


def test_negation(read):
    out = read("Ines Vidal did not resign as chief executive of Norrland Paper.")
    ceo = [s for s in out.statements if s.predicate == "chief_executive"]
    assert ceo and all(s.modality is Modality.NEGATED for s in ceo)


def test_a_possible_departure_is_hedged(family):
    found = family(departures, "Ines Vidal could resign as chief executive of Norrland Paper.")
    assert [(c.predicate, c.kind, c.modality) for c in found] == [("chief_executive", Kind.END, Modality.HEDGED)]


def test_leaving_a_named_company_ends_the_employment(family):
    found = family(departures, "Ines Vidal left Norrland Paper in 2019.")
    assert [(c.subject, c.predicate, c.object, c.kind, str(c.valid_from)) for c in found] == [
        ("Ines Vidal", "employer", "Norrland Paper", Kind.END, "2019")]


def test_a_step_that_is_not_down_is_no_departure(family):
    assert family(departures, "Ines Vidal stepped onto the stage as chief executive of Norrland Paper.") == []


def test_a_role_nouns_appositive_hung_on_its_of_object_is_the_one_who_left(read):
    out = read("The chief executive of Norsk Rail, Henrik Lunde, has resigned with immediate effect, the "
               "operator said on Monday.", date="2023-05-22")
    ends = {(s.subject, s.object.id, s.kind) for s in out.statements if s.predicate == "chief_executive"}
    assert ("norsk-rail", "henrik-lunde", Kind.END) in ends
