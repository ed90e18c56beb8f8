"""Held-back claims are numbered citations like facts: the [n] in the answer is a row of
`answer.facts` that carries the claim's source (so the app opens it) and says it is no fact;
the prompt lists it as such."""

import re

import pytest

from kg.answer.answers import first_sentence

pytestmark = pytest.mark.slow


def test_no_cites_the_claim_by_number(kinds_service):
    answer = kinds_service.ask("Did Quillon Foods buy Hestia Mills?")
    first = first_sentence(answer.text)
    assert first.startswith("No") and "held back as hedged" in first, answer.text
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", first)]
    assert numbers, first
    row = answer.facts[numbers[0] - 1]
    assert row.status == "held back (hedged)" and row.object == "Hestia Mills", row
    assert row.sources and row.sources[0].title == "Quillon in talks for Hestia"
    assert row.fact is not None and row.fact.statements == (row.id,)  # what the app's citation reads
    assert "in talks to buy Hestia Mills" in answer.text


def test_prompt_marks_the_claim_as_not_a_fact(kinds_service):
    answer = kinds_service.ask("Did Quillon Foods buy Hestia Mills?")
    n = next(i for i, row in enumerate(answer.facts, 1) if row.status.startswith("held back"))
    line = next(line for line in answer.prompt.splitlines() if line.startswith(f"[{n}] "))
    assert "a claim, not a fact" in line and "Quillon in talks for Hestia" in line, line


def test_yes_has_no_held_back_rows(kinds_service):
    answer = kinds_service.ask("Did Quillon Foods buy Tallow Dairies?")
    assert answer.facts and not any(row.status.startswith("held back") for row in answer.facts)
