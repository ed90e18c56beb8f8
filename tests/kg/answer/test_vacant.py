"""An office left with no successor: say so, with the ending cited; no earlier holder."""

import pytest

from kg.answer.answers import first_sentence

pytestmark = pytest.mark.slow


def test_no_successor_is_recorded(kinds_service):
    answer = kinds_service.ask("Who is the chief executive of Hestia Mills?")
    first = first_sentence(answer.text)
    assert first.startswith("No one") and "Jonas Reeve" in first and "30 September 2024" in first, answer.text
    assert "no successor is recorded" in first and "[1]" in first
    assert answer.values == []


def test_the_past_holder_is_still_answered(kinds_service):
    first = first_sentence(kinds_service.ask("Who was the chief executive of Hestia Mills in 2020?").text)
    assert "Jonas Reeve" in first and not first.startswith("No one"), first
