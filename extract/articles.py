"""Articles and their loaders: files, uploads and pasted text in, `Article` values out.

Each loader turns bytes into text with a well-kept library (trafilatura + htmldate
for HTML, pypdf for PDF, charset_normalizer for text that is not UTF-8) and finds
the publication date: front matter or page metadata, else the date the user gave,
else the ingest time, marked uncertain. Anything that cannot be read becomes one
`ArticleError` with a one-line message that says what to do.
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

from kg.core.errors import ArticleError, InvalidFactError
from kg.core.facts import TimePoint
from kg.graph.report import Report

logger = logging.getLogger(__name__)

EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".jsonl")
EARLIEST_YEAR = 1000  # dates before this are typos, not news
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?", re.DOTALL)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_MARKUP = re.compile(r"(\*\*|__|`)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


@dataclass(frozen=True)
class Article:
    title: str
    text: str
    published: TimePoint | None
    published_uncertain: bool
    url: str | None
    file_name: str | None
    content_hash: str
    source: str | None = None  # the publisher, when known

    @property
    def words(self) -> int:
        return len(self.text.split())


def normalise_text(text: str) -> str:
    """NFC, unified line ends, trailing spaces gone, runs of blank lines collapsed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def content_hash(text: str) -> str:
    """sha256 of the text with whitespace collapsed, so re-wrapped copies count as the same."""
    flat = " ".join(normalise_text(text).split())
    return hashlib.sha256(flat.encode("utf-8")).hexdigest()


# -- dates ---------------------------------------------------------------------------------

def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.timezone.utc)


def parse_published(value, now: dt.datetime | None = None, what: str = "date") -> TimePoint | None:
    """A publication date from front matter, metadata or the user; absurd dates are errors."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    try:
        if isinstance(value, (dt.date, TimePoint)):
            point = TimePoint.parse(value)
        else:
            text = str(value).strip()
            point = TimePoint.parse(text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text) else text)
    except InvalidFactError:
        raise ArticleError(
            f"The {what} {value!r} is not a date: write it as YYYY-MM-DD (or YYYY-MM, YYYY)."
        ) from None
    latest = _now(now).date() + dt.timedelta(days=366)
    if point.date.year < EARLIEST_YEAR or point.date > latest:
        raise ArticleError(
            f"The {what} {point} is not plausible for an article (before {EARLIEST_YEAR} or more "
            "than a year ahead): fix the date."
        )
    return point


def _dated(found: TimePoint | None, given, now: dt.datetime | None) -> tuple[TimePoint, bool]:
    """Article date, else the user's date, else the ingest time (uncertain)."""
    if found is not None:
        return found, False
    user = parse_published(given, now, "date given")
    if user is not None:
        return user, False
    return TimePoint(_now(now).date()), True


def _make(text: str, title: str | None, published: TimePoint | None, given, now,
          url: str | None = None, file_name: str | None = None, source: str | None = None) -> Article:
    text = normalise_text(text)
    if not text:
        raise ArticleError("The article has no text: nothing to read.")
    point, uncertain = _dated(published, given, now)
    if not title:
        first = text.split("\n", 1)[0].strip()
        title = first if len(first) <= 120 else first[:117].rstrip() + "..."
    return Article(title=str(title).strip(), text=text, published=point, published_uncertain=uncertain,
                   url=str(url).strip() if url else None, file_name=file_name,
                   content_hash=content_hash(text), source=str(source).strip() if source else None)


# -- decoding ------------------------------------------------------------------------------

def decode_text(data: bytes, name: str = "the file") -> str:
    """UTF-8 (with or without BOM), else the encoding charset_normalizer detects; binary fails."""
    text = _decode(data, name)
    if not text.strip():  # also blank UTF-16, or a lone partial character: a .jsonl gave no report at all
        raise ArticleError(f"{name} is empty: nothing to read.")
    return text


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise ArticleError(f"{name} is empty: nothing to read.")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(f"{name} looks binary, not text: give a .txt, .md, .html, .pdf or .jsonl file.")
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        # A UTF-8 file cut off inside its last character (a truncated download) is still UTF-8:
        # guessing another encoding would garble every accented letter before the cut. Only when
        # a BOM or accented letters before the cut show it is UTF-8: Latin-1 "Zoë" ends like that too.
        if (err.reason == "unexpected end of data" and err.start >= len(body) - 3
                and (bom or max(body[:err.start], default=0) >= 0x80)):
            logger.info("%s ends inside a UTF-8 character; the partial character is dropped", name)
            return body[:err.start].decode("utf-8")
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset_normalizer ships with requests
        raise ArticleError(f"{name} is not UTF-8: convert it to UTF-8 and try again.") from None
    matches = from_bytes(data)
    best = _prefer_western(matches, matches.best())
    if best is None:
        raise ArticleError(f"{name} is not readable text in any known encoding: convert it to UTF-8.")
    logger.info("%s decoded as %s", name, best.encoding)
    return str(best)


