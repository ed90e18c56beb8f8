"""Times given by events, resolved from the graph: "when it bought X", "when Y left",
"before <a holder>", "Whom did X replace?"."""

import pytest

from kg.answer.answers import first_sentence

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("question, gold, stale", [
    ("Who ran Quillon Foods when it bought Tallow Dairies?", "Devan Pike", "Ilse Varga"),
    ("Who was Quillon Foods' chief executive when it acquired Penrose Bakeries?", "Mara Ostrem", "Devan Pike"),
    ("Who was in charge of Quillon Foods before Devan Pike?", "Mara Ostrem", "Ilse Varga"),
    ("Whom did Ilse Varga replace as boss of Quillon Foods?", "Devan Pike", "Mara Ostrem"),
    ("Who was in charge of Quillon Foods when Mara Ostrem left?", "Devan Pike", "Ilse Varga"),
])
def test_event_dates_the_question(kinds_service, question, gold, stale):
    answer = kinds_service.ask(question)
    first = first_sentence(answer.text)
    assert gold in first and stale not in first, answer.text
    assert answer.as_of is not None  # answered as of the event, not now


def test_the_event_fact_is_cited(kinds_service):
    answer = kinds_service.ask("Who ran Quillon Foods when it bought Tallow Dairies?")
    assert any(row.object == "Tallow Dairies" for row in answer.facts)

