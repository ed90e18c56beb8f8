"""Chains of two facts: the answer and the bridge each cited, each with its own time."""

import re

import pytest

from kg.answer.answers import first_sentence

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("question, answer_name, bridge", [
    ("Who runs the company that Quillon Foods bought in 2020?", "Rook Hadley", "Tallow Dairies"),
    ("Who chairs the firm that Quillon Foods acquired?", "Sefa Anning", "Orchard Vale"),
])
def test_two_hops_each_cited_with_its_time(kinds_service, question, answer_name, bridge):
    answer = kinds_service.ask(question)
    first = first_sentence(answer.text)
    assert answer_name in first and bridge in first, answer.text
    assert len(set(re.findall(r"\[(\d+)\]", first))) >= 2, first  # both hops cited
    assert len(re.findall(r"\b(19|20)\d\d\b", first)) >= 2, first  # each with its date
