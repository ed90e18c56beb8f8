"""The question's form from the real spaCy parse and the cue data (kg/question_cues.yaml)."""

import pytest

from kg.answer.question import read_form

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp(models):
    return models[0]


@pytest.mark.parametrize("question, yes_no", [
    ("Did Quillon Foods buy Hestia Mills?", True),
    ("Has Quillon Foods moved its head office to Colmere?", True),
    ("Is Ilse Varga the chief executive of Quillon Foods?", True),
    ("Who runs Quillon Foods?", False),
    ("Which firms has Quillon Foods bought?", False),
])
def test_yes_no(nlp, question, yes_no):
    assert read_form(nlp(question)).yes_no is yes_no


def test_count_and_history(nlp):
    form = read_form(nlp("How many firms has Quillon Foods bought?"))
    assert form.count and form.history
    assert not read_form(nlp("Who runs Quillon Foods?")).history
    assert read_form(nlp("In which towns has Quillon Foods had its head office?")).history


def test_event_clause(nlp):
    form = read_form(nlp("Who ran Quillon Foods when it bought Tallow Dairies?"))
    assert form.event == "it bought Tallow Dairies" and form.event_text.startswith("when ")
    assert not form.event_ends
    left = read_form(nlp("Who ran Quillon Foods when Devan Pike left?"))
    assert left.event.endswith("Devan Pike left") and left.event_ends
    assert read_form(nlp("Who ran Quillon Foods in 2020?")).event == ""


def test_predecessor(nlp):
    assert read_form(nlp("Whom did Ilse Varga replace at Quillon Foods?")).predecessor
    assert not read_form(nlp("Who runs Quillon Foods?")).predecessor
