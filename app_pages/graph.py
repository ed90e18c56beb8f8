"""Graph: an entity's neighbourhood as of a date; click a fact to see, correct, retract or deprecate it."""

import datetime as dt

import streamlit as st
from streamlit_cytoscape import EdgeStyle, Event, InfopanelAction, NodeStyle, streamlit_cytoscape

from app_pages import common

st.title("Graph")
svc = common.service()
settings = st.session_state["app_settings"]

# Selections made by clicks or edits land here first: a widget's key may only be set before
# the widget is drawn in a run.
for pending, key in (("graph_pending_entity", "graph_entity"), ("graph_pending_fact", "graph_fact")):
    if pending in st.session_state:
        st.session_state[key] = st.session_state.pop(pending)

# Up to this many entities the picker lists them all (and filters as you type); above it a
# search box asks the index, so a graph of a million facts never ships every name to the page.
LIST_ALL = 5_000

common.show_ingest_done("graph")  # after "Load the sample articles"
count = common.attempt(lambda: len(svc.index))
if count is None:
    st.stop()
if not count:
    common.empty_graph_intro(svc, settings, "graph")
    st.stop()
top_left, top_mid, top_right = st.columns([3, 2, 2], vertical_alignment="bottom")
if count <= LIST_ALL:
    entities = common.attempt(lambda: sorted(svc.index.by_id.values(), key=lambda e: e.label.casefold()))
else:
    query = top_left.text_input(f"Find an entity ({count:,} in the graph)", key="graph_query",
                                placeholder="a name, or part of one")
    entities = common.attempt(lambda: common.find_entities(svc, query, st.session_state.get("graph_entity")))
if entities is None:
    st.stop()
by_id = {e.id: e for e in entities}

entity_id = top_left.selectbox(
    "Entity", list(by_id), index=None, key="graph_entity", placeholder="Search an entity",
    format_func=lambda i: f"{by_id[i].label} ({by_id[i].type.lower()})" if i in by_id else i,
)
as_of = top_mid.date_input("Facts as of", value=dt.date.today(), key="graph_as_of",
                           min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31))
show_past = top_right.toggle("Show past and deprecated facts", value=True, key="graph_past")

if not entity_id:
    st.caption("Search an entity to see its facts; click an edge to see or edit a fact.")
    st.stop()

history = common.attempt(svc.facts, entity_id, history=True)
if history is None:
    st.stop()


def holds(row) -> bool:
    """Did the fact hold on the chosen day (deprecated facts never did)."""
    if row.fact is not None:
        return row.fact.valid_at(as_of)
    return row.status == "current"


def look(row) -> str:
    if row.status == "deprecated":
        return "deprecated"
    return "holds" if holds(row) else "past"


def canvas_text(text: str) -> str:
    """Text for the canvas and its side panel; the panel turns "<a href" into links, so break that."""
    return str(text).replace("<", "<\u200b")


shown = [r for r in history if show_past or look(r) == "holds"]
ends = {r.subject_id for r in shown} | {r.object_id for r in shown if r.object_id}
by_id.update(svc.index.many(ends - set(by_id)))  # neighbours the picker did not list
nodes = {entity_id: by_id[entity_id]}
edges = []
for row in shown:
    target = row.object_id or f"value:{row.id}"
    for node_id in (row.subject_id, target):
        if node_id not in nodes:
            nodes[node_id] = by_id.get(node_id)
    edges.append({"data": {
        "id": row.id, "source": row.subject_id, "target": target, "label": look(row),
        "name": canvas_text(row.predicate), "from": row.valid_from or "", "until": row.valid_until or "",
        "status": row.status, "source article": canvas_text(row.source),
    }})
values = {f"value:{r.id}": r.object for r in shown if not r.object_id}
elements = {
    "nodes": [{"data": {
        "id": node_id,
        "label": (entity.type if entity else "VALUE") if node_id != entity_id else "FOCUS",
        "name": canvas_text(entity.label if entity else values.get(node_id, node_id)),
        "type": entity.type if entity else "value",
    }} for node_id, entity in nodes.items()],
    "edges": edges,
}

COLOURS = {"FOCUS": "#1b5e20", "PERSON": "#1565c0", "ORG": "#6a1b9a", "GPE": "#00838f",
           "LOC": "#00838f", "VALUE": "#8d6e63", "THING": "#546e7a"}
