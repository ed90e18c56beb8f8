import datetime as dt

import pytest

from extract.articles import article_from_text, load_paths
from kg.core.facts import Status

pytestmark = pytest.mark.slow
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def art(text, date, url=None):
    return article_from_text(text, published=date, now=NOW, url=url)


def current(service, entity, key):
    return [r.object for r in service.facts(entity) if r.predicate_key == key]


def test_second_article_supersedes(ingest_service):
    svc = ingest_service
    list(svc.ingest_articles([art("Kora Mining has appointed Ada Obi as chief executive.", "2020-01-10")]))
    (report,) = list(svc.ingest_articles([art("Kora Mining has appointed Tim Roe as chief executive.", "2022-06-01")]))
    assert current(svc, "Kora Mining", "chief_executive") == ["Tim Roe"]
    assert report.superseded and report.superseded[0].old.object == "Ada Obi"


def test_hedged_claim_does_not_overwrite(ingest_service):
    svc = ingest_service
    list(svc.ingest_articles([art("Kora Mining has appointed Ada Obi as chief executive.", "2020-01-10")]))
    (report,) = list(svc.ingest_articles([art(
        "Kora Mining is reportedly considering to appoint Tim Roe as chief executive.", "2022-06-01")]))
    assert current(svc, "Kora Mining", "chief_executive") == ["Ada Obi"]
    assert report.held_back


def test_older_article_does_not_overwrite_newer(ingest_service):
    svc = ingest_service
    list(svc.ingest_articles([art("Kora Mining has appointed Tim Roe as chief executive.", "2022-06-01")]))
    list(svc.ingest_articles([art("Kora Mining has appointed Ada Obi as chief executive.", "2020-01-10")]))
    assert current(svc, "Kora Mining", "chief_executive") == ["Tim Roe"]
    rows = svc.facts("Kora Mining", history=True)
    assert any(r.object == "Ada Obi" and r.status == Status.SUPERSEDED.value for r in rows)


def test_duplicate_is_not_counted_twice(ingest_service):
    svc = ingest_service
    a = art("Kora Mining has appointed Ada Obi as chief executive.", "2020-01-10")
    first, second = list(svc.ingest_articles([a, a]))
    assert (first.status, second.status) == ("ok", "duplicate")
    assert len(svc.sources()) == 1


def test_updated_url_replaces_old_version(ingest_service):
    svc = ingest_service
    url = "https://news.test/kora"
    list(svc.ingest_articles([art("Kora Mining has appointed Ada Obi as chief executive.", "2020-01-10", url)]))
    list(svc.ingest_articles([art("Kora Mining has appointed Ada Oduya as chief executive.", "2020-01-10", url)]))
    assert current(svc, "Kora Mining", "chief_executive") == ["Ada Oduya"]
    assert len(svc.sources()) == 1


def test_failed_file_leaves_graph_unchanged(ingest_service, tmp_path):
    svc = ingest_service
    good = tmp_path / "good.md"
    good.write_text("---\ndate: 2020-01-10\n---\nKora Mining has appointed Ada Obi as chief executive.\n")
    list(svc.ingest([good]))
    before = svc.export("nquads")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    reports = list(svc.ingest([bad, empty]))
    assert [r.status for r in reports] == ["failed", "failed"]
    assert svc.export("nquads") == before


def test_source_keeps_text_and_samples_ingest(ingest_service):
    svc = ingest_service
    reports = list(svc.ingest(["data/samples"]))
    assert reports and all(r.status == "ok" for r in reports)
    source, _, _ = svc.source(reports[0].source_id)
    assert source.text and "Brightwater" in source.text
    assert current(svc, "Brightwater Energy", "headquarters") == ["Glasgow"]
    assert current(svc, "Kestrel Foods", "acquired") != []


def test_a_departure_nobody_knew_about_is_kept_as_held_until(ingest_service):
    """"Rovers have sacked head coach Luis Ortega": with nothing known before, the end alone
    says he held the post until that day; the next appointment then follows it."""
    from extract.articles import article_from_text

    first = article_from_text("Fenwick Rovers have sacked head coach Luis Ortega after seven defeats.",
                              title="Rovers sack coach", published="2023-02-11")
    second = article_from_text("Fenwick Rovers have appointed Ingrid Halvorsen as their new head coach.",
                               title="Rovers appoint coach", published="2023-03-01")
    list(ingest_service.ingest_articles([first, second]))
    rows = {(r.object, str(r.valid_from), str(r.valid_until))
            for r in ingest_service.facts("Fenwick Rovers", history=True) if r.predicate == "head coach"}
    assert rows == {("Luis Ortega", "None", "2023-02-11"), ("Ingrid Halvorsen", "2023-03-01", "None")}
    answer = ingest_service.ask("Who coached Fenwick Rovers in 2022?")
    assert "Luis Ortega" in answer.text.split(".")[0]
