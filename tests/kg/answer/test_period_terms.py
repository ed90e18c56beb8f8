"""A period named by both ends ("from 2004 to 2005") is read as a term: among the values holding
in it, the one whose own interval matches it comes first (kg/answer/timescope.py TimeScope.fit)."""

import datetime as dt

import pytest

from kg.runtime.settings import Settings
from kg.app.service import Evergreen
from tests.conftest import FixedClock


@pytest.fixture
def board():
    clock = FixedClock(dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc))
    with Evergreen(Settings(store="memory", user="tester"), clock=clock) as svc:
        svc.add("Kestrel Mills", "board member", "Carl Dahl", "2003", "2008")  # covers the period
        svc.add("Kestrel Mills", "board member", "Ann Berg", "2004-03", "2005-10")  # its own term
        svc.add("Kestrel Mills", "board member", "Eva Lind", "2015")  # outside it
        yield svc


def test_the_value_whose_term_matches_the_named_period_comes_first(board):
    answer = board.ask("Who was a board member of Kestrel Mills from 2004 to 2005?")
    assert answer.answered and answer.values[:1] == ["Ann Berg"], answer.text
    assert "Eva Lind" not in answer.values


def test_a_year_still_asks_who_held_it_longest(board):
    """ "in 2004" is not a term: the value covering more of the year stays first."""
    answer = board.ask("Who was a board member of Kestrel Mills in 2004?")
    assert answer.answered and answer.values[:1] == ["Carl Dahl"], answer.text
