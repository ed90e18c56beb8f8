"""Roles stated as a description (extract/relations/families/copular_roles.py)."""

import pytest

from extract.relations.families import copular_roles
from kg.core.facts import Modality

pytestmark = pytest.mark.slow


def test_is_chief_executive_of_is_a_role_now(family):
    found = family(copular_roles, "Ines Vidal is chief executive of Norrland Paper.")
    assert [(c.subject, c.predicate, c.object, c.modality, c.rule) for c in found] == [
        ("Norrland Paper", "chief_executive", "Ines Vidal", Modality.ASSERTED, "role")]


def test_is_not_chief_executive_is_negated(family):
    found = family(copular_roles, "Ines Vidal is not chief executive of Norrland Paper.")
    assert [(c.predicate, c.modality) for c in found] == [("chief_executive", Modality.NEGATED)]


@pytest.mark.parametrize("text", [
    "Ines Vidal was chief executive of Norrland Paper.",  # once, but we do not know when
    "Former chief executive Ines Vidal spoke on Monday.",  # a past post
])
def test_a_past_or_undated_role_says_nothing(family, text):
    assert family(copular_roles, text) == []


def test_a_name_in_apposition_is_the_subject_and_an_event_beats_a_title(read):
    # "her deputy, Sam Ilunga, was elected": the subject is the name beside "deputy". The title
    # "Mayor Dana Okoro" dated at publication must not undo the election dated in October.
    out = read("Harwick has a population of 51,200. Mayor Dana Okoro did not seek "
               "re-election this year; her deputy, Sam Ilunga, was elected mayor in October.", date="2024-11-02")
    mayors = [(s.object.id, str(s.valid_from)) for s in out.statements if s.predicate == "mayor"]
    assert mayors == [("sam-ilunga", "2024-10")]
