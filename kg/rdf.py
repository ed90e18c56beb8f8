"""The only module that knows how facts look in RDF.

Layout (documented with queries in docs/data-model.md):
- default graph: the plain current triples, `<entity> <property> <object>`, so the
  current state is queryable without knowing anything else;
- graph <.../graph/facts>: one `rdf:Statement` node per derived fact, with valid
  time, record time (PROV-O), status, provenance and supersession links;
- graph <.../graph/entities>: labels, aliases and types of entities;
- one named graph per source (its IRI is the source's): the source's metadata and
  every statement it made, down to the sentence.

Terms are always written through `term()`/`literal()`, which escape everything;
no text from a user or an article is ever pasted raw into a query.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.core.catalogue import OPEN_PREFIX, Catalogue
from kg.core.entities import normalise
from kg.core.errors import InvalidFactError
from kg.core.facts import (
    AuditEntry, Entity, Fact, Kind, Modality, Precision, Ref, Source, Statement, Status, Term, TimePoint, Value,
)

BASE = "https://evergreen.example/"
EG = BASE + "ns#"
WDT = "http://www.wikidata.org/prop/direct/"
SCHEMA = "https://schema.org/"

FACTS_GRAPH = URIRef(BASE + "graph/facts")
ENTITIES_GRAPH = URIRef(BASE + "graph/entities")
AUDIT_GRAPH = URIRef(BASE + "graph/audit")

PREFIXES = {
    "eg": EG, "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "prov": str(PROV),
    "dcterms": str(DCTERMS), "skos": str(SKOS), "wdt": WDT, "schema": SCHEMA,
}
PREFIX_BLOCK = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

_ENTITY_TYPES = {"PERSON": SCHEMA + "Person", "ORG": SCHEMA + "Organization",
                 "GPE": SCHEMA + "Place", "LOC": SCHEMA + "Place", "PRODUCT": SCHEMA + "Product"}
_DATATYPES = {"string": XSD.string, "integer": XSD.integer, "decimal": XSD.decimal,
              "date": XSD.date, "year": XSD.gYear, "boolean": XSD.boolean}
_DATATYPE_NAMES = {str(v): k for k, v in _DATATYPES.items()}


def eg(name: str) -> URIRef:
    return URIRef(EG + name)


def entity_iri(entity_id: str) -> URIRef:
    return URIRef(BASE + "entity/" + entity_id)


def fact_iri(fact_id: str) -> URIRef:
    return URIRef(BASE + "fact/" + fact_id)


def statement_iri(statement_id: str) -> URIRef:
    return URIRef(BASE + "statement/" + statement_id)


def source_iri(source_id: str) -> URIRef:
    return URIRef(BASE + "source/" + source_id)


def local_id(iri: object, kind: str) -> str:
    prefix = f"{BASE}{kind}/"
    text = str(iri)
    if not text.startswith(prefix):
        raise InvalidFactError(f"{text} is not an Evergreen {kind} IRI.")
    return text[len(prefix):]


class Vocabulary:
    """Maps catalogue keys to property IRIs and back (Wikidata's where aligned)."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self._to_key = {str(self.property(p.key)): p.key for p in catalogue}

    def property(self, key: str) -> URIRef:
        if key.startswith(OPEN_PREFIX):
            return URIRef(BASE + "relation/" + key[len(OPEN_PREFIX):])
        pred = self.catalogue.get(key)
        if pred.wikidata:
            return URIRef(WDT + pred.wikidata)
        return URIRef(BASE + "property/" + key)

    def key(self, iri: object) -> str:
        text = str(iri)
        if text in self._to_key:
            return self._to_key[text]
        if text.startswith(BASE + "relation/"):
            return OPEN_PREFIX + text[len(BASE + "relation/"):]
        if text.startswith(BASE + "property/"):
            return text[len(BASE + "property/"):]
        if text.startswith(WDT):
            return "wd:" + text[len(WDT):]
        raise InvalidFactError(f"{text} is not a property Evergreen knows.")


# -- terms -----------------------------------------------------------------------------

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def term(node: URIRef | Literal) -> str:
    """SPARQL / N-Quads text of a term, escaped so that no input can change a query."""
    if isinstance(node, URIRef):
        if _IRI_FORBIDDEN.search(node):
            raise InvalidFactError(f"Refusing an IRI with characters that IRIs cannot hold: {node!r}")
        return f"<{node}>"
    if isinstance(node, Literal):
        body = _escape(str(node))
        if node.language:
            return f'"{body}"@{node.language}'
        if node.datatype and node.datatype != XSD.string:
            return f'"{body}"^^{term(URIRef(node.datatype))}'
        return f'"{body}"'
    raise InvalidFactError(f"Cannot write {type(node).__name__} terms.")


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"')
            .replace("\n", "\\n").replace("\r", "\\r"))


