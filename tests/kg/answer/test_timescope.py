import datetime as dt

import pytest

from kg.answer.timescope import parse_scope
from kg.core.facts import Fact, Ref, Status, TimePoint

TODAY = dt.date(2026, 1, 1)


@pytest.mark.parametrize("question, kind, start, end", [
    ("Who is the CEO of Acme?", "now", None, None),
    ("Who was CEO of Acme in 2019?", "period", dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
    ("Who was CEO of Acme in March 2022?", "period", dt.date(2022, 3, 1), dt.date(2022, 3, 31)),
    ("Who was CEO of Acme on 1 October 2022?", "at", dt.date(2022, 10, 1), dt.date(2022, 10, 1)),
    ("Who was CEO of Acme on October 1, 2022?", "at", dt.date(2022, 10, 1), dt.date(2022, 10, 1)),
    ("Who was CEO of Acme on 2022-10-01?", "at", dt.date(2022, 10, 1), dt.date(2022, 10, 1)),
    ("Who ran Acme before 2020?", "at", dt.date(2019, 12, 31), dt.date(2019, 12, 31)),
    ("Who coached Acme from 1990 to 1994?", "period", dt.date(1990, 1, 1), dt.date(1994, 12, 31)),
    ("Who coached Acme from Oct 2012 to Jul 2013?", "period", dt.date(2012, 10, 1), dt.date(2013, 7, 31)),
    ("Who chaired Acme between May 2008 and 2010?", "period", dt.date(2008, 5, 1), dt.date(2010, 12, 31)),
    ("Where did Ann work during the year 1996 to 1998?", "period", dt.date(1996, 1, 1), dt.date(1998, 12, 31)),
    ("Where did Ann work from April 1963 until May 1973?", "period", dt.date(1963, 4, 1), dt.date(1973, 5, 31)),
])
def test_scopes(question, kind, start, end):
    scope = parse_scope(question, TODAY)
    assert (scope.kind, scope.start, scope.end) == (kind, start, end)


def test_before_a_name_waits_for_the_graph():
    scope = parse_scope("Who was CEO of Acme before Tomas Berg?", TODAY)
    assert scope.kind == "before" and not scope.resolved and scope.anchor == "Tomas Berg"


def test_explicit_as_of_stands_in_for_now_but_the_question_wins():
    assert parse_scope("Who is the CEO?", TODAY, dt.date(2020, 5, 1)).day == dt.date(2020, 5, 1)
    assert parse_scope("Who was CEO in 2019?", TODAY, dt.date(2020, 5, 1)).end == dt.date(2019, 12, 31)


def test_an_impossible_date_is_not_a_date():
    assert parse_scope("Who was CEO on 31 February 2022?", TODAY).kind == "period"  # the year stays


def test_year_range():
    scope = parse_scope("Where did she work from 2004 to 2005?", TODAY)
    assert (scope.kind, scope.start, scope.end) == ("period", dt.date(2004, 1, 1), dt.date(2005, 12, 31))


def _term(object_id: str, start: str | None, end: str | None) -> Fact:
    status = Status.CURRENT if end is None else Status.SUPERSEDED
    return Fact(f"f-{object_id}", "ann", "employer", Ref(object_id), status,
                TimePoint.parse(start), TimePoint.parse(end))


def test_a_term_matching_a_named_period_fits_it_best():
    """ "from 2004 to 2005" names a term: the value held for those years fits better than one
    held since long before, or undated and still open, that merely covers them."""
    scope = parse_scope("Where did Ann work from 2004 to 2005?", TODAY)
    own, long_before, undated = _term("own", "2004", "2006"), _term("long", "1990", "2010"), _term("any", None, None)
    assert scope.holds(own) and scope.holds(long_before) and scope.holds(undated)
    assert scope.fit(own) > scope.fit(long_before) > 0.0
    assert scope.fit(own) > scope.fit(undated) > 0.0
    assert scope.fit(own) == pytest.approx(1.0, abs=0.01)


def test_a_term_of_unknown_start_ending_in_the_period_beats_the_next_one():
    """ "from 2006 to 2009": a value known only to end in 2009 fits better than the next value,
    which began in 2009 and ran on for years (an unknown start is not held against a fact)."""
    scope = parse_scope("Where did Ann work from 2006 to 2009?", TODAY)
    ended, next_one = _term("ended", None, "2009-01"), _term("next", "2009", "2015")
    assert scope.holds(ended) and scope.holds(next_one)
    assert scope.fit(ended) > scope.fit(next_one)


def test_a_year_or_a_day_is_not_a_term():
    """ "in 2005" asks who held it then, not whose term it was: no fit, overlap decides."""
    fact = _term("own", "2005", "2006")
    assert parse_scope("Where did Ann work in 2005?", TODAY).fit(fact) == 0.0
    assert parse_scope("Where did Ann work on 3 March 2005?", TODAY).fit(fact) == 0.0
    assert parse_scope("Where did Ann work in mid-2005?", TODAY).fit(fact) == 0.0
    assert parse_scope("Where did Ann work between 2005 and 2006?", TODAY).fit(fact) > 0.5
