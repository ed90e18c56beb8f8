"""Other verb relations (extract/relations/families/verb_relations.py)."""

import pytest

from extract.relations.families import verb_relations

pytestmark = pytest.mark.slow


def test_a_catalogue_synonym_gives_the_predicate_in_its_direction(family):
    found = family(verb_relations, "Kestrel Networks owns Orvik Telecom.")
    assert [(c.subject, c.predicate, c.object, c.rule) for c in found] == [
        ("Kestrel Networks", "subsidiary", "Orvik Telecom", "verb:own")]


def test_any_other_verb_is_an_open_relation(family):
    found = family(verb_relations, "Ian Moyo will chair Orvik's board.")
    assert [(c.subject, c.predicate, c.rule, c.confidence) for c in found] == [("Ian Moyo", "rel:chair", "open", 0.5)]


def test_have_is_too_general_to_be_a_relation(family):
    assert family(verb_relations, "Ian Moyo has Orvik Telecom.") == []


def test_a_relative_pronoun_is_the_name_it_follows(read):
    out = read("Verdana Rail named Priya Raman as chief executive. Colm Doherty, who joined "
               "Verdana Rail in 2009, will retire.")
    joined = [(s.subject, s.object.id, str(s.valid_from)) for s in out.statements if s.predicate == "employer"]
    assert ("colm-doherty", "verdana-rail", "2009") in joined
