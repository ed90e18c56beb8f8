"""Names as people write them: a renamed entity is answered by the name it had at the asked
time and the current name is said too; "the former X" reaches it by its old name. Invented
names (in no dev set)."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.answer.answers import first_sentence
from kg.app.service import Evergreen
from kg.runtime.settings import Settings
from tests.conftest import FixedClock

pytestmark = pytest.mark.slow

FACTS = [
    ("Harrow Gate Mills", "official_name", "Harrowgate Textiles", "2021-04-01"),
    ("Harrow Gate Mills", "headquarters", "Wexcombe", "1998"),
    ("Harrow Gate Mills", "headquarters", "Pellingham", "2022-03"),
    ("Harrow Gate Mills", "chief executive", "Nessa Ardley", "2017-05-02"),
    ("Pellingham", "mayor", "Corin Vale", "2020-05-07"),
]


@pytest.fixture(scope="module")
def names_service(models):
    clock = FixedClock(dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc))
    with Evergreen(Settings(store="memory", user="tester"), clock=clock) as svc:
        for subject, predicate, obj, start in FACTS:
            svc.add(subject, predicate, obj, start)
        yield svc


def test_now_by_the_current_name(names_service):
    first = first_sentence(names_service.ask("Who runs Harrow Gate Mills?").text)
    assert "Nessa Ardley" in first and "Harrowgate Textiles" in first, first
    assert "Harrow Gate Mills" not in first, first


def test_past_by_the_name_it_had_then(names_service):
    answer = names_service.ask("Where was Harrow Gate Mills based in 2019?")
    first = first_sentence(answer.text)
    assert "Wexcombe" in first and "Harrow Gate Mills" in first, answer.text
    assert "Harrow Gate Mills is now called Harrowgate Textiles" in answer.text, answer.text


def test_the_former_name_in_a_chain(names_service):
    answer = names_service.ask("Who is the mayor of the town where the former Harrow Gate Mills has its head office?")
    first = first_sentence(answer.text)
    assert "Corin Vale" in first and "Pellingham" in first, answer.text


def test_before_it_was_renamed_is_the_day_before_its_latest_name(models):
    clock = FixedClock(dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc))
    with Evergreen(Settings(store="memory", user="tester"), clock=clock) as svc:
        svc.add("Harrow Gate Mills", "official_name", "Harrow Gate Weaving", "2010-01-01")
        svc.add("Harrow Gate Mills", "official_name", "Harrowgate Textiles", "2021-04-01")
        svc.add("Harrow Gate Mills", "headquarters", "Wexcombe", "1998")
        answer = svc.ask("What was Harrow Gate Mills called before it was renamed?")
        first = first_sentence(answer.text)
        assert "Harrow Gate Weaving" in first and "31 March 2021" in first, answer.text


def test_a_history_names_each_value_as_it_was_called_then(models):
    clock = FixedClock(dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc))
    with Evergreen(Settings(store="memory", user="tester"), clock=clock) as svc:
        svc.add("Orvik Group", "acquired", "Harrow Gate Mills", "2015-06-01")
        svc.add("Orvik Group", "acquired", "Pellingham Foods", "2018-02-01")
        svc.add("Harrow Gate Mills", "official_name", "Harrowgate Textiles", "2021-04-01")
        answer = svc.ask("Which companies has Orvik Group acquired?")
        first = first_sentence(answer.text)
        assert "Harrow Gate Mills" in first and "Pellingham Foods" in first, answer.text
        assert "Harrow Gate Mills is now called Harrowgate Textiles" in answer.text, answer.text
