"""Figures (extract/relations/families/figures.py)."""

import signal

import pytest

from extract.relations.families import figures

pytestmark = pytest.mark.slow


def test_population_with_dates(read):
    out = read("Kelso's population reached 12,400 in 2022, up from 11,000 in 2012.")
    values = {(s.object.text, str(s.valid_from)) for s in out.statements if s.predicate == "population"}
    assert values == {("12400", "2022"), ("11000", "2012")}


def test_revenue_with_its_scale_and_currency(family):
    found = family(figures, "Tallis Software reported revenue of $2 billion in 2023.")
    assert [(c.subject, c.predicate, c.object, c.unit, str(c.valid_from)) for c in found] == [
        ("Tallis Software", "revenue", "2000000000", "USD", "2023")]


def test_a_year_is_not_a_figure(family):
    assert family(figures, "Tallis Software was founded in 1998.") == []


def test_figure_in_a_sentence_without_a_verb_root_finishes(read):
    # A figure whose clause has no verb at its root once sent the holder search round the
    # root forever (spaCy makes a new Token object on each access, so `is` never matched).
    def too_slow(*_):
        raise TimeoutError("extraction did not finish in 20 s")

    old = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(20)
    try:
        out = read("Followers of the Baháʼí Faith in Zambia number over 160,000, or 1.5% of the "
                   "population. Approximately 1% of the population is Muslim or Hindu.")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    # It finished (else the alarm fails the test), and a share is not read as a head count.
    shares = [s for s in out.statements if s.predicate == "population"
              and getattr(s.object, "text", None) in {"1", "1.5"}]
    assert out.statements and not shares


def test_a_place_is_not_the_longer_name_it_begins(read):
    # "Malden" alone resolved to "Malden Herald", the only longer name starting with it, so the
    # town's population went to the newspaper. A place slot keeps the short name apart.
    out = read("The Malden Herald named Jo Bell as its editor on Monday. Malden has a "
               "population of 60,000 people, the council said. Brackley Motors is based in Brackley.")
    population = [s for s in out.statements if s.predicate == "population"]
    assert [s.subject for s in population] == ["malden"]
    assert [s.object.id for s in out.statements if s.predicate == "headquarters"] == ["brackley"]


def test_descriptions_type_names_and_employs_counts_staff(read):
    # NER takes "Tallis Software" for a person; "the payroll company" beside it says otherwise,
    # so "The company" finds it (never a person) and "employs 1,400 people" is its staff.
    out = read("Tallis Software, the payroll company founded in 2009 by Ruth Adeyemi, has "
               "renamed itself Ledgerline. The company now employs 1,400 people.")
    facts = {(s.subject, s.predicate, getattr(s.object, "id", getattr(s.object, "text", None))) for s in out.statements}
    assert ("tallis-software", "founded_by", "ruth-adeyemi") in facts
    assert ("tallis-software", "employees", "1400") in facts
    assert not any(p == "population" for _, p, _ in facts)


def test_the_company_is_never_a_person(read):
    out = read("Ruth Adeyemi stepped down on Friday. The company employs about 1,750 staff.")
    assert not any(s.subject == "ruth-adeyemi" for s in out.statements if s.predicate == "employees")
    # With a company named, the figure is found, and it is the company's.
    out = read("Ruth Adeyemi stepped down as chief executive of Tallis Software on Friday. "
               "The company employs about 1,750 staff.")
    staff = [s for s in out.statements if s.predicate == "employees"]
    assert staff and all(s.subject != "ruth-adeyemi" for s in staff)