def time_literal(point: TimePoint) -> Literal:
    return Literal(point.date.isoformat(), datatype=XSD.date)


def datetime_literal(moment: dt.datetime) -> Literal:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return Literal(moment.isoformat(), datatype=XSD.dateTime)


def object_node(obj: Term) -> URIRef | Literal:
    if isinstance(obj, Ref):
        return entity_iri(obj.id)
    if obj.datatype == "string":
        return Literal(obj.text)
    return Literal(obj.text, datatype=_DATATYPES[obj.datatype])


def parse_object(node: object, unit: str | None = None) -> Term:
    if isinstance(node, URIRef):
        return Ref(local_id(node, "entity"))
    if isinstance(node, Literal):
        datatype = _DATATYPE_NAMES.get(str(node.datatype or XSD.string), "string")
        return Value(str(node), datatype, unit)
    raise InvalidFactError(f"Cannot read the object {node!r}.")


def parse_time(node: object, precision: object = None) -> TimePoint | None:
    if node is None:
        return None
    day = dt.date.fromisoformat(str(node)[:10])
    return TimePoint(day, Precision(str(precision)) if precision else Precision.DAY)


def parse_datetime(node: object) -> dt.datetime | None:
    return dt.datetime.fromisoformat(str(node)) if node is not None else None


# -- values -> quads ---------------------------------------------------------------------

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef | None]


def _timed(node: URIRef, name: str, point: TimePoint | None, graph: URIRef) -> Iterator[Quad]:
    if point is not None:
        yield node, eg(name), time_literal(point), graph
        yield node, eg(name + "Precision"), Literal(point.precision.value), graph


def _optional(node, pred, value, graph) -> Iterator[Quad]:
    if value is not None and value != "":
        yield node, pred, value if isinstance(value, (URIRef, Literal)) else Literal(value), graph


def entity_quads(entity: Entity) -> Iterator[Quad]:
    node, g = entity_iri(entity.id), ENTITIES_GRAPH
    yield node, RDF.type, eg("Entity"), g
    if entity.type in _ENTITY_TYPES:
        yield node, RDF.type, URIRef(_ENTITY_TYPES[entity.type]), g
    yield node, eg("entityType"), Literal(entity.type), g
    yield node, RDFS.label, Literal(entity.label), g
    for alias in entity.aliases:
        yield node, SKOS.altLabel, Literal(alias), g
    # Normalised names, so that lookups by name are index lookups at any graph size.
    for key in sorted({normalise(n) for n in (entity.label, *entity.aliases)} - {""}):
        yield node, eg("nameKey"), Literal(key), g


def source_quads(source: Source) -> Iterator[Quad]:
    node = g = source_iri(source.id)
    yield node, RDF.type, PROV.Entity, g
    yield node, RDF.type, eg("Source"), g
    yield node, eg("sourceKind"), Literal(source.kind), g
    yield from _optional(node, DCTERMS.title, source.title, g)
    if source.published:
        yield node, DCTERMS.issued, time_literal(source.published), g
        yield node, eg("issuedPrecision"), Literal(source.published.precision.value), g
    if source.published_uncertain:
        yield node, eg("issuedUncertain"), Literal(True), g
    yield from _optional(node, SCHEMA_URL, Literal(source.url, datatype=XSD.anyURI) if source.url else None, g)
    yield from _optional(node, eg("fileName"), source.file_name, g)
    yield from _optional(node, eg("contentHash"), source.content_hash, g)
    if source.recorded_at:
        yield node, PROV.generatedAtTime, datetime_literal(source.recorded_at), g
    yield from _optional(node, eg("agent"), source.agent, g)
    yield from _optional(node, eg("reason"), source.reason, g)
    yield from _optional(node, eg("text"), source.text, g)


SCHEMA_URL = URIRef(SCHEMA + "url")


