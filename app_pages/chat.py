"""Chat: questions answered from the graph, with citations, the facts used and the exact prompt."""

import datetime as dt

import streamlit as st

from app_pages import common
from kg.core.errors import EvergreenError

svc = common.service()
settings = st.session_state["app_settings"]
ANSWERERS = {"graph": "Graph only", "local": "Local LLM", "openai": "OpenAI-compatible endpoint"}

with st.sidebar:
    st.subheader("Answering")
    default = settings.app_llm if settings.app_llm in ANSWERERS else "graph"
    llm = st.radio("Answerer", list(ANSWERERS), index=list(ANSWERERS).index(default),
                   format_func=ANSWERERS.get, key="chat_llm",
                   help="The graph always answers first; an LLM only rephrases the facts, and is "
                        "checked against them.")
    past = st.toggle("Answer as of a date", key="chat_past")
    as_of = st.date_input("As of", value=dt.date.today(), key="chat_as_of", disabled=not past,
                          min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31))
    if st.button("Clear the conversation", key="chat_clear"):
        st.session_state["chat_history"] = []

st.title("Chat")
history: list[dict] = st.session_state.setdefault("chat_history", [])

if not history:
    sources = common.attempt(svc.sources)
    if sources == []:
        common.empty_graph_intro(svc, settings, "chat")
    else:
        st.caption("Ask about the people, companies and places in the articles, e.g. "
                   "“Who is the chief executive of …?”. Turn on “Answer as of a date” to ask about the past.")

if not hasattr(svc, "ask"):
    st.warning("Answering is not part of this build yet (the service has no `ask`).",
               icon=":material/construction:")
    st.stop()


def show_answer(turn: dict) -> None:
    answer = turn["answer"]
    scope = f"as of {answer.as_of}" if answer.as_of else "as of now"
    st.markdown(common.md(answer.text))
    st.caption(f"Graph answer, {scope}" + ("" if answer.answered else " · the graph holds no answer"))
    if turn.get("llm_note"):
        st.info(common.md(turn["llm_note"]), icon=":material/info:")
    if turn.get("llm_text") is not None:
        st.markdown(f"**{common.md(turn['llm_label'])}:** {common.md(turn['llm_text'])}")
        if turn.get("verified") is False:
            st.warning(common.md(f"Not supported by the graph: {turn.get('verification') or 'unsupported'}. "
                                 "Trust the graph's answer above."), icon=":material/warning:")
        elif turn.get("verified"):
            st.caption("The LLM's answer agrees with the graph.")
    if answer.facts:
        with st.expander(f"Facts used ({len(answer.facts)})"):
            common.fact_table(answer.facts, numbered=True)
    with st.expander("Prompt"):
        st.code(answer.prompt or "(no prompt)", language=None, wrap_lines=True)


for turn in history:
    with st.chat_message("user"):
        st.markdown(common.md(turn["question"]))
    with st.chat_message("assistant"):
        show_answer(turn)

question = st.chat_input("Ask a question about the news", key="chat_input")
if question:
    with st.chat_message("user"):
        st.markdown(common.md(question))
    with st.chat_message("assistant"):
        turn = None
        with common.shows_errors():
            answer = svc.ask(question, as_of=as_of if past else None)
            turn = {"question": question, "answer": answer}
            st.markdown(common.md(answer.text))
            if llm != "graph" and answer.answered:
                ok, why = svc.llm_available(llm)
                if not ok:
                    turn["llm_note"] = f"{ANSWERERS[llm]} is not available: {why}. Showing the graph's answer."
                else:
                    turn["llm_label"] = ANSWERERS[llm]
                    slot, text = st.empty(), ""
                    try:
                        for chunk in svc.stream_llm(answer, llm):
                            text += chunk
                            slot.markdown(f"**{common.md(turn['llm_label'])}:** {common.md(text)}▌")
                        turn["llm_text"] = text
                        turn["verified"], turn["verification"] = svc.verify(answer, text)
                    except EvergreenError as err:  # keep the graph's answer; say what failed
                        turn["llm_note"] = f"{ANSWERERS[llm]} failed: {err}"
            elif llm != "graph":
                turn["llm_note"] = "The graph holds no answer, so the LLM was not asked."
        if turn is not None:
            history.append(turn)
            st.rerun()
