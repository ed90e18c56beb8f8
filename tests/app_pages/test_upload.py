"""Upload through AppTest with the real extraction: reports, supersession, duplicates, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_pages.conftest import no_failure, open_app, table_text, texts
from tests.app_pages.test_pages import click, plain

ARTICLES = Path(__file__).parent / "articles"
FIRST, SECOND = sorted(ARTICLES.glob("*.md"))

pytestmark = pytest.mark.slow  # loads the spaCy and embedding models


def upload(at, *files: tuple[str, bytes]):
    at.file_uploader(key="upload_files").set_value([(n, d, "text/markdown") for n, d in files])
    return at.run()


def test_two_articles_then_the_report_names_the_superseded_fact(empty_store):
    at = open_app("upload")
    at = upload(at, (FIRST.name, FIRST.read_bytes()), (SECOND.name, SECOND.read_bytes()))
    no_failure(at)
    at = click(at, "Ingest")
    no_failure(at)
    said = plain(texts(at)) + "\n" + "\n".join(plain(e.label) for e in at.expander)
    assert "2 articles ingested" in said
    assert "1 superseded" in said
    superseded = [line for line in said.splitlines() if "→" in line]
    assert any("chief executive · Lena Aas" in line and "Jonas Lie (since 2024-09-03)" in line
               for line in superseded), superseded
    assert "Lena Aas" in table_text(at)

    # the same file again: said so, nothing changes
    at = upload(at, (SECOND.name, SECOND.read_bytes()))
    at = click(at, "Ingest")
    no_failure(at)
    assert "already ingested" in plain(texts(at))


def test_a_bad_file_fails_alone_and_the_paste_box_works(empty_store):
    at = open_app("upload")
    at.file_uploader(key="upload_files").set_value([
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "application/pdf"),
        (FIRST.name, FIRST.read_bytes(), "text/markdown"),
    ])
    at.run()
    at.text_input(key="upload_paste_title").input("Pasted note")
    at.text_input(key="upload_paste_date").input("2025-01-05")
    at.text_area(key="upload_paste").input(
        "Polar Freight appointed Siri Dahl as chief executive on Monday.")
    at = click(at, "Ingest")
    assert not at.exception
    errors = [plain(e.value) for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("broken.pdf")
    said = plain(texts(at)) + "\n".join(plain(e.label) for e in at.expander)
    assert "2 articles ingested, 1 failed" in said
    assert "Siri Dahl" in table_text(at)


def test_the_files_dates_are_one_table(empty_store):
    """Regression: one date field per file pushed the Ingest button off screen (14 files, 14 fields).
    Editing the table needs a browser: tests/browser/test_progress.py types a date into it."""
    at = open_app("upload")
    at = upload(at, (FIRST.name, FIRST.read_bytes()), (SECOND.name, SECOND.read_bytes()))
    no_failure(at)
    assert not [t for t in at.text_input if t.label.startswith("Published")
                and t.key != "upload_paste_date"]
    [table] = at.dataframe  # data_editor shows as a dataframe in AppTest
    assert list(table.value["file"]) == [FIRST.name, SECOND.name]


def test_an_ingested_article_shows_its_sentences_highlighted(empty_store):
    at = upload(open_app("upload"), (FIRST.name, FIRST.read_bytes()))
    at = click(at, "Ingest")
    at = at.switch_page("app_pages/sources.py").run()
    box = at.selectbox(key="sources_open")
    box.select_index(next(i for i, o in enumerate(box.options) if "Lena Aas" in o))
    at.run()
    no_failure(at)
    body = "\n".join(m.value for m in at.markdown if "orange-background" in m.value)
    assert ":orange-background[" in body
    assert "Lena Aas has been appointed chief executive" in plain(body)
    assert "Tromsø" in table_text(at)
