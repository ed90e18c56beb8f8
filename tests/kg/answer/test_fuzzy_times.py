"""Fuzzy and relative times: the span the words give (kg/answer/fuzzytime.py), and answers that
name every holder within it."""

import datetime as dt

import pytest

from kg.answer.answers import first_sentence
from kg.answer.fuzzytime import fuzzy_span
from kg.answer.timescope import parse_scope

TODAY = dt.date(2026, 1, 1)


@pytest.mark.parametrize("text, start, end", [
    ("in mid-2022", dt.date(2022, 5, 1), dt.date(2022, 8, 31)),
    ("in early 2017", dt.date(2017, 1, 1), dt.date(2017, 4, 30)),
    ("at the end of 2018", dt.date(2018, 10, 1), dt.date(2018, 12, 31)),
    ("in the late 1980s", dt.date(1987, 1, 1), dt.date(1989, 12, 31)),
    ("in the 1970s", dt.date(1970, 1, 1), dt.date(1979, 12, 31)),
    ("last year", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ("three years ago", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
])
def test_spans(text, start, end):
    found = fuzzy_span(f"Who ran Quillon Foods {text}?", TODAY)
    assert found is not None and found[:2] == (start, end)


@pytest.mark.parametrize("text", ["Who runs Quillon Foods?", "Who ran it today?", "Who ran it in 2019?"])
def test_no_fuzzy_time(text):
    assert fuzzy_span(text, TODAY) is None


def test_scope_is_a_period():
    scope = parse_scope("Who ran Quillon Foods in the late 1990s?", TODAY)
    assert scope.kind == "period" and scope.start == dt.date(1997, 1, 1) and scope.end == dt.date(1999, 12, 31)
    assert parse_scope("Who ran Quillon Foods before mid-2019?", TODAY).day == dt.date(2019, 4, 30)


@pytest.mark.slow
def test_every_holder_in_the_span(kinds_service):
    first = first_sentence(kinds_service.ask("Who ran Quillon Foods in mid-2019?").text)
    assert "Mara Ostrem" in first and "Devan Pike" in first, first  # Pike took over on 15 June
    late = first_sentence(kinds_service.ask("Who ran Quillon Foods in late 2019?").text)
    assert "Devan Pike" in late and "Ostrem" not in late, late


@pytest.mark.slow
def test_relative_time(kinds_service):
    first = first_sentence(kinds_service.ask("Who was the chief executive of Quillon Foods two years ago?").text)
    assert "Ilse Varga" in first and "Pike" in first, first  # 2024: Pike until 1 February, then Varga
