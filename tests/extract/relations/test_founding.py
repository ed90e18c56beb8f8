"""Founding (extract/relations/families/founding.py)."""

import pytest

from extract.relations.families import founding

pytestmark = pytest.mark.slow


def test_the_founder_noun_names_the_founder(family):
    found = family(founding, "Ruth Adeyemi, the co-founder of Tallis Software, spoke on Monday.")
    assert [(c.subject, c.predicate, c.object, c.rule) for c in found] == [
        ("Tallis Software", "founded_by", "Ruth Adeyemi", "founder-of")]


def test_founded_in_a_participle_gives_the_year_and_the_founder(read):
    out = read("Tallis Software, the payroll company founded in 2009 by Ruth Adeyemi, makes payroll tools.")
    facts = {(s.subject, s.predicate, getattr(s.object, "id", getattr(s.object, "text", None))) for s in out.statements}
    assert ("tallis-software", "founded_by", "ruth-adeyemi") in facts
    assert any(s.predicate == "inception" and s.subject == "tallis-software" for s in out.statements)


def test_set_without_up_founds_nothing(family):
    assert family(founding, "Tallis Software set a record in 2009.") == []


def test_a_hyphen_tagged_as_a_verb_is_not_a_relation(read):
    # Found by the 1,000-article benchmark: "who co-founded Justin.tv" gave the open relation "-",
    # which has no name, and the whole article failed.
    out = read("Michael Seibel, who co-founded Justin.tv, became CEO of YC Core, the program "
               "that Paul Buchheit had run since 2016.")
    assert out.statements and all(any(c.isalpha() for c in s.predicate) for s in out.statements)
