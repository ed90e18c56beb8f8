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


# Issue 13's miss: a founding in a participial clause with two founders (NER tags the small
# firm as a person, which the founded slot outvotes). Then variants written after it.
FOUNDERS = {("Tallis Software", "founded_by", "Ruth Adeyemi"), ("Tallis Software", "founded_by", "Kofi Mensah")}


def test_two_founders_in_a_participial_clause(family, triples):
    found = family(founding, "Tallis Software, founded in 2009 by Ruth Adeyemi and Kofi Mensah, makes payroll tools.")
    assert FOUNDERS <= triples(found)
    assert ("Tallis Software", "inception", "2009") in triples(found)


@pytest.mark.parametrize("text", [
    "Founded by Ruth Adeyemi and Kofi Mensah in 2009, Tallis Software makes payroll tools.",  # fronted
    "Ruth Adeyemi and Kofi Mensah, who founded Tallis Software in 2009, spoke on Monday.",  # relative clause
])
def test_variants_of_the_two_founders(family, triples, text):
    assert FOUNDERS <= triples(family(founding, text))


def test_set_up_tagged_as_a_past_tense_with_an_agent_is_still_passive(family, triples):
    found = family(founding, "Corvid Biotech, a vaccine maker set up in 2011 by Lena Hart and Omar Said, "
                             "raised money on Monday.")
    assert {("Corvid Biotech", "founded_by", "Lena Hart"), ("Corvid Biotech", "founded_by", "Omar Said")} <= triples(found)


@pytest.mark.xfail(reason="variant not reached: 'co-founded X with B' (the co-founder after 'with')", strict=True)
def test_a_cofounder_after_with(family, triples):
    assert FOUNDERS <= triples(family(founding, "Ruth Adeyemi co-founded Tallis Software with Kofi Mensah in 2009."))


def test_founders_named_beside_a_noun_are_all_founders(read):
    out = read("Tallis Software was founded in 2009 by three friends — Ruth Adeyemi, Tom Berg and Ines Vidal — "
               "who opened an office in Leeds.")
    founders = {s.object.id for s in out.statements if s.predicate == "founded_by"}
    assert founders == {"ruth-adeyemi", "tom-berg", "ines-vidal"}, founders


def test_a_founding_noun_with_its_own_date_gives_the_inception(family):
    found = family(founding, "Since its founding in 1857, The Sacramento Bee has become the largest paper in the city.")
    assert [(c.subject, c.predicate, c.object) for c in found] == [("Sacramento Bee", "inception", "1857")]
    assert family(founding, "Tallis Software celebrated its founding with a party on Monday.") == []


def test_incorporated_in_a_year_founds_and_incorporated_into_joins(family):
    found = family(founding, "Incorporated in 1988 by the state, Roketsan has grown quickly.")
    assert ("Roketsan", "inception", "1988") in {(c.subject, c.predicate, c.object) for c in found}
    assert family(founding, "Pinto Mills was incorporated into Greyfield Foods in 1990.") == []


def test_a_founding_with_an_agent_and_no_object_founded_its_subject(read):
    # the small parser reads "Lumen, set up in 1994 by ..." with "set" as the main verb
    out = read("Tessaro has bought its smaller rival Lumen Optics for 450 million euros, the company said on "
               "Tuesday. Lumen, set up in 1994 by optician Carla Ruiz, has 300 shops across Spain.")
    facts = {(s.subject, s.predicate, getattr(s.object, "id", None)) for s in out.statements}
    assert ("lumen-optics", "founded_by", "carla-ruiz") in facts
    assert any(s.subject == "lumen-optics" and s.predicate == "inception" for s in out.statements)