types = {n["data"]["label"] for n in elements["nodes"]}
node_styles = [NodeStyle(t, COLOURS.get(t, "#546e7a"), caption="name") for t in sorted(types)]
edge_styles = [
    EdgeStyle("holds", "#2e7d32", caption="name", directed=True,
              custom_styles={"color": "#ffffff", "width": 2.5}),
    EdgeStyle("past", "#757575", caption="name", directed=True,
              custom_styles={"color": "#ffffff", "line-style": "dashed"}),
    EdgeStyle("deprecated", "#c62828", caption="name", directed=True,
              custom_styles={"color": "#ffffff", "line-style": "dotted"}),
]
st.caption(f"{common.count(sum(look(r) == 'holds' for r in history), 'fact')} held on {as_of}; "
           "solid green: held that day · dashed grey: superseded or ended · dotted red: deprecated. "
           "Click an edge or node to see it.")
if edges:
    event = streamlit_cytoscape(
        elements, layout="cose", node_styles=node_styles, edge_styles=edge_styles, height=440,
        key=f"graph_canvas_{entity_id}", events=[Event("clicked", "tap", "node, edge")],
        infopanel_actions=[InfopanelAction("edit_fact", "Edit this fact", icon="sell"),
                           InfopanelAction("centre", "Centre here", icon="place")],
    )
    # The component keeps returning its last event: act on each one once.
    if event and event.get("timestamp") != st.session_state.get("graph_event_seen"):
        st.session_state["graph_event_seen"] = event.get("timestamp")
        data = event.get("data") or {}
        clicked = data.get("target_id") or data.get("element_id")
        group = data.get("target_group") or data.get("element_group")
        if group == "edges" and clicked in {r.id for r in history}:
            st.session_state["graph_pending_fact"] = clicked
            st.rerun()
        elif group == "nodes" and event.get("action") == "centre" and clicked in by_id:
            st.session_state["graph_pending_entity"] = clicked
            st.rerun()
        elif group == "nodes":
            st.session_state["graph_node"] = clicked
else:
    st.caption("No facts to draw for this date; switch on past facts or pick another date.")

node = st.session_state.get("graph_node")
if node in nodes and node != entity_id and node in by_id:
    touching = [r for r in shown if node in (r.subject_id, r.object_id)]
    st.markdown(f"**{common.md(by_id[node].label)}**: {common.count(len(touching), 'fact')} in this view")
    common.fact_table(touching, key="graph_node_facts")
    st.button(f"Centre the graph on {common.md(by_id[node].label)}", key="graph_centre",
              on_click=lambda: st.session_state.update(graph_pending_entity=node))

def short(row) -> str:
    return f"{row.subject} · {row.predicate} · {row.object}"


def corrected(old, result) -> str:
    """One correction in the words of the person who made it (not "1 added, 1 removed, 1 deprecated")."""
    new = (result.added + result.history)[:1]
    if not new:
        return f"Corrected {short(old)}."
    now = new[0]
    changed = [f"{old.object} → {now.object}"] if now.object != old.object else []
    if (now.valid_from, now.valid_until) != (old.valid_from, old.valid_until):
        changed.append(f"{common.dates(old.valid_from, old.valid_until)} → {common.dates(now.valid_from, now.valid_until)}")
    return (f"Corrected {old.subject} · {old.predicate}: {'; '.join(changed) or 'no change in value or dates'}. "
            "The old version stays in the history, deprecated.")


# -- one fact: the plain way to choose it (and the one tests drive) -------------------------------
rows = {r.id: r for r in sorted(history, key=lambda r: (r.predicate, r.valid_from or "", r.id))}
fact_id = st.selectbox("Fact", list(rows), index=None, key="graph_fact",
                       format_func=lambda i: common.fact_text(rows[i]) if i in rows else i,
                       placeholder="Choose a fact (or click an edge)")
# A fact chosen in the last run that has vanished was changed by someone else (or a new article)
# meanwhile; Streamlit drops the choice and any form submitted with it, so say so.
last = st.session_state.get("graph_fact_last")
if fact_id is None and last and last not in rows and st.session_state.get("graph_fact_entity") == entity_id:
    st.error("The fact you were looking at changed since it was shown (another edit or a new "
             "article), so nothing was saved. Choose it again below and retry.", icon=":material/sync_problem:")
st.session_state["graph_fact_last"] = fact_id
st.session_state["graph_fact_entity"] = entity_id

done = st.session_state.pop("graph_report", None)  # (what the person did, its report)
if done is not None:
    st.success(common.md(done[0]), icon=":material/check:")

