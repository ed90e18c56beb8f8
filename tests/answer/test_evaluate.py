from pathlib import Path

import pytest

from kg.answer.answers import first_sentence
from kg.app.evaluate import run_stream, score

STREAM = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "news-stream-dev"


def test_first_sentence_skips_abbreviations():
    assert first_sentence("Acme Inc. is owned by X Corp. [1]. More.") == "Acme Inc. is owned by X Corp. [1]."


@pytest.mark.parametrize("text, correct, stale", [
    ("Merz has been chancellor [1]. Scholz was before.", True, False),
    ("Scholz was replaced by Merz [1].", False, True),
    ("Merzig is a town.", False, False),  # whole words only
])
def test_score(text, correct, stale):
    assert score({"gold": ["Merz"], "stale": ["Scholz"]}, text) == (correct, stale)


def test_all_golds_required():
    q = {"gold": ["A Co", "B Co"], "all": True, "stale": []}
    assert score(q, "X acquired A Co and B Co.")[0] and not score(q, "X acquired A Co.")[0]


@pytest.mark.slow
@pytest.mark.skipif(not STREAM.is_dir(), reason="the shared eval set is not on this machine")
def test_news_stream_dev_end_to_end(service):
    result = run_stream(service, STREAM)
    assert result["accuracy"] >= 0.9, result["text"]
    assert result["stale_current"] == 0, result["text"]
