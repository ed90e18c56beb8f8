"""Chat: questions answered from the graph, with citations, the facts used and the exact prompt."""

import datetime as dt
import re

import streamlit as st

from app_pages import common
from kg.core.errors import EvergreenError

svc = common.service()
settings = st.session_state["app_settings"]
ANSWERERS = {"graph": "Graph only", "local": "Local LLM", "openai": "OpenAI-compatible endpoint"}
# Offered only when configured: the local model's file is there, an endpoint is set.
offered = [name for name in ANSWERERS
           if name == "graph" or (name == "local" and svc.llm_available("local")[0])
           or (name == "openai" and settings.openai_base_url and settings.openai_model)]

with st.sidebar:
    st.subheader("Answering")
    default = settings.app_llm if settings.app_llm in offered else "graph"
    llm = st.radio("Answerer", offered, index=offered.index(default),
                   format_func=ANSWERERS.get, key="chat_llm",
                   help="The graph answers at once; an LLM then rephrases the facts, and is "
                        "checked against them.")
    if llm != "graph":
        common.warm(svc, llm)  # loads while the question is typed
    past = st.toggle("Answer as of a date", key="chat_past")
    as_of = st.date_input("As of", value=common.start_date(settings), key="chat_as_of", disabled=not past,
                          min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31))
    if st.button("Clear the conversation", key="chat_clear"):
        st.session_state["chat_history"] = []

st.title("Chat")
history: list[dict] = st.session_state.setdefault("chat_history", [])
common.show_ingest_done("chat")  # after "Load the sample articles"

if not history:
    sources = common.attempt(svc.sources)
    if sources == []:
        common.empty_graph_intro(svc, settings, "chat")
    else:
        st.caption("Ask about the people, companies and places in the articles, e.g. "
                   "“Who is the chief executive of …?”. Turn on “Answer as of a date” to ask about the past.")


def citations(answer) -> list[dict]:
    """The sources behind each fact the answer cites ([n]): title, date and the sentence quoted."""
    cited = sorted({int(n) for n in re.findall(r"\[(\d+)\]", answer.text)})
    out = []
    for n in (n for n in cited if 1 <= n <= len(answer.facts)):
        row = answer.facts[n - 1]
        for ref in row.sources[:3]:
            opened = common.attempt(svc.source, ref.id)
            statements = opened[1] if opened else []
            wanted = set(row.fact.statements) if row.fact else set()
            sentence = next((s.sentence for s in statements if s.id in wanted and s.sentence), "")
            out.append({"n": n, "id": ref.id, "title": ref.title, "published": ref.published,
                        "kind": ref.kind, "url": ref.url, "sentence": sentence, "fact": common.fact_text(row)})
    return out


def open_in_sources(source_id: str) -> None:
    st.session_state["sources_pending_open"] = source_id
    st.session_state["chat_go_sources"] = True


def show_citations(turn: dict, key: str) -> None:
    for i, cite in enumerate(turn.get("citations") or []):
        title = f"[{cite['n']}] {cite['title']}" + (f" ({cite['published']})" if cite["published"] else "")
        with st.expander(common.md(title), icon=":material/format_quote:"):
            if cite["sentence"]:
                st.markdown("> " + common.md(cite["sentence"]))
            else:
                st.caption("No sentence: this fact comes from an edit or an import." if cite["kind"] != "article"
                           else "The sentence was not recorded.")
            st.caption(common.md(cite["fact"]))
            left, right = st.columns(2)
            left.button("Open in Sources", key=f"chat_cite_{key}_{i}", on_click=open_in_sources,
                        args=(cite["id"],), icon=":material/article:")
            if cite["url"] and str(cite["url"]).startswith(("http://", "https://")):
                right.link_button("Open the article", cite["url"], icon=":material/open_in_new:")


def show_answer(turn: dict, key: str = "new") -> None:
    answer = turn["answer"]
    scope = f"as of {answer.as_of}" if answer.as_of else "as of now"
    st.markdown(common.md(answer.text))
    st.caption(f"Graph answer, {scope}" + ("" if answer.answered else " · the graph holds no answer"))
    if turn.get("llm_note"):
        st.info(common.md(turn["llm_note"]), icon=":material/info:")
    if turn.get("llm_text") is not None:
        st.markdown(f"**{common.md(turn['llm_label'])}:** {common.md(turn['llm_text'])}")
        if turn.get("verified") is False:
            st.warning(common.md(f"Does not agree with the graph: {turn.get('verification') or 'unsupported'} "
                                 "Trust the graph's answer above."), icon=":material/warning:")
        elif turn.get("verified"):
            st.caption("The LLM's answer agrees with the graph.")
    show_citations(turn, key)
    if answer.facts:
        with st.expander(f"Facts used ({len(answer.facts)})"):
            common.fact_table(answer.facts, numbered=True)
    with st.expander("Prompt"):
        st.code(answer.prompt or "(no prompt)", language=None, wrap_lines=True)


if st.session_state.pop("chat_go_sources", False):  # a citation's "Open in Sources"
    st.switch_page("app_pages/sources.py")

for n, turn in enumerate(history):
    with st.chat_message("user"):
        st.markdown(common.md(turn["question"]))
    with st.chat_message("assistant"):
        show_answer(turn, str(n))

def ask_llm(answer, turn: dict) -> None:
    """The chosen LLM's rephrasing: say it is loading, stream its words, check it."""
    ok, why = svc.llm_available(llm)
    if not ok:
        turn["llm_note"] = f"{ANSWERERS[llm]} is not available: {why.rstrip('. ')}. Showing the graph's answer."
        return
    turn["llm_label"] = ANSWERERS[llm]
    common.wait_for(common.warm(svc, llm),
                    f"Loading the {ANSWERERS[llm]} (once after a start); the graph's answer above stands...")
    try:
        st.markdown(f"**{common.md(turn['llm_label'])}:**")
        said: list[str] = []

        def escaped():  # the reply is shown as typed, never as Markdown or HTML
            for chunk in svc.stream_llm(answer, llm):
                said.append(chunk)
                yield common.md(chunk)

        with st.spinner(f"{ANSWERERS[llm]} is writing..."):
            st.write_stream(escaped())
        turn["llm_text"] = "".join(said)
        turn["verified"], turn["verification"] = svc.verify(answer, turn["llm_text"])
    except EvergreenError as err:  # keep the graph's answer; say what failed
        turn.pop("llm_text", None)
        turn["llm_note"] = f"{ANSWERERS[llm]} failed: {err}"


question = st.chat_input("Ask a question about the news", key="chat_input")
if question and question.strip():  # an empty or blank question does nothing
    with st.chat_message("user"):
        st.markdown(common.md(question))
    with st.chat_message("assistant"):
        turn = None
        with common.shows_errors():
            common.wait_for(common.warm(svc), "Loading the language models (once after a start)...")
            answer = svc.ask(question, as_of=as_of if past else None)
            turn = {"question": question, "answer": answer, "citations": citations(answer)}
            st.markdown(common.md(answer.text))
            if llm != "graph" and answer.answered:
                ask_llm(answer, turn)
            elif llm != "graph":
                turn["llm_note"] = "The graph holds no answer, so the LLM was not asked."
        if turn is not None:
            history.append(turn)
            st.rerun()