if fact_id in rows:
    row = rows[fact_id]
    with st.container(border=True):
        st.markdown(f"**{common.md(row.subject)}** · {common.md(row.predicate)} · "
                    f"**{common.md(row.object)}**")
        st.caption(common.md(f"{common.dates(row.valid_from, row.valid_until)} · {row.status}"
                             + (f" · why: {row.reason}" if row.reason else "")
                             + f" · id {row.id}"))
        if row.sources:
            st.dataframe([{"source": s.title, "published": s.published or "", "kind": s.kind,
                           "url": s.url or ""} for s in row.sources], hide_index=True, width="stretch")
        # Field keys carry the fact id, so choosing another fact starts from that fact's values.
        if common.writes_allowed(settings) and row.status != "deprecated":
            fix, end, wrong = st.tabs(["Correct", "Retract", "Deprecate"])
            with fix, st.form("graph_correct_form", border=False):
                obj = st.text_input("Object", value=row.object, key=f"graph_correct_object_{row.id}")
                c1, c2 = st.columns(2)
                start = c1.text_input("Valid from (YYYY, YYYY-MM or YYYY-MM-DD)", value=row.valid_from or "",
                                      key=f"graph_correct_from_{row.id}")
                until = c2.text_input("Valid until (empty: still true)", value=row.valid_until or "",
                                      key=f"graph_correct_until_{row.id}")
                why = st.text_input("Why the correction", key=f"graph_correct_reason_{row.id}")
                if st.form_submit_button("Save correction", type="primary"):
                    with common.shows_errors("The correction was not saved: "), common.as_editor(svc):
                        result = svc.correct(row.id, obj=obj if obj.strip() != row.object else None,
                                             valid_from=start.strip() or None, valid_until=until.strip(),
                                             reason=why.strip() or None)
                        st.session_state["graph_report"] = (corrected(row, result), result)
                        new = [r.id for r in result.added + result.history]
                        st.session_state["graph_pending_fact"] = new[0] if new else None
                        st.session_state["graph_fact_last"] = None
                        st.rerun()
            with end, st.form("graph_retract_form", border=False):
                at = st.text_input("Stopped being true on", value=dt.date.today().isoformat(),
                                   key=f"graph_retract_at_{row.id}")
                why = st.text_input("Why it ended", key=f"graph_retract_reason_{row.id}")
                if st.form_submit_button("Retract"):
                    with common.shows_errors("The fact was not retracted: "), common.as_editor(svc):
                        result = svc.retract(row.id, at=at.strip() or None, reason=why.strip() or None)
                        ended = result.ended[0] if result.ended else row
                        st.session_state["graph_report"] = (
                            f"Ended: {short(row)} stopped being true on {ended.valid_until or at.strip()}.", result)
                        st.session_state["graph_pending_fact"] = None
                        st.session_state["graph_fact_last"] = None
                        st.rerun()
            with wrong, st.form("graph_deprecate_form", border=False):
                why = st.text_input("Why is it wrong? (required)", key=f"graph_deprecate_reason_{row.id}")
                if st.form_submit_button("Deprecate"):
                    with common.shows_errors("The fact was not deprecated: "), common.as_editor(svc):
                        st.session_state["graph_report"] = (
                            f"Marked as wrong: {short(row)} ({why.strip()}). It stays in the history, deprecated.",
                            svc.deprecate(row.id, why))
                        st.session_state["graph_pending_fact"] = None
                        st.session_state["graph_fact_last"] = None
                        st.rerun()

if common.can_write(settings):
    with st.expander(f"Add a fact about {common.md(by_id[entity_id].label)}"):
        predicates = {p.key: p for p in svc.catalogue}
        with st.form("graph_add_form", border=False):
            key = st.selectbox("Predicate", list(predicates), key="graph_add_predicate",
                               format_func=lambda k: predicates[k].label)
            obj = st.text_input("Object (an entity name or a value)", key="graph_add_object")
            c1, c2 = st.columns(2)
            start = c1.text_input("Valid from (empty: today)", key="graph_add_from")
            until = c2.text_input("Valid until (optional)", key="graph_add_until")
            why = st.text_input("Source or reason", key="graph_add_reason")
            if st.form_submit_button("Add fact"):
                with common.shows_errors("The fact was not added: "), common.as_editor(svc):
                    result = svc.add(entity_id, key, obj, valid_from=start.strip() or None,
                                     valid_until=until.strip() or None, reason=why.strip() or None)
                    added = (result.added + result.history)[:1]
                    st.session_state["graph_report"] = (
                        f"Added: {common.fact_text(added[0]) if added else obj}."
                        + (f" It supersedes {common.count(len(result.superseded), 'earlier fact')}." if result.superseded else ""),
                        result)
                    st.rerun()

st.subheader("Timeline")
st.caption("Every version of every fact about this entity, oldest first.")
timeline = sorted(history, key=lambda r: (r.valid_from or "", r.predicate, r.id))
common.fact_table(timeline, key="graph_timeline")