def _prefer_western(matches, best):
    """charset_normalizer's pick among equally clean decodings of a short text is a coin toss
    (Latin-1 "Åsa" came out as cp1250 "Ĺsa", "Malmö" as hp_roman8). For English-language news
    cp1252, the web's default for Western text, wins when it reads the bytes as cleanly and
    puts no stray symbol inside a word (cp1250 Polish read as cp1252 gives "Spó³ka")."""
    for match in matches if best is not None else ():
        if ("cp1252" in (match.encoding, *match.could_be_from_charset) and match.chaos <= best.chaos
                and _no_symbol_in_words(str(match))):
            return match
    return best


_TYPOGRAPHY = frozenset("“”‘’‚„«»‹›–—…™®©°ªº·")


def _no_symbol_in_words(text: str) -> bool:
    for i, char in enumerate(text):
        if ord(char) > 127 and not char.isalpha() and char not in _TYPOGRAPHY:
            if any(near.isalpha() for near in text[max(i - 1, 0):i] + text[i + 1:i + 2]):
                return False
    return True


def split_front_matter(text: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        raise ArticleError(f"The YAML front matter cannot be read{where}: fix it or remove it.") from None
    if not isinstance(meta, dict):
        raise ArticleError("The front matter must be 'key: value' lines (title, date, url, source).")
    return {str(k).lower(): v for k, v in meta.items()}, text[match.end():]


def _markdown_body(body: str) -> tuple[str | None, str]:
    """Drop markdown markup; the first heading becomes the title when there is none."""
    heading, lines = None, []
    for line in body.split("\n"):
        match = _MD_HEADING.match(line)
        if match:
            heading = heading or match.group(1)
            if lines or heading != match.group(1):
                lines.append(match.group(1) + ".")
            continue
        lines.append(_MD_LINK.sub(r"\1", _MD_MARKUP.sub("", line)))
    return heading, "\n".join(lines)


# -- one loader per format -----------------------------------------------------------------

def _from_text_file(data: bytes, name: str, given, now, markdown: bool) -> list[Article]:
    text = decode_text(data, name)
    meta, body = split_front_matter(text)
    title = meta.get("title")
    if markdown:
        heading, body = _markdown_body(body)
        title = title or heading
    published = parse_published(meta.get("date") or meta.get("published"), now, "date in the front matter")
    return [_make(body, title, published, given, now, meta.get("url"), name, meta.get("source"))]


def _from_html(data: bytes, name: str, given, now) -> list[Article]:
    import trafilatura
    from htmldate import find_date

    html = decode_text(data, name)
    if "<" not in html:
        raise ArticleError(f"{name} has no HTML markup: save it as .txt instead.")
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
        meta = trafilatura.extract_metadata(html)
    except Exception as err:  # trafilatura raises many kinds on broken markup
        raise ArticleError(f"{name}: the HTML cannot be parsed ({type(err).__name__}).") from None
    if not text or not text.strip():
        raise ArticleError(f"{name}: no article text found in the HTML (broken page or only navigation).")
    try:
        found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate gives up on some broken pages: fall back to the user's date
        found = None
    published = parse_published(found, now, "page date") if found else None
    title = meta.title if meta is not None else None
    url = meta.url if meta is not None else None
    source = meta.sitename if meta is not None else None
    return [_make(text, title, published, given, now, url, name, source)]


def _from_pdf(data: bytes, name: str, given, now) -> list[Article]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if not _is_pdf(data):
        raise ArticleError(f"{name} is not a PDF (no %PDF header): check the file.")
    reader = None
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except (FileNotDecryptedError, DependencyError) as err:
        # A password, or AES that pypdf cannot undo without the optional `cryptography`.
        if isinstance(err, FileNotDecryptedError) or (reader is not None and reader.is_encrypted):
            raise ArticleError(f"{name}: the PDF is encrypted (password-protected): "
                               "save an unprotected copy and ingest that.") from None
        raise ArticleError(f"{name}: the PDF cannot be read ({type(err).__name__}).") from None
    except Exception as err:  # pypdf raises many kinds (and recursion) on broken files
        raise ArticleError(f"{name}: the PDF is broken and cannot be read ({type(err).__name__}).") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ArticleError(f"{name}: the PDF has no text layer (a scan?): run OCR on it first.")
    title, published = None, None
    if info is not None:
        title = info.title
        try:
            created = info.creation_date
        except (ValueError, TypeError):
            created = None
        if created is not None:
            try:
                published = parse_published(created, now, "PDF date")
            except ArticleError:
                published = None  # a broken PDF date is common; the user's date stands in
    return [_make(text, title, published, given, now, None, name)]


def _from_jsonl_line(line: str, number: int, name: str, given, now) -> Article:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as err:
        raise ArticleError(f"{name} line {number}: not JSON ({err.msg}).") from None
    if not isinstance(row, dict) or not str(row.get("text") or "").strip():
        raise ArticleError(f"{name} line {number}: needs an object with a non-empty \"text\".")
    published = parse_published(row.get("date") or row.get("published"), now, f"date on line {number}")
    return _make(str(row["text"]), row.get("title"), published, given, now, row.get("url"),
                 f"{name}#{number}", row.get("source"))


def _jsonl_lines(data: bytes, name: str) -> list[tuple[int, str]]:
    text = decode_text(data, name)
    return [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def _check_extension(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ArticleError(
            f"{name}: unsupported file type {suffix or '(none)'}; use .txt, .md, .html, .pdf or .jsonl."
        )
    return suffix


def _check_size(size: int, name: str, max_mb: float) -> None:
    if size > max_mb * 1_000_000:
        raise ArticleError(
            f"{name} is {size / 1_000_000:.1f} MB, over the {max_mb:g} MB limit (setting max_file_mb): "
            "split it or raise the limit."
        )


def _is_pdf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"%PDF-"


def _articles(name: str, data: bytes, given, now) -> list[Article]:
    suffix = _check_extension(name)
    if suffix != ".pdf" and _is_pdf(data):
        # The bytes say PDF whatever the name: read as text, its syntax became "facts".
        logger.info("%s is a PDF named %s; read as PDF", name, suffix)
        return _from_pdf(data, name, given, now)
    if suffix in (".txt", ".md", ".markdown"):
        return _from_text_file(data, name, given, now, markdown=suffix != ".txt")
    if suffix in (".html", ".htm"):
        return _from_html(data, name, given, now)
    if suffix == ".pdf":
        return _from_pdf(data, name, given, now)
    return [_from_jsonl_line(line, n, name, given, now) for n, line in _jsonl_lines(data, name)]


# -- public entry points -------------------------------------------------------------------

def article_from_text(text: str, title: str | None = None, published=None,
                      now: dt.datetime | None = None, url: str | None = None) -> Article:
    """The paste box: text (front matter allowed) with an optional title, date and URL."""
    if not text or not text.strip():
        raise ArticleError("The pasted text is empty: paste an article first.")
    meta, body = split_front_matter(text)
    found = parse_published(meta.get("date") or meta.get("published"), now, "date in the front matter")
    return _make(body, title or meta.get("title"), found, published, now,
                 url or meta.get("url"), None, meta.get("source"))


def article_from_upload(name: str, data: bytes, published=None, max_mb: float = 20.0,
                        now: dt.datetime | None = None) -> list[Article]:
    """An uploaded file: one article, or one per line of a .jsonl batch."""
    _check_extension(name)
    _check_size(len(data), name, max_mb)
    parse_published(published, now, "date given")  # fail early on an absurd user date
    return _articles(name, data, published, now)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given; folders expand to their supported files (hidden ones skipped), sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() in EXTENSIONS:
                    yield child
        else:
            yield path


def load_paths(paths: Iterable[str | Path], published=None, max_mb: float = 20.0,
               now: dt.datetime | None = None) -> Iterator[Article | Report]:
    """Articles from files and folders; a file that fails yields a failed Report and the rest go on."""
    for path in expand_paths(paths):
        try:
            if not path.is_file():
                raise ArticleError(f"{path} does not exist (or is not a file).")
            _check_extension(path.name)
            _check_size(path.stat().st_size, path.name, max_mb)
            data = path.read_bytes()
            if path.suffix.lower() == ".jsonl":
                yield from _jsonl_articles(path, data, published, now)
                continue
            yield from _articles(path.name, data, published, now)
        except ArticleError as err:
            yield failed(str(path), str(err))
        except OSError as err:
            yield failed(str(path), f"cannot read {path}: {err.strerror or err}")


def _jsonl_articles(path: Path, data: bytes, published, now) -> Iterator[Article | Report]:
    """One article per line; a bad line fails alone."""
    for number, line in _jsonl_lines(data, path.name):
        try:
            yield _from_jsonl_line(line, number, path.name, published, now)
        except ArticleError as err:
            yield failed(f"{path}#{number}", str(err))


def failed(file: str, error: str) -> Report:
    return Report("ingest", status="failed", file=file, title=Path(file).name,
                  error=" ".join(error.split()))
