"""The SPARQL in docs/data-model.md runs unchanged on an export loaded into another engine."""

import re
from pathlib import Path

from rdflib import Dataset

DOC = Path(__file__).resolve().parents[3] / "docs" / "data-model.md"


def doc_queries() -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", DOC.read_text("utf-8"), re.S)


def loaded(service) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=service.export("trig"), format="trig")
    return dataset


def germany(service):
    service.add("Germany", "head of government", "Angela Merkel", "2005-11-22", source="Merkel elected")
    service.add("Germany", "head of government", "Olaf Scholz", "2021-12-08", source="Scholz sworn in")
    service.add("Germany", "head of government", "Friedrich Merz", "2025-05-06", source="Merz sworn in")


def test_the_documented_queries_exist():
    assert len(doc_queries()) == 3


def test_current_triple_query_on_rdflib(service):
    service.add("Halvorsen Marine", "CEO", "Tomas Berg", "2023-02-14")
    rows = list(loaded(service).query(doc_queries()[0]))
    assert [str(r.ceo) for r in rows] == ["https://evergreen.example/entity/tomas-berg"]


def test_facts_as_of_query_on_rdflib_and_oxigraph(service):
    germany(service)
    query = doc_queries()[1]
    on_rdflib = [(str(r.subject), str(r.object)) for r in loaded(service).query(query)]
    on_oxigraph = [(str(r["subject"]), str(r["object"])) for r in service.store.select(query)]
    assert on_rdflib == on_oxigraph == [("Germany", "Angela Merkel")]


def test_history_query_on_rdflib(service):
    germany(service)
    rows = list(loaded(service).query(doc_queries()[2]))
    assert [(str(r.object), str(r.status).rsplit("#", 1)[1], str(r.sentence)) for r in rows] == [
        ("Angela Merkel", "superseded", "Merkel elected"),
        ("Olaf Scholz", "superseded", "Scholz sworn in"),
        ("Friedrich Merz", "current", "Merz sworn in"),
    ]
