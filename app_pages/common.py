"""What every page shares: the one service, error display, editor access, safe text.

Rules kept here so each page stays a thin "read widgets, one service call, render":
- the service lives in `st.cache_resource` (one store handle, models loaded once);
- every EvergreenError becomes one `st.error`, never a traceback (`shows_errors`);
- user and article text is escaped before it reaches Markdown (`md`), never
  rendered with unsafe_allow_html.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hmac
import logging
import re
import threading
import weakref
from pathlib import Path
from collections.abc import Iterator, Mapping
from typing import Any

import streamlit as st

from kg.runtime.settings import Settings
from kg.core.errors import EvergreenError, ReadOnlyError
from kg.core.facts import TimePoint
from kg.app.service import Evergreen

logger = logging.getLogger(__name__)

# -- settings and the service -------------------------------------------------------------


def secrets_mapping() -> dict[str, Any]:
    """Evergreen settings found in st.secrets: an [evergreen] table, or top-level keys."""
    try:
        secrets = dict(st.secrets)
    except Exception:  # no secrets.toml: Streamlit raises its own not-found error
        return {}
    section = secrets.get("evergreen")
    if isinstance(section, Mapping):
        return dict(section)
    known = {f.name for f in dataclasses.fields(Settings)}
    return {k: v for k, v in secrets.items() if k in known}


def load_settings() -> Settings:
    return Settings.load(secrets=secrets_mapping())


@st.cache_resource(show_spinner="Opening the graph...", on_release=lambda svc: svc.close())
def _service(key: str, _settings: Settings) -> Evergreen:
    """One service per configuration for the whole server (the embedded store allows one opener)."""
    logger.info("opening the Evergreen service (%s)", _settings.store)
    return Evergreen(_settings)


# Settings the Settings page may change while the app runs. The pages read the first two on
# every run; the others only matter when a model loads or to the CLI, so a change waits for a
# restart. None of them picks another service: a second one would try to open the embedded
# store the first still holds.
PREFERENCES = ("app_llm", "app_as_of", "llm", "local_model")
NEEDS_RESTART = ("local_model",)


def service() -> Evergreen:
    settings = st.session_state.get("app_settings") or load_settings()
    key = sorted((k, v) for k, v in dataclasses.asdict(settings).items() if k not in PREFERENCES)
    return _service(repr(key), settings)


def start_date(settings: Settings) -> dt.date:
    """The date the pages start at: the app_as_of setting, or today."""
    if settings.app_as_of:
        return TimePoint.parse(settings.app_as_of).date
    return dt.date.today()


# -- models warmed in the background ---------------------------------------------------------

_warmups: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # service -> {what: Event}
_warm_lock = threading.Lock()


def warm(svc: Evergreen, llm: str | None = None) -> threading.Event:
    """Start loading the answering models (with `llm`, that LLM) in a background thread, once
    per server; the event is set when they are loaded (or failed: the question then reports it).

    Started at start-up so that the first question does not pay for the loading, and when an
    LLM is chosen so that it loads while the user types."""
    what = llm if llm and llm not in ("graph", "none") else "models"
    with _warm_lock:
        started = _warmups.setdefault(svc, {})
        if what not in started:
            done = started[what] = threading.Event()

            def load() -> None:
                try:
                    if what != "models":
                        warm(svc).wait()  # one load at a time: two cores, and one retriever
                    svc.warm(None if what == "models" else what)
                except Exception:  # the question that needs the model reports the error
                    logger.exception("warming %s failed", what)
                finally:
                    done.set()

            threading.Thread(target=load, name=f"evergreen-warm-{what}", daemon=True).start()
        return started[what]


def wait_for(ready: threading.Event, message: str) -> None:
    """Say what is loading while waiting for it; nothing at all once it is loaded."""
    if not ready.is_set():
        with st.spinner(message, show_time=True):
            ready.wait()


# -- errors -------------------------------------------------------------------------------


@contextlib.contextmanager
def shows_errors(what: str = "") -> Iterator[None]:
    """The one place errors become messages: Evergreen errors as they are, others briefly."""
    try:
        yield
    except EvergreenError as err:
        st.error(md(f"{what}{err}"), icon=":material/error:")
    except Exception as err:  # a bug: say so in one line, keep the traceback in the log
        logger.exception("unexpected error in the app")
        st.error(md(f"Something went wrong ({type(err).__name__}: {err}). The details are in the "
                    "server log; please report them."), icon=":material/bug_report:")


def attempt(fn, *args, what: str = "", **kwargs):
    """Call `fn`; on an error show it (see `shows_errors`) and return None."""
    with shows_errors(what):
        return fn(*args, **kwargs)
    return None


# -- who may write ------------------------------------------------------------------------

_EDITOR_KEY = "app_editor"
_edit_lock = threading.Lock()


def write_block_reason(settings: Settings) -> str | None:
    """Why this session may not change the graph, or None when it may."""
    if settings.read_only:
        return "This Evergreen is read-only: you can chat and browse, but not upload, edit or delete."
    if settings.editor_password and not st.session_state.get(_EDITOR_KEY):
        return "Log in as an editor (sidebar) to upload, edit or delete."
    return None


def can_write(settings: Settings) -> bool:
    return write_block_reason(settings) is None


def writes_allowed(settings: Settings) -> bool:
    """True if this session may write; otherwise say why in the page and return False."""
    reason = write_block_reason(settings)
    if reason:
        st.info(reason, icon=":material/lock:")
    return reason is None


def editor_sidebar(settings: Settings) -> None:
    """The login box when an editor password is set; the read-only notice otherwise."""
    with st.sidebar:
        if settings.read_only:
            st.caption(":material/lock: Read-only: chat and browse only.")
            return
        if not settings.editor_password:
            return
        name = st.session_state.get(_EDITOR_KEY)
        if name:
            st.caption(f"Editing as **{md(name)}**")
            if st.button("Log out", key="app_logout"):
                del st.session_state[_EDITOR_KEY]
                st.rerun()
            return
        with st.form("app_login", border=False):
            st.caption("Editors log in to upload, edit and delete.")
            user = st.text_input("Your name", key="app_login_name")
            password = st.text_input("Editor password", type="password", key="app_login_password")
            if st.form_submit_button("Log in"):
                if hmac.compare_digest(password.encode(), settings.editor_password.encode()):
                    st.session_state[_EDITOR_KEY] = user.strip() or settings.user_name
                    st.rerun()
                st.error("Wrong password.")


@contextlib.contextmanager
def as_editor(svc: Evergreen) -> Iterator[Evergreen]:
    """Run one write with this session's editor name recorded on it (who did what)."""
    if svc.settings.read_only:
        raise ReadOnlyError("This Evergreen is read-only (setting read_only); nothing was changed.")
    name = st.session_state.get(_EDITOR_KEY)
    with _edit_lock:
        saved = svc.settings
        if name:
            svc.settings = dataclasses.replace(saved, user=name)
        try:
            yield svc
        finally:
            svc.settings = saved


