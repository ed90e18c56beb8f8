"""Head offices (extract/relations/families/head_office.py)."""

import pytest

from extract.relations.families import head_office
from kg.core.facts import Modality

pytestmark = pytest.mark.slow


def test_headquarters_move(read):
    out = read("Talvik Shipping has moved its headquarters from Bergen to Oslo.")
    facts = {(s.object.id, str(s.valid_from), str(s.valid_until)) for s in out.statements if s.predicate == "headquarters"}
    assert ("oslo", "2024-03-06", "None") in facts and ("bergen", "None", "2024-03-06") in facts


def test_the_head_office_as_the_subject_of_the_move(read):
    # The intransitive use: what moves is the head office itself, its owner the possessive.
    out = read("Talvik Shipping, the ferry operator, grew fast. Its head office moved from Bergen to Oslo in March 2021.")
    facts = {(s.subject, s.object.id, str(s.valid_from), str(s.valid_until)) for s in out.statements
             if s.predicate == "headquarters"}
    assert ("talvik-shipping", "oslo", "2021-03", "None") in facts
    assert ("talvik-shipping", "bergen", "None", "2021-03") in facts


def test_based_in_is_the_headquarters(family, triples):
    found = family(head_office, "Brackley Motors is based in Brackley.")
    assert triples(found) == {("Brackley Motors", "headquarters", "Brackley")}


def test_a_considered_move_is_hedged(family):
    found = family(head_office, "Talvik Shipping is considering moving its headquarters to Oslo.")
    assert [(c.object, c.modality) for c in found] == [("Oslo", Modality.HEDGED)]


def test_a_new_head_office_is_the_headquarters_and_a_board_is_its_owners(read):
    out = read("Kestrel Networks bought Orvik Telecom. Orvik Telecom opened its new head office in "
               "Oslo on Thursday. Brisk Foods opened an office in Paris. Ian Moyo will chair Orvik's board.",
               date="2023-12-02")
    hq = {(s.subject, s.object.id) for s in out.statements if s.predicate == "headquarters"}
    assert hq == {("orvik-telecom", "oslo")}
    chaired = [s.object.id for s in out.statements if s.subject == "ian-moyo" and s.predicate.startswith("rel:chair")]
    assert chaired == ["orvik-telecom"]


def test_any_office_is_not_the_head_office(family):
    assert family(head_office, "Brisk Foods opened an office in Paris.") == []


def test_a_head_office_moved_from_a_place_hung_on_the_noun_ends_there(read):
    out = read("Tessaro has relocated its head office from Milan to Turin, a spokeswoman said on Monday.",
               date="2021-01-11")
    heads = {(s.object.id, str(s.valid_from), str(s.valid_until)) for s in out.statements if s.predicate == "headquarters"}
    assert heads == {("turin", "2021-01-11", "None"), ("milan", "None", "2021-01-11")}
