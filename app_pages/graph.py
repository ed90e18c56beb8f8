"""Graph: an entity's neighbourhood on a timeline; click a fact to see, correct, retract or deprecate it.

The canvas (streamlit-cytoscape) keeps its node positions at every date (graph_layout), the
timeline slider spans the entity's facts with its sources' dates marked in the chart below it,
and a typed date takes effect on Enter. Beside the canvas: what was clicked or chosen.
"""

import datetime as dt

import streamlit as st
from streamlit_cytoscape import Event, InfopanelAction, streamlit_cytoscape

from app_pages import common, graph_time, graph_view
from app_pages.graph_layout import layout

st.title("Graph")
svc = common.service()
settings = st.session_state["app_settings"]
today = dt.date.today()

# Selections made by clicks or edits land here first: a widget's key may only be set before
# the widget is drawn in a run.
for pending, key in (("graph_pending_entity", "graph_entity"), ("graph_pending_fact", "graph_fact"),
                     ("graph_pending_expand", "graph_expand")):
    if pending in st.session_state:
        st.session_state[key] = st.session_state.pop(pending)

# Up to this many entities the picker lists them all (and filters as you type); above it a
# search box asks the index, so a graph of a million facts never ships every name to the page.
LIST_ALL = 5_000
SHOW = {"all": "All", graph_time.HELD: "Held", graph_time.ENDED: "Ended"}

common.show_ingest_done("graph")  # after "Load the sample articles"
count = common.attempt(lambda: len(svc.index))
if count is None:
    st.stop()
if not count:
    common.empty_graph_intro(svc, settings, "graph")
    st.stop()
top_left, top_mid, top_right = st.columns([3, 2, 3], vertical_alignment="bottom")
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
show = top_mid.segmented_control("Show", list(SHOW), format_func=SHOW.get, default="all",
                                 key="graph_show") or "all"

if not entity_id:
    st.caption("Search an entity to see its facts on a timeline; click an edge to see or edit a fact.")
    st.stop()

history = common.attempt(svc.facts, entity_id, history=True)
if history is None:
    st.stop()

# -- neighbours expanded into the view ------------------------------------------------------
if st.session_state.get("graph_expand_for") != entity_id:  # another entity: start from its own facts
    st.session_state["graph_expand"] = []
    st.session_state["graph_predicates"] = []  # its predicates are other ones
    st.session_state["graph_expand_for"] = entity_id
    st.session_state.pop("graph_node", None)
neighbours = sorted({i for r in history for i in (r.subject_id, r.object_id) if i and i != entity_id})
by_id.update(svc.index.many(set(neighbours) - set(by_id)))
expanded = [i for i in st.session_state.get("graph_expand", []) if i in neighbours]
rows = {r.id: r for r in history}
for other in expanded:
    for row in common.attempt(svc.facts, other, history=True) or []:
        rows.setdefault(row.id, row)
everything = list(rows.values())
ends = {r.subject_id for r in everything} | {r.object_id for r in everything if r.object_id}
by_id.update(svc.index.many(ends - set(by_id)))
predicates = sorted({r.predicate for r in everything})
chosen_predicates = top_right.multiselect("Predicates", predicates, key="graph_predicates",
                                          placeholder="All predicates")

# -- the timeline: a slider over the span of the facts, a typed date, the holders chart --------
span_start, span_end = graph_time.span(everything, today)
# The chosen day lives in graph_day: the slider is redrawn with a new range when the facts
# change (an expansion, an edit), and Streamlit would reset a redrawn slider to its minimum.
if "graph_day" not in st.session_state:
    st.session_state["graph_day"] = common.start_date(settings)  # the slider widens to any date
st.session_state["graph_as_of"] = st.session_state["graph_day"]


def go_to_typed_date() -> None:
    """On Enter in the date box: move the timeline there, or say why not."""
    text = st.session_state.get("graph_date_text", "")
    when = graph_time.read_date(text, today)
    if when is None:
        st.session_state["graph_date_problem"] = text
    else:
        st.session_state.pop("graph_date_problem", None)
        st.session_state["graph_day"] = when


as_of_now = st.session_state["graph_day"]
slide, typed = st.columns([4, 1], vertical_alignment="bottom")
as_of = slide.slider("Timeline: facts as of", min_value=min(span_start, as_of_now), max_value=max(span_end, as_of_now),
                     key="graph_as_of", format="YYYY-MM-DD", step=dt.timedelta(days=1),
                     on_change=lambda: st.session_state.update(graph_day=st.session_state["graph_as_of"]),
                     help="Below: each predicate's values over time, coloured by what they were on the "
                          "chosen day (the red line); the blue marks are the dates of the sources.")
typed.text_input("Go to a date", key="graph_date_text", on_change=go_to_typed_date,
                 placeholder="2021-05-03, May 2021…", help="Press Enter. Any date the articles use: "
                 "2021-05-03, 3 May 2021, May 2021, 2019, last March.")
