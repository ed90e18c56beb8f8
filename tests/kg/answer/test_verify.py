import pytest

from kg.answer.answers import Answer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def answer(graph_service):
    return graph_service.ask("Who is the chief executive of Halvorsen Marine?")


@pytest.mark.parametrize("text, ok", [
    ("Tomas Berg is the chief executive of Halvorsen Marine [1].", True),
    ("Berg has led Halvorsen Marine since 2023 [1].", True),
    ("Ingrid Dahl is the chief executive [2].", False),  # not the answer
    ("Tomas Berg, together with Elon Musk, runs Halvorsen Marine.", False),  # a name from nowhere
    ("", False),
])
def test_llm_text_is_checked_against_the_graph(graph_service, answer, text, ok):
    verified, why = graph_service.verify(answer, text)
    assert verified is ok and why


def test_no_answer_agreement(graph_service):
    none = graph_service.ask("What is the revenue of Halvorsen Marine?")
    assert graph_service.verify(none, "The graph holds no answer.")[0] is True
    assert graph_service.verify(none, "Revenue was 5 billion dollars.")[0] is False


def test_naming_one_of_two_holders_is_not_agreement(graph_service, answer):
    """Regression: an LLM naming one of two co-holders was labelled as agreeing with the graph."""
    facts = graph_service.facts("Halvorsen Marine", history=True)
    both = Answer(answer.question, "Tomas Berg and Ingrid Dahl [1][2].", None, "graph", facts,
                  answer.prompt, True, ["Tomas Berg", "Ingrid Dahl"])
    verified, why = graph_service.verify(both, "Tomas Berg is the chief executive [1].")
    assert verified is False and "only part" in why and "Ingrid Dahl" in why
    assert graph_service.verify(both, "Tomas Berg and Ingrid Dahl share the role.")[0] is True
