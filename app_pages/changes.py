"""Changes: what the graph learnt or dropped between two dates, and who changed what."""

import datetime as dt

import streamlit as st

from app_pages import common

st.title("Changes")
svc = common.service()

today = dt.date.today()
left, middle, right = st.columns([1, 1, 2])
since = left.date_input("From", value=today - dt.timedelta(days=7), key="changes_since",
                        min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1))
until = middle.date_input("Until (exclusive)", value=today + dt.timedelta(days=1), key="changes_until",
                          min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1))
by = right.radio(
    "Dates of", ["recorded", "valid"], horizontal=True, key="changes_by",
    format_func={"recorded": "the graph's record (learnt, superseded)",
                 "valid": "the world (facts starting or ending)"}.get,
)

rows = common.attempt(svc.changes, since, until, by=by)
if rows is not None:
    st.subheader(f"{common.count(len(rows), 'fact')} changed")
    by_status = {}
    for row in rows:
        by_status.setdefault(row.status, []).append(row)
    for status in ("current", "superseded", "ended", "deprecated"):
        if status in by_status:
            st.markdown(f"**{status.capitalize()}** ({len(by_status[status])})")
            common.fact_table(by_status[status], key=f"changes_table_{status}")

st.subheader("Audit log")
st.caption("Every upload, edit, deletion and import: who, when, what. Newest first.")
entries = common.attempt(svc.audit_log, 200)
if entries:
    st.dataframe(
        [{"when": e.at.isoformat(sep=" ", timespec="seconds"), "action": e.action, "who": e.agent,
          "source": e.title or e.source_id or "", "detail": e.detail} for e in entries],
        hide_index=True, width="stretch",
    )
elif entries is not None:
    st.caption("Nothing recorded yet.")
