"""Time-scoped questions about a biography: the graph built from text, the question mapped onto
the career predicates, the value valid at the asked time chosen."""

import datetime as dt

import pytest

from extract.articles import article_from_text

pytestmark = pytest.mark.slow
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)

TEXT = ("Tomas Vik (born 1980) is a Norwegian footballer who played as a striker.\n\n"
        "Club career.\n\n"
        "He joined league rivals Skansen Athletic for an undisclosed fee in July 2001, scoring "
        "twelve goals in his first season. In January 2004 Vik signed for Harstad United. "
        "He played for Molde Kameratene from 2006 to 2009.\n\n"
        "Personal life.\n\n"
        "Vik married Sigrid Aune in 2003. He studied at Bergen University from 1998 to 2000.")


@pytest.fixture
def vik(ingest_service):
    article = article_from_text(TEXT, title="Tomas Vik", published="2024-03-06", now=NOW)
    list(ingest_service.ingest_articles([article]))
    return ingest_service


@pytest.mark.parametrize("question, gold", [
    ("Which team did Tomas Vik play for in 2002?", "Skansen Athletic"),
    ("Tomas Vik played for which team from 2004 to 2005?", "Harstad United"),
    ("What club was Tomas Vik a member of from Feb 2007 to Mar 2008?", "Molde Kameratene"),
    ("Who was the spouse of Tomas Vik in 2010?", "Sigrid Aune"),
    ("Which school did Tomas Vik attend in 1999?", "Bergen University"),
])
def test_career_question_picks_the_value_of_the_asked_time(vik, question, gold):
    answer = vik.ask(question)
    assert answer.answered and answer.values[:1] == [gold], answer.text


def test_before_the_first_record_there_is_no_answer(vik):
    answer = vik.ask("Which team did Tomas Vik play for in 1995?")
    assert not answer.answered, answer.text
