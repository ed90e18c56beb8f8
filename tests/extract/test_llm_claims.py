"""LLM extraction (setting extraction = "llm") against a real HTTP server speaking the
OpenAI chat-completions API with scripted replies, and once against the real SmolLM2."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time

import pytest

from extract.articles import article_from_text
from extract.llm_claims import parse_reply
from kg.runtime.settings import Settings, SettingsError
from kg.core.facts import Kind, Modality
from kg.app.service import Evergreen
from tests.llm_servers import FixedReplyServer, ScriptedChatServer
from tests.conftest import FixedClock

pytestmark = pytest.mark.slow
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
CEO_TEXT = ("Kora Mining has appointed Ada Obi as chief executive on Monday. "
            "The company, based in Perth, employs 1,200 people.")


def art(text, date):
    return article_from_text(text, published=date, now=NOW)


def fact(subject, predicate, obj, sentence, status="asserted", subject_type="ORG", object_type="PERSON",
         valid_from=None, valid_until=None):
    return {"subject": subject, "subject_type": subject_type, "predicate": predicate, "object": obj,
            "object_type": object_type, "valid_from": valid_from, "valid_until": valid_until,
            "status": status, "sentence": sentence}


@pytest.fixture
def llm_service(extractor):
    """Yields a function: base_url -> a memory-store service reading with the LLM at base_url
    (the session's spaCy and encoder are reused: only the settings and LLM finder differ)."""
    opened = []

    def make(base_url, **changes):
        settings = Settings(**{"store": "memory", "user": "tester", "extraction": "llm",
                               "openai_base_url": base_url, "openai_model": "scripted", "llm_timeout": 10.0,
                               **changes})
        svc = Evergreen(settings, clock=FixedClock()).__enter__()
        svc._extractor = _with_settings(extractor, settings)
        opened.append(svc)
        return svc

    yield make
    for svc in opened:
        svc.__exit__(None, None, None)


def _with_settings(extractor, settings):
    """A shallow copy of the session's extractor (same models) with other settings."""
    import copy

    clone = copy.copy(extractor)
    clone.settings = settings
    clone._llm_finder = None
    return clone


def statements(svc, report):
    return svc.graph.statements_of_source(report.source_id)


def current(svc, entity, key):
    return [r.object for r in svc.facts(entity) if r.predicate_key == key]


def test_valid_facts_become_statements_with_dates_modality_and_provenance(llm_service):
    reply = json.dumps([
        fact("Kora Mining", "chief_executive", "Ada Obi", 1, valid_from="2020-01-06"),
        fact("the company", "headquarters", "Perth", 2, object_type="GPE"),
        fact("The company", "employees", "1,200", 2, object_type="number"),
    ])
    with ScriptedChatServer([("Kora Mining", "Here are the facts:\n```json\n" + reply + "\n```\nDone.")]) as server:
        svc = llm_service(server.base_url)
        (report,) = list(svc.ingest_articles([art(CEO_TEXT, "2020-01-10")]))
    assert report.ok and not report.held_back, report.held_back
    found = {(s.predicate, str(s.valid_from), s.modality, s.extractor) for s in statements(svc, report)}
    assert found == {
        ("chief_executive", "2020-01-06", Modality.ASSERTED, "evergreen-llm/1:openai"),
        ("headquarters", "2020-01-10", Modality.ASSERTED, "evergreen-llm/1:openai"),  # undated: publication
        ("employees", "2020-01-10", Modality.ASSERTED, "evergreen-llm/1:openai"),
    }
    assert current(svc, "Kora Mining", "chief_executive") == ["Ada Obi"]
    assert current(svc, "Kora Mining", "employees") == ["1,200"]
    assert [s.object.text for s in statements(svc, report) if s.predicate == "employees"] == ["1200"]
    assert svc.graph.source(report.source_id).agent == "evergreen-llm/1:openai"
    system, user = server.prompts[0]
    assert "Published: 2020-01-10" in user["content"] and "[2] The company" in user["content"]
    assert "chief_executive: ORG -> PERSON" in system["content"]
    assert len(system["content"]) + len(user["content"]) < 6000


def test_invalid_items_are_dropped_with_reasons_and_never_stored(llm_service):
    items = [
        fact("Kora Mining", "chief_executive", "Ada Obi", 1),  # the one valid item
        fact("Kora Mining", "chief_executive", "John Smith", 1),  # hallucinated name
        fact("Kora Mining", "employs", "Ada Obi", 1),  # unknown predicate
        fact("Ada Obi", "chief_executive", "Kora Mining", 1, subject_type="PERSON", object_type="ORG"),  # types
        fact("Kora Mining", "headquarters", "Perth", 2, object_type="GPE", valid_from="sometime soon"),  # date
        fact("Kora Mining", "headquarters", "Perth", 2, object_type="GPE", valid_from="1987"),  # not in text
        fact("Kora Mining", "employees", "5,000", 2, object_type="number"),  # a figure the text lacks
        fact("Kora Mining", "chief_executive", "Ada Obi", 7),  # no such sentence
        fact("Kora Mining", "chief_executive", "Ada Obi", 1, status="rumoured-ish"),
    ]
    broken = json.dumps(items)[:-1] + ', {"subject": "Kora Mining", "predicate": '  # cut off
    with ScriptedChatServer([("Kora Mining", broken)]) as server:
        svc = llm_service(server.base_url)
        (report,) = list(svc.ingest_articles([art(CEO_TEXT, "2020-01-10")]))
    assert report.ok
    stored = statements(svc, report)
    assert [(s.predicate, s.object.id) for s in stored] == [("chief_executive", "ada-obi")]
    reasons = " / ".join(h.reason for h in report.held_back)
    for expected in ("object 'John Smith' is not in sentence 1", "unknown predicate 'employs'",
                     "subject type PERSON does not fit chief_executive",
                     "date 'sometime soon' cannot be read", "date '1987' is not in the sentence",
                     "object '5,000' is not in sentence 2", "sentence 7 is not one of this prompt's",
                     "unknown status", "malformed JSON after 9 item(s)"):
        assert expected in reasons, (expected, reasons)
    assert len(report.held_back) == 9
    labels = {e.label for e in svc.graph.entities().values()}
    assert "Kora Mining" in labels and "John Smith" not in labels


def test_a_reply_that_is_not_json_stores_nothing_and_says_why(llm_service):
    with ScriptedChatServer([], default="I am sorry, I cannot help with that.") as server:
        svc = llm_service(server.base_url)
        (report,) = list(svc.ingest_articles([art(CEO_TEXT, "2020-01-10")]))
    assert report.ok and not statements(svc, report)
    assert [h.reason for h in report.held_back] == ["LLM reply: no JSON array in the reply"]


def test_hedged_and_negated_facts_do_not_supersede_a_current_one(llm_service):
    replies = [
        ("appointed Ada Obi", json.dumps([fact("Kora Mining", "chief_executive", "Ada Obi", 1)])),
        ("in talks", json.dumps([fact("Kora Mining", "chief_executive", "Tim Roe", 1, status="hedged"),
                                 fact("Kora Mining", "chief_executive", "Ada Obi", 2, status="negated",
                                      valid_until="2022-06-01")])),
    ]
    with ScriptedChatServer(replies) as server:
        svc = llm_service(server.base_url)
        list(svc.ingest_articles([art("Kora Mining has appointed Ada Obi as chief executive.", "2020-01-10")]))
        (report,) = list(svc.ingest_articles([art(
            "Kora Mining is in talks to hire Tim Roe as chief executive. "
            "Kora Mining denied that Ada Obi would leave.", "2022-06-01")]))
    assert current(svc, "Kora Mining", "chief_executive") == ["Ada Obi"]
    assert {s.modality for s in statements(svc, report)} == {Modality.HEDGED, Modality.NEGATED}
    assert not report.added and not report.superseded and not report.ended
    assert sorted(h.reason for h in report.held_back) == ["hedged (LLM)", "negated (LLM)"]


def test_ended_fact_ends_the_current_one(llm_service):
    replies = [
        ("appointed Ada Obi", json.dumps([fact("Kora Mining", "chief_executive", "Ada Obi", 1)])),
        ("stepped down", json.dumps([fact("Kora Mining", "chief_executive", "Ada Obi", 1, status="ended",
                                          valid_until="2022-05-30")])),
    ]
    with ScriptedChatServer(replies) as server:
        svc = llm_service(server.base_url)
        list(svc.ingest_articles([art("Kora Mining has appointed Ada Obi as chief executive.", "2020-01-10")]))
        (report,) = list(svc.ingest_articles([art(
            "Ada Obi stepped down as chief executive of Kora Mining last Monday.", "2022-06-03")]))
    (st,) = statements(svc, report)
    assert (st.kind, str(st.valid_from)) == (Kind.END, "2022-05-30")
    assert current(svc, "Kora Mining", "chief_executive") == []
    assert [r.object for r in report.ended] == ["Ada Obi"]


@pytest.mark.parametrize("server", [
    lambda: FixedReplyServer(b"<html>proxy error</html>", content_type="text/html"),
    lambda: FixedReplyServer(b"data: [DONE]\n\n", delay=3.0),
], ids=["garbage", "timeout"])
def test_a_failing_llm_falls_back_to_the_rules_with_a_note(llm_service, server):
    with server() as endpoint:
        svc = llm_service(endpoint.base_url, llm_timeout=1.0)
        started = time.monotonic()
        (report,) = list(svc.ingest_articles([art("Kora Mining has appointed Ada Obi as chief executive.",
                                                  "2020-01-10")]))
    assert time.monotonic() - started < 30
    assert report.ok and len(report.notes) == 1
    assert report.notes[0].startswith("LLM extraction failed, read by the rules instead: The LLM endpoint")
    assert "note: LLM extraction failed" in report.summary()
    assert {s.extractor.split(":")[0] for s in statements(svc, report)} == {"evergreen-rules/1"}
    assert svc.graph.source(report.source_id).agent == "evergreen-rules/1"
    assert current(svc, "Kora Mining", "chief_executive") == ["Ada Obi"]


def test_llm_extraction_works_in_worker_processes(llm_service, caplog):
    """n_process 2 forks readers (32 or more articles): they ask the LLM themselves."""
    firms = [f"{a} {b}" for a in ("Alder", "Birch", "Cedar", "Dogwood") for b in (
        "Mining", "Shipping", "Foods", "Textiles", "Optics", "Brewing", "Robotics", "Insurance")]
    people = [f"{a} {b}" for a in ("Ada", "Ivo", "Una", "Oto") for b in (
        "Quist", "Varga", "Nkemelu", "Tarrant", "Ollerby", "Pinto", "Zhukova", "Ferreira")]
    replies = [(firm, json.dumps([fact(firm, "chief_executive", person, 1)])) for firm, person in zip(firms, people)]
    caplog.set_level(logging.INFO, logger="extract.parallel")
    with ScriptedChatServer(replies) as server:
        svc = llm_service(server.base_url, n_process=2)
        reports = list(svc.ingest_articles([art(f"{firm} has appointed {person} as chief executive.", "2020-01-10")
                                            for firm, person in zip(firms, people)]))
    assert all(r.ok for r in reports) and len(server.prompts) == 32
    assert "read 32 of 32 articles in 2 worker processes" in caplog.text
    assert [current(svc, firms[i], "chief_executive") for i in (0, 31)] == [[people[0]], [people[31]]]
    assert {s.extractor for r in reports for s in statements(svc, r)} == {"evergreen-llm/1:openai"}


@pytest.mark.parametrize("reply, items, problem", [
    ('```json\n[{"a": 1}]\n```', [{"a": 1}], None),
    ('Sure! Here: [{"a": 1}, {"b": 2}] Hope it helps.', [{"a": 1}, {"b": 2}], None),
    ('{"facts": [{"a": 1}]}', [{"a": 1}], None),
    ('{"subject": "X", "predicate": "p"}', [{"subject": "X", "predicate": "p"}], None),
    ('[{"a": 1}, {"b": ', [{"a": 1}], "malformed JSON after 1 item(s)"),
    ("no facts here", [], "no JSON array in the reply"),
    ("", [], "empty reply"),
])
def test_parse_reply_tolerates_wrapping_and_keeps_complete_items(reply, items, problem):
    assert parse_reply(reply) == (items, problem)


def test_extraction_settings_are_checked():
    assert Settings().extraction == "hybrid"  # the default: it scores best (docs/BENCHMARKS.md)
    with pytest.raises(SettingsError, match="extraction must be rules, learned, hybrid or llm"):
        Settings.from_mapping({"extraction": "gpt"})
    with pytest.raises(SettingsError, match="extraction_llm must be openai or local"):
        Settings.from_mapping({"extraction_llm": "graph"})


def test_the_real_local_smollm2_runs_end_to_end_and_stores_only_checked_facts(extractor):
    """SmolLM2-135M is too small to extract well: no assertion on what it finds, only that it
    runs and that whatever is stored passed the checks (names in the sentence, known predicate)."""
    from extract.llm_claims import LLMClaimFinder
    from kg.llms.base import make_llm

    settings = Settings(store="memory", user="tester", extraction="llm", extraction_llm="local",
                        llm_timeout=60.0)
    with Evergreen(settings, clock=FixedClock()) as svc:
        svc._extractor = _with_settings(extractor, settings)
        svc._extractor._llm_finder = LLMClaimFinder(svc.catalogue, make_llm("local", settings),
                                                    max_reply_tokens=64)
        (report,) = list(svc.ingest_articles([art(
            "Kora Mining has appointed Ada Obi as chief executive.", "2020-01-10")]))
        assert report.ok and not report.notes, report.summary()
        for st in statements(svc, report):
            assert st.extractor == "evergreen-llm/1:local"
            assert st.predicate in svc.catalogue
            names = [svc.graph.entity(st.subject).label]
            if hasattr(st.object, "id"):
                names.append(svc.graph.entity(st.object.id).label)
            assert all(n in st.sentence for n in names), (names, st.sentence)