def statement_quads(st: Statement, vocab: Vocabulary) -> Iterator[Quad]:
    node, g = statement_iri(st.id), source_iri(st.source_id)
    yield node, RDF.type, eg("Statement"), g
    yield node, eg("kind"), eg(st.kind.value), g
    yield node, RDF.subject, entity_iri(st.subject), g
    yield node, RDF.predicate, vocab.property(st.predicate), g
    if st.object is not None:
        yield node, RDF.object, object_node(st.object), g
        if isinstance(st.object, Value):
            yield from _optional(node, eg("unit"), st.object.unit, g)
    yield from _timed(node, "validFrom", st.valid_from, g)
    yield from _timed(node, "validUntil", st.valid_until, g)
    yield node, eg("modality"), eg(st.modality.value), g
    yield node, DCTERMS.source, source_iri(st.source_id), g
    yield from _optional(node, eg("sentence"), st.sentence, g)
    yield from _optional(node, eg("extractor"), st.extractor, g)
    yield node, eg("confidence"), Literal(round(st.confidence, 4), datatype=XSD.decimal), g
    if st.recorded_at:
        yield node, PROV.generatedAtTime, datetime_literal(st.recorded_at), g
    for target in st.targets:
        yield node, eg("target"), statement_iri(target), g
    yield from _optional(node, eg("reason"), st.reason, g)


def fact_quads(fact: Fact, vocab: Vocabulary) -> Iterator[Quad]:
    node, g = fact_iri(fact.id), FACTS_GRAPH
    yield node, RDF.type, RDF.Statement, g
    yield node, RDF.type, eg("Fact"), g
    yield node, RDF.subject, entity_iri(fact.subject), g
    yield node, RDF.predicate, vocab.property(fact.predicate), g
    yield node, RDF.object, object_node(fact.object), g
    if isinstance(fact.object, Value):
        yield from _optional(node, eg("unit"), fact.object.unit, g)
    yield node, eg("status"), eg(fact.status.value), g
    yield from _timed(node, "validFrom", fact.valid_from, g)
    yield from _timed(node, "validUntil", fact.valid_until, g)
    if fact.recorded_at:
        yield node, PROV.generatedAtTime, datetime_literal(fact.recorded_at), g
    if fact.invalidated_at:
        yield node, PROV.invalidatedAtTime, datetime_literal(fact.invalidated_at), g
    for sid in fact.statements:
        yield node, PROV.wasDerivedFrom, statement_iri(sid), g
    for src in fact.sources:
        yield node, DCTERMS.source, source_iri(src), g
    yield node, eg("confidence"), Literal(round(fact.confidence, 4), datatype=XSD.decimal), g
    if fact.replaces:
        yield node, eg("replaces"), fact_iri(fact.replaces), g
    if fact.replaced_by:
        yield node, eg("replacedBy"), fact_iri(fact.replaced_by), g
    yield from _optional(node, eg("reason"), fact.reason, g)


def audit_quads(entry: AuditEntry) -> Iterator[Quad]:
    node, g = URIRef(BASE + "audit/" + entry.id), AUDIT_GRAPH
    yield node, RDF.type, eg("AuditEntry"), g
    yield node, RDF.type, PROV.Activity, g
    yield node, eg("action"), Literal(entry.action), g
    yield node, eg("agent"), Literal(entry.agent), g
    yield node, PROV.startedAtTime, datetime_literal(entry.at), g
    if entry.source_id:
        yield node, eg("about"), source_iri(entry.source_id), g
    yield from _optional(node, DCTERMS.title, entry.title, g)
    yield from _optional(node, eg("detail"), entry.detail, g)


def audit_from_props(iri: object, props: dict) -> AuditEntry:
    about = _first(props, eg("about"))
    return AuditEntry(
        id=str(iri)[len(BASE + "audit/"):],
        action=str(_first(props, eg("action"))),
        agent=str(_first(props, eg("agent"))),
        at=parse_datetime(_first(props, PROV.startedAtTime)),
        source_id=local_id(about, "source") if about else None,
        title=_str(_first(props, DCTERMS.title)) or "",
        detail=_str(_first(props, eg("detail"))) or "",
    )


def plain_quad(fact: Fact, vocab: Vocabulary) -> Quad:
    """The current triple in the default graph."""
    return entity_iri(fact.subject), vocab.property(fact.predicate), object_node(fact.object), None


def quad_text(quads: Iterable[Quad]) -> str:
    """Quads as SPARQL `INSERT DATA` / `DELETE DATA` body text (GRAPH blocks)."""
    by_graph: dict[URIRef | None, list[str]] = {}
    for s, p, o, g in quads:
        by_graph.setdefault(g, []).append(f"{term(s)} {term(p)} {term(o)} .")
    parts = []
    for g, lines in by_graph.items():
        body = "\n".join(lines)
        parts.append(body if g is None else f"GRAPH {term(g)} {{\n{body}\n}}")
    return "\n".join(parts)


