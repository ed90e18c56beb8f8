"""Articles in: text and metadata from .txt, .md, .html, .pdf and .jsonl files, uploads and pastes.

Libraries do the reading: PyYAML for front matter, trafilatura for an HTML page's main text,
htmldate for its publication date, pypdf for PDF text, charset-normalizer for text that is not
UTF-8. Every failure is an ArticleError with one line that says what is wrong with the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.errors import ArticleError, EvergreenError
from kg.facts import Precision, TimePoint
from kg.report import Report

logger = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".jsonl")
EARLIEST = dt.date(1800, 1, 1)
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n?", re.S)


@dataclass(frozen=True)
class Article:
    title: str
    text: str
    published: TimePoint | None
    published_uncertain: bool = False
    url: str | None = None
    file_name: str | None = None
    content_hash: str = ""
    source: str | None = None  # the publication, e.g. "Reuters"

    @property
    def id(self) -> str:
        return self.content_hash[:16]

    @property
    def words(self) -> int:
        return len(self.text.split())


def content_hash(text: str) -> str:
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def parse_date(value: object, where: str, now: dt.datetime | None = None) -> TimePoint | None:
    """A publication date from front matter, metadata or the user; absurd dates are errors."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    try:
        point = TimePoint.parse(value if isinstance(value, dt.date) else str(value).strip()[:10])
    except EvergreenError:
        raise ArticleError(f"{where}: cannot read the date {value!r}; use YYYY-MM-DD.") from None
    latest = (now or dt.datetime.now(dt.timezone.utc)).date() + dt.timedelta(days=2)
    if not EARLIEST <= point.date <= latest:
        raise ArticleError(f"{where}: the date {point} is not plausible for an article.")
    return point


def make_article(text: str, where: str, title: str | None = None, published: object = None,
                 fallback: object = None, url: str | None = None, source: str | None = None,
                 file_name: str | None = None, now: dt.datetime | None = None) -> Article:
    text = _clean(text)
    if not text:
        raise ArticleError(f"{where}: there is no text in it.")
    date = parse_date(published, where, now) or parse_date(fallback, where, now)
    uncertain = date is None
    if date is None:
        date = TimePoint((now or dt.datetime.now(dt.timezone.utc)).date(), Precision.DAY)
    return Article(
        title=(title or _first_line(text)).strip()[:300], text=text, published=date,
        published_uncertain=uncertain, url=url or None, file_name=file_name,
        content_hash=content_hash(text), source=source,
    )


def article_from_text(text: str, title: str | None = None, published: object = None,
                      now: dt.datetime | None = None, url: str | None = None) -> Article:
    """Pasted text (the app's paste box): the same path as a .txt file."""
    return make_article(text, "pasted text", title=title, published=published, url=url, now=now)


def article_from_upload(name: str, data: bytes, published: object = None, max_mb: float = 20.0,
                        now: dt.datetime | None = None) -> list[Article]:
    """An uploaded file; .jsonl gives one article per line."""
    _check_size(name, len(data), max_mb)
    return list(_read(name, data, published, now))


def load_paths(paths: Iterable[str | Path], published: object = None, max_mb: float = 20.0,
               now: dt.datetime | None = None) -> Iterator[Article | Report]:
    """Articles from files and folders; a file that cannot be read yields a failed Report."""
    for path in _expand(paths):
        try:
            if not path.is_file():
                raise ArticleError(f"{path}: no such file.")
            _check_size(path.name, path.stat().st_size, max_mb)
            yield from _read(path.name, path.read_bytes(), published, now, str(path))
        except ArticleError as err:
            yield Report("ingest", status="failed", file=str(path), title=path.name, error=str(err))


def _expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def _check_size(name: str, size: int, max_mb: float) -> None:
    if size > max_mb * 1024 * 1024:
        raise ArticleError(
            f"{name}: {size / 1024 / 1024:.1f} MB is over the {max_mb:g} MB limit (setting max_file_mb)."
        )
    if size == 0:
        raise ArticleError(f"{name}: the file is empty.")


def _read(name: str, data: bytes, published, now, shown: str | None = None) -> Iterator[Article]:
    where = shown or name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ArticleError(
            f"{where}: cannot read {suffix or 'files without an extension'}; "
            f"use {', '.join(SUFFIXES)}."
        )
    if suffix == ".pdf":
        yield _pdf(data, where, name, published, now)
        return
    text = _decode(data, where)
    if suffix == ".jsonl":
        yield from _jsonl(text, where, name, published, now)
    elif suffix in (".html", ".htm"):
        yield _html(text, where, name, published, now)
    else:
        yield _markdown(text, where, name, published, now)


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{where}: this is a binary file, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError(f"{where}: the text is in no encoding that could be recognised; save it as UTF-8.")
    logger.info("%s decoded as %s", where, best.encoding)
    return str(best)


def _markdown(text: str, where, name, published, now) -> Article:
    meta = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as err:
            raise ArticleError(f"{where}: the front matter is not valid YAML ({str(err).splitlines()[0]}).") from None
        if not isinstance(meta, dict):
            raise ArticleError(f"{where}: the front matter must be key: value lines.")
        text = text[match.end():]
    title = meta.get("title")
    if not title:
        heading = re.match(r"\s*#\s+(.+)", text)
        title = heading.group(1) if heading else None
    text = re.sub(r"^\s*#{1,6}\s+", "", text, flags=re.M)  # headings become plain lines
    return make_article(text, where, title=str(title) if title else None, published=meta.get("date"),
                        fallback=published, url=meta.get("url"), source=meta.get("source"),
                        file_name=name, now=now)


def _html(text: str, where, name, published, now) -> Article:
    import trafilatura
    from htmldate import find_date

    try:
        document = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    except Exception as err:  # trafilatura and lxml raise many types on broken markup
        raise ArticleError(f"{where}: the HTML could not be read ({type(err).__name__}).") from None
    body = getattr(document, "text", None) if document is not None else None
    if not body or not body.strip():
        raise ArticleError(f"{where}: no article text found in the HTML.")
    page_date = getattr(document, "date", None)
    if not page_date:
        try:
            page_date = find_date(text, extensive_search=False)
        except Exception:  # htmldate gives up on odd markup; the fallback date applies
            page_date = None
    try:
        date = parse_date(page_date, where, now)
    except ArticleError:
        date = None
    return make_article(body, where, title=getattr(document, "title", None), published=date,
                        fallback=published, url=getattr(document, "url", None),
                        source=getattr(document, "sitename", None), file_name=name, now=now)


def _pdf(data: bytes, where, name, published, now) -> Article:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ArticleError(f"{where}: the PDF is encrypted; save an unencrypted copy.")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    except ArticleError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise ArticleError(f"{where}: the PDF is broken or not a PDF ({type(err).__name__}).") from None
    if not text.strip():
        raise ArticleError(f"{where}: the PDF has no text layer (a scan?); run OCR on it first.")
    return make_article(text, where, title=str(title) if title else None, fallback=published,
                        file_name=name, now=now)


def _jsonl(text: str, where, name, published, now) -> Iterator[Article]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise ArticleError(f"{where} line {number}: not JSON ({err.msg}).") from None
        if not isinstance(row, dict) or not str(row.get("text") or "").strip():
            raise ArticleError(f"{where} line {number}: needs a \"text\" field.")
        yield make_article(str(row["text"]), f"{where} line {number}", title=row.get("title"),
                           published=row.get("date"), fallback=published, url=row.get("url"),
                           source=row.get("source"), file_name=f"{name}#{number}", now=now)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _first_line(text: str) -> str:
    first = text.strip().splitlines()[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."
