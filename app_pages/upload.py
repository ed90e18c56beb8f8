"""Upload: files and pasted text in, one ingest report per article out."""

import math

import streamlit as st

from app_pages import common
from kg.core.errors import EvergreenError
from kg.graph.report import Report

st.title("Upload")
svc = common.service()
settings = st.session_state["app_settings"]
TYPES = ["txt", "md", "html", "htm", "pdf", "jsonl"]


def render_report(report: Report, n: int) -> None:
    """One article's ingest: what went in, what it superseded, what was held back."""
    name = report.title or report.file or report.source_id or f"Article {n}"
    if report.status == "failed":
        st.error(common.md(f"{name}: {report.error}"), icon=":material/error:")
        return
    if report.status == "duplicate":
        st.info(common.md(f"{name}: already ingested ({report.error or 'same content'}); nothing changed."),
                icon=":material/content_copy:")
        return
    with st.expander(common.md(report.summary()), expanded=bool(report.superseded) or n == 1):
        if report.published:
            st.caption(common.md(f"Published {report.published}"
                                 + (" (no date found: the upload date stands in)" if report.published_uncertain else "")))
        if report.superseded:
            st.markdown("**Superseded** (old → new)")
            for change in report.superseded:
                old, new = change.old, change.new
                line = f"{common.fact_text(old)} → " + (f"{new.object} (since {new.valid_from})" if new else "ended")
                st.markdown(f"- {common.md(line)}")
        for label, rows in (("Added", report.added), ("Already past when learnt", report.history),
                            ("Ended", report.ended), ("Corroborated", report.corroborated),
                            ("Restored", report.restored), ("Deprecated", report.deprecated)):
            if rows:
                st.markdown(f"**{label}** ({len(rows)})")
                common.fact_table(rows)
        if report.held_back:
            st.markdown(f"**Held back** ({len(report.held_back)}): claims that did not become facts")
            st.dataframe([{"claim": h.claim, "why": h.reason, "sentence": h.sentence} for h in report.held_back],
                         hide_index=True, width="stretch")


def upload_jobs(files, dates, paste, paste_title, paste_date) -> list:
    """(name, function giving its articles or a failure report) per file and for the paste box."""
    from extract.articles import article_from_text, article_from_upload

    def from_file(f):
        try:
            return article_from_upload(f.name, f.getvalue(), published=dates.get(f.file_id) or None,
                                       max_mb=settings.max_file_mb)
        except EvergreenError as err:
            return [Report("ingest", status="failed", file=f.name, title=f.name, error=str(err))]

    def from_paste():
        try:
            return [article_from_text(paste, title=paste_title.strip() or None,
                                      published=paste_date.strip() or None)]
        except EvergreenError as err:
            return [Report("ingest", status="failed", title="Pasted text", error=str(err))]

    jobs = [(f.name, lambda f=f: from_file(f)) for f in files]
    if paste.strip():
        jobs.append((paste_title.strip() or "Pasted text", from_paste))
    return jobs


def publication_dates(files) -> dict[str, str]:
    """One small table of the files' publication dates (not a field per file)."""
    st.caption("Publication dates (optional; YYYY, YYYY-MM or YYYY-MM-DD). "
               "Used when the file carries no date of its own; with neither, today stands in, marked as assumed.")
    rows = {"file": [f.name for f in files], "published": [""] * len(files)}  # returned as edited
    edited = st.data_editor(
        rows, hide_index=True, width="stretch", disabled=["file"], num_rows="fixed",
        key="upload_dates_" + "_".join(f.file_id for f in files)[:200],  # a new table for new files
        column_config={"file": st.column_config.TextColumn("File"),
                       "published": st.column_config.TextColumn("Published", help="YYYY, YYYY-MM or YYYY-MM-DD")})
    return {f.file_id: str(day or "").strip() for f, day in zip(files, edited["published"])}


if common.writes_allowed(settings):
    files = st.file_uploader("Articles (txt, md, html, pdf, or jsonl with one article per line)",
                             type=TYPES, accept_multiple_files=True, key="upload_files",
                             max_upload_size=max(1, math.ceil(settings.max_file_mb)))
    dates = publication_dates(files) if files else {}
    with st.expander("Or paste an article", expanded=not files):
        paste_title = st.text_input("Title", key="upload_paste_title")
        paste_date = st.text_input("Published (YYYY, YYYY-MM or YYYY-MM-DD)", key="upload_paste_date")
        paste = st.text_area("Text", height=180, key="upload_paste")

    if st.button("Ingest", type="primary", disabled=not (files or paste.strip()), key="upload_go"):
        common.forget_ingest_done()
        common.ingest_with_progress(svc, upload_jobs(files or [], dates, paste, paste_title, paste_date),
                                    "upload")

reports = st.session_state.get("upload_reports")
if reports:
    st.subheader("Ingest report")
    ok = [r for r in reports if r.status == "ok"]
    st.caption(common.md(common.ingest_summary(reports)))
    common.forget_ingest_done()  # the full report is here now
    for n, report in enumerate(reports, 1):
        render_report(report, n)