def nquad_line(s, p, o, g) -> str:
    for node in (s, p, o, g):
        if isinstance(node, BNode):
            raise InvalidFactError("Blank nodes are not used by Evergreen.")
    graph = "" if g is None else " " + term(g)
    return f"{term(s)} {term(p)} {term(o)}{graph} ."


# -- rows -> values ----------------------------------------------------------------------

def _first(props: dict, name) -> object:
    values = props.get(name)
    return values[0] if values else None


def statement_from_props(iri: object, props: dict, vocab: Vocabulary) -> Statement:
    """Rebuild a Statement from {property IRI: [values]} of its node."""
    obj_node = _first(props, RDF.object)
    unit = _first(props, eg("unit"))
    return Statement(
        id=local_id(iri, "statement"),
        subject=local_id(_first(props, RDF.subject), "entity"),
        predicate=vocab.key(_first(props, RDF.predicate)),
        object=parse_object(obj_node, str(unit) if unit else None) if obj_node is not None else None,
        source_id=local_id(_first(props, DCTERMS.source), "source"),
        kind=Kind(str(_first(props, eg("kind")))[len(EG):]),
        valid_from=parse_time(_first(props, eg("validFrom")), _first(props, eg("validFromPrecision"))),
        valid_until=parse_time(_first(props, eg("validUntil")), _first(props, eg("validUntilPrecision"))),
        modality=Modality(str(_first(props, eg("modality")))[len(EG):]),
        sentence=_str(_first(props, eg("sentence"))),
        extractor=_str(_first(props, eg("extractor"))),
        confidence=float(_first(props, eg("confidence")) or 1.0),
        recorded_at=parse_datetime(_first(props, PROV.generatedAtTime)),
        targets=tuple(sorted(local_id(t, "statement") for t in props.get(eg("target"), []))),
        reason=_str(_first(props, eg("reason"))),
    )


def fact_from_props(iri: object, props: dict, vocab: Vocabulary) -> Fact:
    unit = _first(props, eg("unit"))
    replaces, replaced_by = _first(props, eg("replaces")), _first(props, eg("replacedBy"))
    return Fact(
        id=local_id(iri, "fact"),
        subject=local_id(_first(props, RDF.subject), "entity"),
        predicate=vocab.key(_first(props, RDF.predicate)),
        object=parse_object(_first(props, RDF.object), str(unit) if unit else None),
        status=Status(str(_first(props, eg("status")))[len(EG):]),
        valid_from=parse_time(_first(props, eg("validFrom")), _first(props, eg("validFromPrecision"))),
        valid_until=parse_time(_first(props, eg("validUntil")), _first(props, eg("validUntilPrecision"))),
        recorded_at=parse_datetime(_first(props, PROV.generatedAtTime)),
        invalidated_at=parse_datetime(_first(props, PROV.invalidatedAtTime)),
        statements=tuple(sorted(local_id(s, "statement") for s in props.get(PROV.wasDerivedFrom, []))),
        sources=tuple(sorted(local_id(s, "source") for s in props.get(DCTERMS.source, []))),
        confidence=float(_first(props, eg("confidence")) or 1.0),
        replaces=local_id(replaces, "fact") if replaces else None,
        replaced_by=local_id(replaced_by, "fact") if replaced_by else None,
        reason=_str(_first(props, eg("reason"))),
    )


def source_from_props(iri: object, props: dict) -> Source:
    published = _first(props, DCTERMS.issued)
    return Source(
        id=local_id(iri, "source"),
        kind=str(_first(props, eg("sourceKind")) or "article"),
        title=str(_first(props, DCTERMS.title) or ""),
        published=parse_time(published, _first(props, eg("issuedPrecision"))) if published else None,
        published_uncertain=str(_first(props, eg("issuedUncertain"))).lower() == "true",
        url=_str(_first(props, SCHEMA_URL)),
        file_name=_str(_first(props, eg("fileName"))),
        content_hash=_str(_first(props, eg("contentHash"))),
        recorded_at=parse_datetime(_first(props, PROV.generatedAtTime)),
        agent=_str(_first(props, eg("agent"))),
        reason=_str(_first(props, eg("reason"))),
        text=_str(_first(props, eg("text"))),
    )


def entity_from_props(iri: object, props: dict) -> Entity:
    return Entity(
        id=local_id(iri, "entity"),
        label=str(_first(props, RDFS.label) or local_id(iri, "entity")),
        type=str(_first(props, eg("entityType")) or "THING"),
        aliases=tuple(sorted(str(a) for a in props.get(SKOS.altLabel, []))),
    )


def _str(node: object) -> str | None:
    return None if node is None else str(node)
