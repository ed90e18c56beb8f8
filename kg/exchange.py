"""Export and import: TriG, N-Quads, Turtle, JSON-LD out; TriG, N-Quads and fact tables in.

Exports carry everything (sources with their statements, entities, derived facts,
the plain current triples), with stable IRIs and no blank nodes, so two exports of
the same graph are equal once their N-Quads lines are sorted. Imports rebuild
sources, statements and entities and recompute the facts, so an export imported
into an empty store gives the same graph back: that is the backup procedure.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import defaultdict
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF

from kg import rdf
from kg.core.errors import EvergreenError, ImportFormatError
from kg.core.facts import Ref, Source, Statement, TimePoint, digest
from kg.core.literals import value_for
from kg.graph.rdf import ENTITIES_GRAPH, FACTS_GRAPH, PREFIXES, nquad_line
from kg.graph.report import Report
from kg.graph.store import QuadStore
from kg.graph.stores.lease import LOCK_GRAPH

EXPORT_FORMATS = ("trig", "nquads", "turtle", "jsonld")
_RDFLIB_FORMAT = {"trig": "trig", "turtle": "turtle", "jsonld": "json-ld"}


def nquads(store: QuadStore) -> str:
    """The whole store as sorted N-Quads: the canonical, comparable form."""
    lines = sorted(nquad_line(*q) for q in store.quads() if q[3] != LOCK_GRAPH)
    return "\n".join(lines) + ("\n" if lines else "")


def export_text(store: QuadStore, fmt: str = "trig") -> str:
    fmt = fmt.lower().replace("-", "")
    if fmt in ("nq", "nquads"):
        return nquads(store)
    if fmt not in _RDFLIB_FORMAT:
        raise ImportFormatError(f"Unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}.")
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    dataset.parse(data=nquads(store), format="nquads")
    if fmt == "turtle":
        # Turtle has no named graphs: flatten them (statements still name their source).
        from rdflib import Graph

        flat = Graph()
        for prefix, namespace in PREFIXES.items():
            flat.bind(prefix, namespace)
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            flat.add((s, p, o))
        return flat.serialize(format="turtle")
    return dataset.serialize(format=_RDFLIB_FORMAT[fmt])


def import_path(service, path: Path) -> Report:
    if not path.is_file():
        raise ImportFormatError(f"{path} is not a file.")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".csv"):
        return import_fact_table(service, path)
    formats = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}
    if suffix not in formats:
        raise ImportFormatError(
            f"Cannot import {path.name}: use a .trig or .nq export, or a .jsonl/.csv table of facts."
        )
    try:
        data = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise ImportFormatError(f"{path.name} is not UTF-8 text.") from None
    return import_rdf(service, data, formats[suffix], name=path.name)


def import_rdf(service, data: str, fmt: str, name: str = "import") -> Report:
    dataset = Dataset()
    try:
        dataset.parse(data=data, format=fmt)
    except Exception as err:  # rdflib's parsers raise many unrelated types
        raise ImportFormatError(f"Cannot parse {name} as {fmt}: {str(err).splitlines()[0][:200]}") from None
    nodes: dict[tuple, dict] = defaultdict(lambda: defaultdict(list))
    extra = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graph = getattr(g, "identifier", g)
        graph = None if graph is None or str(graph) == "urn:x-rdflib:default" else URIRef(graph)
        if graph is None or graph == FACTS_GRAPH:
            continue  # derived: recomputed from the statements below
        if not isinstance(s, URIRef) or not str(s).startswith(rdf.BASE):
            extra.append((s, p, o, graph))
            continue
        nodes[(graph, s)][p].append(o)

    sources, statements, entities = [], [], []
    try:
        for (graph, node), props in nodes.items():
            types = set(props.get(RDF.type, []))
            if rdf.eg("Source") in types:
                sources.append(rdf.source_from_props(node, props))
            elif rdf.eg("Statement") in types:
                statements.append(rdf.statement_from_props(node, props, service.graph.vocab))
            elif graph == ENTITIES_GRAPH:
                entities.append(rdf.entity_from_props(node, props))
            else:  # the audit log, and anything else of ours, goes back as it was
                extra.extend((node, p, o, graph) for p, values in props.items() for o in values)
    except (EvergreenError, ValueError, TypeError, KeyError) as err:
        raise ImportFormatError(f"{name} is not an Evergreen export: {err}") from None
    report = Report("import", title=name, statements=len(statements))
    return service.commit(report, sources=sources, statements=statements, entities=entities,
                          extra_quads=extra, log=False)


_COLUMNS = ("subject", "predicate", "object")


def import_fact_table(service, path: Path) -> Report:
    """Rows of ready-made facts: subject, predicate, object, valid_from, valid_until, source."""
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise ImportFormatError(f"{path.name} is not UTF-8 text.") from None
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        rows = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise ImportFormatError(f"{path.name} line {number}: not JSON ({err.msg}).") from None
    if not rows:
        raise ImportFormatError(f"{path.name} holds no facts.")
    now = service.clock()
    file_hash = hashlib.sha256(text.encode()).hexdigest()
    sources: dict[str, Source] = {}
    entities = {}
    statements = []
    for number, row in enumerate(rows, 1):
        where = f"{path.name} row {number}"
        if not isinstance(row, dict) or any(not str(row.get(c) or "").strip() for c in _COLUMNS):
            raise ImportFormatError(f"{where}: needs {', '.join(_COLUMNS)}.")
        try:
            pred = service.catalogue.resolve(str(row["predicate"]))
            subject = _entity(service, entities, str(row["subject"]), pred.subject_types)
            if pred.literal:
                obj = value_for(str(row["object"]), pred.object_types)
            else:
                obj = Ref(_entity(service, entities, str(row["object"]), pred.object_types).id)
            label = str(row.get("source") or path.name)
            source = sources.setdefault(label, Source(
                id="import-" + digest(file_hash, label, size=12), kind="import", title=label,
                file_name=path.name, recorded_at=now, content_hash=None,
                published=TimePoint.parse(row.get("published") or None),
            ))
            statements.append(Statement(
                subject=subject.id, predicate=pred.key, object=obj, source_id=source.id,
                valid_from=TimePoint.parse(row.get("valid_from") or None),
                valid_until=TimePoint.parse(row.get("valid_until") or None),
                sentence=row.get("sentence") or None, extractor="import",
                confidence=float(row.get("confidence") or 1.0), recorded_at=now,
            ))
        except EvergreenError as err:
            raise ImportFormatError(f"{where}: {err}") from None
        except ValueError as err:
            raise ImportFormatError(f"{where}: {err}") from None
    new = [e for e in entities.values() if e.id not in service.index]
    report = Report("import", title=path.name, file=str(path), statements=len(statements))
    return service.commit(report, sources=list(sources.values()), statements=statements, entities=new)


def _entity(service, seen: dict, label: str, types):
    entity = service.entity_for(label, types)
    return seen.setdefault(entity.id, entity)
