"""Chains whose hops ask different times: each hop at the time its own words give, every hop
cited; names and questions invented (in no dev set)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kg.answer.answers import first_sentence
from kg.app.service import Evergreen
from kg.runtime.settings import Settings
from tests.conftest import FixedClock

pytestmark = pytest.mark.slow

FACTS = [
    ("Larkspur Freight", "chief executive", "Odile Markham", "2015-03-01"),
    ("Larkspur Freight", "chief executive", "Pavel Strand", "2020-01-10"),
    ("Veltra Logistics", "chief executive", "Odile Markham", "2020-02-01"),
    ("Larkspur Freight", "headquarters", "Dunmore", "2010"),
    ("Larkspur Freight", "headquarters", "Keswith", "2022-05"),
    ("Veltra Logistics", "headquarters", "Ambleton", "2012"),
    ("Carrow Athletic", "head coach", "Ivo Brandt", "2018-06-01"),
    ("Ravensholt FC", "head coach", "Sam Lyle", "2019-07-01"),
    ("Ravensholt FC", "head coach", "Ivo Brandt", "2023-07-01"),
]


@pytest.fixture(scope="module")
def chain_service(models):
    clock = FixedClock(dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc))
    with Evergreen(Settings(store="memory", user="tester"), clock=clock) as svc:
        for subject, predicate, obj, start in FACTS:
            svc.add(subject, predicate, obj, start)
        yield svc


def _cited(sentence: str) -> set[str]:
    return set(re.findall(r"\[(\d+)\]", sentence))


def test_bridge_at_its_year_answer_now(chain_service):
    # Markham ran Larkspur in 2019 (Veltra only from 2020); Larkspur's head office is Keswith now.
    answer = chain_service.ask("Where is the head office of the company Odile Markham ran in 2019?")
    first = first_sentence(answer.text)
    assert "Keswith" in first and "Larkspur Freight" in first, answer.text
    assert "Dunmore" not in first and "Ambleton" not in first, answer.text
    assert len(_cited(first)) >= 2, first  # both hops cited


def test_bridge_now_answer_before_it(chain_service):
    # Ravensholt's coach now is Brandt; before he joined (2023) he coached Carrow Athletic.
    answer = chain_service.ask("Which club did Ravensholt FC's current coach manage before?")
    first = first_sentence(answer.text)
    assert "Carrow Athletic" in first and "Ivo Brandt" in first, answer.text
    assert len(_cited(first)) >= 2, first


def test_one_time_question_is_unchanged(chain_service):
    answer = chain_service.ask("Where was the head office of Larkspur Freight in 2019?")
    assert "Dunmore" in first_sentence(answer.text), answer.text
