"""The ingest report says why an article gave no facts (issue 14), instead of a silent "0 added"."""

from kg.graph.report import HeldBack, Report


def test_held_back_claims_say_why():
    report = Report("ingest", title="Otieno denies plan to quit",
                    held_back=[HeldBack("s1", "denied"), HeldBack("s2", "denied"), HeldBack("s3", "denied")])
    assert report.summary() == "Otieno denies plan to quit: 0 added, 3 claims held back: denied"


def test_mixed_reasons_are_counted():
    report = Report("ingest", title="Talks", held_back=[HeldBack("s1", "hedged"), HeldBack("s2", "denied")])
    assert report.summary() == "Talks: 0 added, 2 claims held back: hedged (1), denied (1)"


def test_an_article_with_no_facts_says_so():
    assert Report("ingest", title="Weather").summary() == \
        "Weather: 0 added, no statement of a fact found in the text"
