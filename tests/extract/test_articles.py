import datetime as dt
import json

import pytest

from extract.articles import article_from_text, article_from_upload, load_paths
from kg.core.errors import ArticleError
from kg.graph.report import Report

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def test_markdown_front_matter(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("---\ntitle: Hello\ndate: 2022-03-04\nurl: https://x.test/a\n---\n# Heading\nBody **text**.\n")
    (article,) = list(load_paths([f], now=NOW))
    assert article.title == "Hello" and str(article.published) == "2022-03-04"
    assert article.url == "https://x.test/a" and not article.published_uncertain
    assert "**" not in article.text and "Body text." in article.text


def test_date_falls_back_to_user_then_ingest_time(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Some news.")
    (given,) = list(load_paths([f], published="2020-05-01", now=NOW))
    assert str(given.published) == "2020-05-01" and not given.published_uncertain
    (unknown,) = list(load_paths([f], now=NOW))
    assert str(unknown.published) == "2026-01-01" and unknown.published_uncertain


def test_same_text_same_hash_whatever_the_wrapping():
    a = article_from_text("One two\nthree.", now=NOW)
    b = article_from_text("One  two three.\n", now=NOW)
    assert a.content_hash == b.content_hash


def test_latin1_text_is_decoded():
    (article,) = article_from_upload("a.txt", "Zoë met the café owner in Malmö.".encode("latin-1"), now=NOW)
    assert "café" in article.text


def test_jsonl_batch_bad_line_fails_alone(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(json.dumps({"text": "First.", "date": "2021-01-02", "title": "T1"}) + "\nnot json\n"
                 + json.dumps({"text": "Third."}) + "\n")
    items = list(load_paths([f], now=NOW))
    assert [type(i).__name__ for i in items] == ["Article", "Report", "Article"]
    assert items[1].status == "failed" and "line 2" in items[1].error


def test_html_main_text_and_date():
    html = ("<html><head><title>Big news</title><meta property='article:published_time' content='2021-07-08'>"
            "</head><body><nav>Menu</nav><article><p>" + "The harbour board approved the plan. " * 20
            + "</p></article></body></html>").encode()
    (article,) = article_from_upload("page.html", html, now=NOW)
    assert "harbour board" in article.text and str(article.published) == "2021-07-08"


@pytest.mark.parametrize("name,data,words", [
    ("empty.txt", b"   \n", "empty"),
    ("bin.txt", b"\x00\x01\x02binary\x00", "binary"),
    ("a.docx", b"hello", "unsupported"),
    ("a.pdf", b"%PDF-1.4 garbage that is not a pdf", "broken"),
    ("a.pdf", b"not a pdf at all", "not a PDF"),
    ("a.html", b"<html><body></body></html>", "no article text"),
    ("a.md", b"---\ndate: 3025-01-01\n---\nText.", "not plausible"),
])
def test_bad_input_one_line_error(name, data, words):
    with pytest.raises(ArticleError) as err:
        article_from_upload(name, data, now=NOW)
    assert words in str(err.value) and "\n" not in str(err.value)


def test_pdf_without_text_layer():
    from pypdf import PdfWriter
    import io

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ArticleError, match="no text layer"):
        article_from_upload("scan.pdf", buf.getvalue(), now=NOW)


def test_oversized_file_is_refused(tmp_path):
    f = tmp_path / "big.txt"
    f.write_bytes(b"word " * 300_000)
    (report,) = list(load_paths([f], max_mb=1.0, now=NOW))
    assert isinstance(report, Report) and report.status == "failed" and "limit" in report.error


def test_absurd_user_date():
    with pytest.raises(ArticleError):
        article_from_text("Text.", published="0201-01-01", now=NOW)