problem = st.session_state.get("graph_date_problem")
if problem and problem.strip():
    st.error(common.md(f"Cannot read {problem.strip()!r} as a date. Try 2021-05-03, May 2021 or 2019."),
             icon=":material/event_busy:")
st.altair_chart(graph_time.chart(everything, as_of, min(span_start, as_of), max(span_end, as_of)),
                width="stretch", height=graph_time.chart_height(everything) + 40, key="graph_chart")

# -- the canvas, and what was clicked or chosen beside it ---------------------------------------
looks = {r.id: graph_time.look(r, as_of) for r in everything}
shown = [r for r in everything if (show == "all" or looks[r.id] == show)
         and (not chosen_predicates or r.predicate in chosen_predicates)]
memory = st.session_state.setdefault("graph_positions", {})
# Laid out once over every fact ever known here (all dates and statuses), and kept: a new node
# (an expansion, an edit) is placed around the nodes already drawn, which do not move.
memory[entity_id] = layout([(r.subject_id, graph_view.node_key(r)) for r in everything] or [(entity_id, entity_id)],
                           fixed=memory.get(entity_id))
fact_id_now = st.session_state.get("graph_fact")
canvas = graph_view.build(shown, entity_id, by_id, as_of, memory[entity_id], chosen=fact_id_now)
held = sum(look == graph_time.HELD for look in looks.values())
left, right = st.columns([2, 1], gap="medium")
with left:
    st.caption(common.md(
        f"{common.count(held, 'fact')} held on {as_of}. Green: held · dashed: ended by then · dotted: "
        "not yet · amber: deprecated · yellow halo: chosen. Click an edge or a node."))
    if canvas.elements["edges"]:
        kinds = {n["data"]["label"] for n in canvas.elements["nodes"]}
        event = streamlit_cytoscape(
            canvas.elements, layout={**graph_view.PRESET, "nodes": len(canvas.elements["nodes"])},
            node_styles=graph_view.node_styles(kinds), edge_styles=graph_view.edge_styles(), height=460,
            key=f"graph_canvas_{entity_id}", events=[Event("clicked", "tap", "node, edge")],
            infopanel_actions=[InfopanelAction("edit_fact", "Edit this fact", icon="sell"),
                               InfopanelAction("grow", "Expand its facts", icon="add"),
                               InfopanelAction("centre", "Centre here", icon="place")],
        )
        # The component keeps returning its last event: act on each one once.
        if event and event.get("timestamp") != st.session_state.get("graph_event_seen"):
            st.session_state["graph_event_seen"] = event.get("timestamp")
            data = event.get("data") or {}
            clicked = data.get("target_id") or data.get("element_id")
            group = data.get("target_group") or data.get("element_group")
            node = canvas.entity.get(clicked)
            if group == "edges" and canvas.fact.get(clicked) in rows:
                st.session_state["graph_pending_fact"] = canvas.fact[clicked]
                st.rerun()
            elif group == "nodes" and node in by_id and event.get("action") == "centre":
                st.session_state["graph_pending_entity"] = node
                st.rerun()
            elif group == "nodes" and node in neighbours and event.get("action") == "grow":
                st.session_state["graph_pending_expand"] = sorted({*expanded, node})
                st.rerun()
            elif group == "nodes":
                st.session_state["graph_node"] = node
    else:
        st.caption("No facts to draw with these filters on this date: pick another date or show all.")
    st.multiselect("Expand neighbours (add their facts)", neighbours, key="graph_expand",
                   format_func=lambda i: by_id[i].label if i in by_id else i,
                   placeholder="Choose neighbours, or click one and “Expand its facts”")


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


with right:
    # -- beside the canvas: the node clicked, then the fact chosen (by a click or in the list) --------
    node = st.session_state.get("graph_node")
    if node in by_id and node != entity_id and node in canvas.node_of:
        touching = [r for r in shown if node in (r.subject_id, r.object_id)]
        with st.container(border=True):
            st.markdown(f"**{common.md(by_id[node].label)}**: {common.count(len(touching), 'fact')} in this view")
            common.fact_list(touching, key="graph_node_facts")
            c1, c2 = st.columns(2)
            c1.button("Centre here", key="graph_centre", icon=":material/place:",
                      on_click=lambda: st.session_state.update(graph_pending_entity=node))
            if node in neighbours and node not in expanded:
                c2.button("Expand its facts", key="graph_grow", icon=":material/add:",
                          on_click=lambda: st.session_state.update(graph_pending_expand=sorted({*expanded, node})))

    # -- one fact: the plain way to choose it (and the one tests drive) -------------------------------
    rows = {r.id: r for r in sorted(everything, key=lambda r: (r.subject, r.predicate, r.valid_from or "", r.id))}
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
