"""Names over time: a unit's first name and its redesignations read from a history, and a
question about its official name (or title, or designation) in a period."""

import datetime as dt

import pytest

from extract.articles import article_from_text

pytestmark = pytest.mark.slow
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)

TEXT = ("Attack Squadron Fifteen was an aviation unit of the United States Navy. It was established as "
        "Torpedo Squadron 4 on 10 January 1942, redesignated VA-2A on 15 November 1946, and finally "
        "redesignated VA-15 on 2 August 1948.")


@pytest.fixture
def squadron(ingest_service):
    article = article_from_text(TEXT, title="Attack Squadron Fifteen", published="2024-03-06", now=NOW)
    list(ingest_service.ingest_articles([article]))
    return ingest_service


@pytest.mark.parametrize("question, gold", [
    ("What was the official name of Attack Squadron Fifteen from 1943 to 1945?", "Torpedo Squadron 4"),
    ("What was the official title of Attack Squadron Fifteen from Dec 1946 to Jul 1948?", "VA-2A"),
    ("What official designation was given to Attack Squadron Fifteen in 1950?", "VA-15"),
])
def test_the_name_of_the_asked_period(squadron, question, gold):
    answer = squadron.ask(question)
    assert answer.answered and answer.values[:1] == [gold], answer.text