# -- safe text ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=])")


def md(text: object) -> str:
    """Text as literal Markdown: no links, HTML, colour directives, emoji codes or LaTeX."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


def dates(valid_from: str | None, valid_until: str | None) -> str:
    if valid_from and valid_until:
        return f"{valid_from} – {valid_until}"
    if valid_from:
        return f"since {valid_from}"
    if valid_until:
        return f"until {valid_until}"
    return "undated"


def fact_records(rows, numbered: bool = False) -> list[dict]:
    """FactRows as table rows (st.dataframe shows them as plain text)."""
    records = []
    for i, row in enumerate(rows, 1):
        record = {"#": i} if numbered else {}
        record.update({
            "subject": row.subject, "predicate": row.predicate, "object": row.object,
            "from": row.valid_from or "", "until": row.valid_until or "", "status": row.status,
            "source": row.source, "id": row.id,
        })
        records.append(record)
    return records


def fact_table(rows, numbered: bool = False, key: str | None = None) -> None:
    if not rows:
        st.caption("No facts.")
        return
    st.dataframe(fact_records(rows, numbered), hide_index=True, width="stretch", key=key)


def fact_list(rows, key: str | None = None, limit: int = 12) -> None:
    """A few facts as lines people (and screen readers) can read; many as a table."""
    if len(rows) > limit:
        fact_table(rows, key=key)
        return
    st.markdown("\n".join(f"- {md(fact_text(row))}" for row in rows))


def fact_text(row) -> str:
    """One fact as a short line: "Halvorsen Marine · chief executive · Tomas Berg (since 2023)"."""
    return f"{row.subject} · {row.predicate} · {row.object} ({dates(row.valid_from, row.valid_until)}, {row.status})"


# -- the first start ----------------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def find_entities(svc: Evergreen, query: str, keep: str | None = None) -> list:
    """The picker's options on a large graph: the search's matches, plus the entity already
    picked (so that a new search does not drop it)."""
    found = svc.search_entities(query) if query else []
    if keep and keep not in {e.id for e in found}:
        found = [*svc.index.many([keep]).values(), *found]
    return found


def empty_graph_intro(svc: Evergreen, settings: Settings, key: str) -> None:
    """What a new user sees on an empty graph: what this is and a button to load samples."""
    st.info(
        "The graph is empty. Evergreen reads dated news articles, keeps each fact with the time it "
        "held and the sentence it came from, and answers questions from those facts. Upload "
        "articles, or start with the sample articles.",
        icon=":material/eco:",
    )
    samples = Path(SAMPLES)
    if not samples.is_dir():
        st.caption("No sample articles (data/samples/) in this installation.")
        return
    if not can_write(settings):
        st.caption(write_block_reason(settings))
        return
    if st.button("Load the sample articles", key=f"{key}_load_samples", type="primary"):
        from extract.articles import load_paths

        files = sorted(p for p in samples.iterdir() if p.is_file() and not p.name.startswith("."))
        jobs = [(p.name, lambda p=p: load_paths([p], max_mb=settings.max_file_mb)) for p in files]
        if ingest_with_progress(svc, jobs, key):
            st.rerun()


# -- long work: progress per file, then a summary where the user is ---------------------------

_DONE_KEY = "app_ingest_done"


# What a statement says and how firmly, in people's words (the RDF terms stay as they are).
STATEMENT_KINDS = {"assert": "holds", "end": "ended", "deprecate": "was wrong"}
MODALITIES = {"asserted": "stated", "hedged": "hedged (not a fact)", "negated": "denied (not a fact)"}


def report_line(report) -> str:
    """What happened to one article, in the words of the progress table."""
    if report.status == "failed":
        return f"failed: {report.error}"
    if report.status == "duplicate":
        return "already ingested: nothing changed"
    return "done: " + report.summary().split(": ", 1)[-1]


def ingest_with_progress(svc: Evergreen, jobs, key: str) -> list:
    """Ingest `jobs` (file name, function giving its articles) one file at a time, with each
    file's state on screen (queued, reading, done, failed); the reports, also kept for the
    Upload page's report and for a summary on the page `key`.

    One file per service call: a batch would read every file before reporting any."""
    states = {i: "queued" for i in range(len(jobs))}
    box = st.status(f"Ingesting {len(jobs)} file(s)...", expanded=True)
    table = box.empty()

    def draw() -> None:
        rows = "\n".join(f"| {md(name)} | {md(states[i])} |" for i, (name, _) in enumerate(jobs))
        table.markdown("| File | State |\n|---|---|\n" + rows)

    # Models load once, in one thread: reading while the start-up warm-up still loads them
    # stalled both (seen with the samples loaded straight after a start).
    wait_for(warm(svc), "Loading the language models (once after a start)...")
    reports = []
    with shows_errors("Ingest stopped: "), as_editor(svc):
        for i, (name, articles) in enumerate(jobs):
            states[i] = "reading"
            box.update(label=md(f"Reading {name} ({i + 1} of {len(jobs)})..."), expanded=True)
            draw()
            mine = list(svc.ingest_articles(articles()))
            reports.extend(mine)
            states[i] = "; ".join(report_line(r) for r in mine) or "failed: no article in the file"
            draw()
    summary = ingest_summary(reports)
    failed = any(r.status == "failed" for r in reports)
    box.update(label=md(summary), state="error" if failed and len(reports) == 1 else "complete",
               expanded=False)
    if reports:
        st.session_state["upload_reports"] = reports
        st.session_state[_DONE_KEY] = {"page": key, "text": summary}
    return reports


def ingest_summary(reports) -> str:
    ok = [r for r in reports if r.status == "ok"]
    parts = [f"{count(len(ok), 'article')} ingested"]
    known = sum(r.status == "duplicate" for r in reports)
    failed = sum(r.status == "failed" for r in reports)
    if known:
        parts.append(f"{known} already known")
    if failed:
        parts.append(f"{failed} failed")
    parts.append(f"{count(sum(len(r.added) for r in ok), 'fact')} added")
    superseded = sum(len(r.superseded) for r in ok)
    if superseded:
        parts.append(f"{superseded} superseded")
    return ", ".join(parts) + "."


def count(n: int, word: str) -> str:
    """"1 fact", "2 facts"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def show_ingest_done(key: str) -> None:
    """The summary of the last ingest started on this page, with a link to its full report."""
    done = st.session_state.get(_DONE_KEY)
    if not done or done["page"] != key:
        return
    st.success(md(done["text"]), icon=":material/task_alt:")
    st.page_link("app_pages/upload.py", label="Open the ingest report", icon=":material/summarize:")


def forget_ingest_done() -> None:
    st.session_state.pop(_DONE_KEY, None)
