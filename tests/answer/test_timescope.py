import datetime as dt

import pytest

from kg.answer.timescope import parse_scope

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
