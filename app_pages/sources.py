"""Sources: the ingested articles (and edits), one opened with its facts on its sentences."""

import streamlit as st

from app_pages import common

st.title("Sources")
svc = common.service()
settings = st.session_state["app_settings"]

common.show_ingest_done("sources")  # after "Load the sample articles"
listed = common.attempt(svc.sources)
if listed is None:
    st.stop()
if not listed:
    common.empty_graph_intro(svc, settings, "sources")
    st.stop()

show_edits = st.toggle("Show edits and imports too", key="sources_show_edits")
listed = [(s, n) for s, n in listed if show_edits or s.kind == "article"]
# Newest first by publication date (then by when the graph learnt it); the table sorts by any column.
listed.sort(key=lambda item: (str(item[0].published or ""), str(item[0].recorded_at or "")))
if not listed:
    st.caption("No articles yet, only edits and imports: turn on the switch above to see them.")
    st.stop()
st.dataframe(
    [{"title": s.title or s.file_name or s.id, "published": str(s.published or "")
      + (" (assumed)" if s.published_uncertain else ""), "kind": s.kind, "statements": n,
      "file or url": s.url or s.file_name or "", "recorded": s.recorded_at.isoformat(sep=" ")
      if s.recorded_at else "", "id": s.id} for s, n in reversed(listed)],
    hide_index=True, width="stretch",
)

if st.session_state.pop("sources_reset", False):  # a deleted source: clear the choice before drawing it
    st.session_state["sources_open"] = None
labels = {s.id: f"{s.title or s.file_name or s.id} ({s.published or 'undated'})" for s, _ in listed}
pending = st.session_state.pop("sources_pending_open", None)  # a citation opened from the Chat
if pending in labels:
    st.session_state["sources_open"] = pending
chosen = st.selectbox("Open a source", list(reversed(labels)), index=None, format_func=lambda i: labels.get(i, i),
                      placeholder="Choose a source to see its facts", key="sources_open")


def highlighted(text: str, sentences: list[str]) -> str:
    """The text as escaped Markdown, each sentence that gave a statement on a coloured background."""
    spans = []
    for sentence in {s.strip() for s in sentences if s and s.strip()}:
        at = text.find(sentence)
        if at >= 0:
            spans.append((at, at + len(sentence)))
    spans.sort()
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue  # overlapping sentences: the first one wins
        out.append(common.md(text[pos:start]))
        # Each line of a sentence gets its own directive: a directive cannot span line breaks.
        marked = [f":orange-background[{common.md(part)}]" if part.strip() else part
                  for part in text[start:end].split("\n")]
        out.append("  \n".join(marked))
        pos = end
    out.append(common.md(text[pos:]))
    return "".join(out)


if chosen:
    st.session_state.pop("sources_report", None)
    opened = common.attempt(svc.source, chosen)
    if opened:
        source, statements, rows = opened
        st.subheader(common.md(source.title or source.file_name or source.id))
        st.caption(" · ".join(common.md(x) for x in (
            f"published {source.published or 'undated'}" + (" (assumed)" if source.published_uncertain else ""),
            source.kind, source.url or source.file_name or "", common.count(len(statements), "statement"),
        ) if x))
        if source.reason:
            st.caption(f"Reason: {common.md(source.reason)}")
        tab_text, tab_facts, tab_statements = st.tabs(["Text", "Facts", "Statements"])
        with tab_text:
            if source.text:
                with st.container(border=True, height=420 if len(source.text) > 1500 else "content"):
                    st.markdown(highlighted(source.text, [s.sentence for s in statements]))
                st.caption("Highlighted: sentences that gave a statement.")
            else:
                st.caption("This source has no text (an edit or an import).")
        with tab_facts:
            common.fact_table(rows, key="sources_facts")
        with tab_statements:
            st.dataframe(
                [{"sentence": s.sentence or "", "predicate": s.predicate, "says": common.STATEMENT_KINDS.get(str(s.kind), str(s.kind)),
                  "how": common.MODALITIES.get(str(s.modality), str(s.modality)), "from": str(s.valid_from or ""),
                  "until": str(s.valid_until or ""), "confidence": s.confidence} for s in statements],
                hide_index=True, width="stretch",
            )

        st.divider()
        if common.writes_allowed(settings):
            sure = st.checkbox("Delete this source: its facts go, facts it had superseded come back",
                               key="sources_confirm")
            if st.button("Delete source", type="primary", disabled=not sure, key="sources_delete"):
                with common.shows_errors("Deleting failed: "), common.as_editor(svc):
                    report = svc.forget(source.id)
                    st.session_state["sources_report"] = report
                    st.session_state["sources_reset"] = True
                    st.rerun()

report = st.session_state.get("sources_report")
if report is not None:
    st.success(common.md(f"Deleted: {report.title}. {common.count(len(report.removed), 'fact')} went, "
                         f"{len(report.restored)} came back."), icon=":material/delete:")
    if report.removed:
        st.markdown("**Facts that went**")
        common.fact_list(report.removed, key="sources_removed")
    if report.restored:
        st.markdown("**Facts that came back**")
        common.fact_list(report.restored, key="sources_restored")
