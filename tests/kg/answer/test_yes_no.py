"""Yes/no questions: yes or no first, with the deciding fact or held-back claim cited; never
an unrelated fact of the same entity."""

import pytest

from kg.answer.answers import first_sentence

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("question, cited", [
    ("Did Quillon Foods buy Tallow Dairies?", "Tallow Dairies"),
    ("Has Quillon Foods moved its head office to Colmere?", "Colmere"),
    ("Did Quillon Foods acquire Penrose Bakeries in 2016?", "Penrose Bakeries"),
    ("Is Quillon Foods based in Colmere?", "Colmere"),
])
def test_yes_with_the_fact(kinds_service, question, cited):
    answer = kinds_service.ask(question)
    first = first_sentence(answer.text)
    assert first.startswith("Yes") and cited in first and "[1]" in first, answer.text
    assert answer.facts[0].object == cited and answer.values == ["yes"]


def test_no_with_the_held_back_claim(kinds_service):
    answer = kinds_service.ask("Did Quillon Foods buy Hestia Mills?")
    assert first_sentence(answer.text).startswith("No"), answer.text
    assert "in talks to buy Hestia Mills" in answer.text and "Quillon in talks for Hestia" in answer.text
    assert "Penrose" not in first_sentence(answer.text)  # not an unrelated acquisition


@pytest.mark.parametrize("question", [
    "Is Quillon Foods based in Brantwick?",  # it was, until 2021: the present tense asks about now
    "Did Quillon Foods buy Tallow Dairies in 2018?",  # it did, but in 2020
])
def test_no_when_it_did_not_hold(kinds_service, question):
    answer = kinds_service.ask(question)
    assert first_sentence(answer.text).startswith("No"), answer.text
    assert answer.values == ["no"]


def test_unknown_second_name_is_no_answer(kinds_service):
    answer = kinds_service.ask("Did Quillon Foods buy Zyxxo Widgets?")
    assert not first_sentence(answer.text).startswith("Yes"), answer.text


def test_present_no_names_the_current_value(kinds_service):
    answer = kinds_service.ask("Is Quillon Foods based in Brantwick?")
    assert "Colmere" in answer.text, answer.text
