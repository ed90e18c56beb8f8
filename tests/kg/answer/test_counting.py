"""Counting and lists over time: the number first, then every item in time order."""

import pytest

from kg.answer.answers import first_sentence

pytestmark = pytest.mark.slow


def test_how_many(kinds_service):
    first = first_sentence(kinds_service.ask("How many companies has Quillon Foods acquired?").text)
    assert first.startswith("3:"), first
    order = [first.index(n) for n in ("Penrose Bakeries", "Tallow Dairies", "Orchard Vale")]
    assert order == sorted(order), first  # oldest first


def test_history_lists_past_values_in_order(kinds_service):
    answer = kinds_service.ask("In which towns has Quillon Foods had its headquarters?")
    first = first_sentence(answer.text)
    assert "Brantwick" in first and "Colmere" in first, answer.text
    assert first.index("Brantwick") < first.index("Colmere")


def test_present_tense_stays_current(kinds_service):
    first = first_sentence(kinds_service.ask("Where is Quillon Foods based?").text)
    assert "Colmere" in first and "Brantwick" not in first, first
