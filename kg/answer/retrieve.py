"""Question -> the relevant subgraph: linked entities, the asked predicate, the time scope,
the facts that answer it (directly or through one intermediate entity), and a ranked,
bounded neighbourhood for the prompt.

Cost is independent of the size of the graph: linking looks names up in the in-memory entity
index; facts are read per linked entity (and per neighbour for multi-hop questions), never by
scanning all facts.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from kg.core.entities import normalise
from kg.answer.chains import (
    ChainTimes, describing_head, in_nested_clause, nested_predicates, read_chain, trailing_time,
)
from kg.answer.events import MIN_EVENT, find_event
from kg.core.facts import Entity, Fact, Ref, Status
from kg.answer.intents import IntentMatcher, Intents
from kg.answer.names import names_at
from kg.core.linking import MentionLink, QuestionLinker
from kg.answer.question import QuestionForm, cues, event_phrase, read_form
from kg.answer.timescope import TimeScope, parse_scope
from kg.answer.yesno import Decision, decide

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000  # longer questions are read up to here (spaCy and the encoder)
MIN_INTENT = 0.45  # below this no predicate is taken to be asked about
ASKED_MARGIN = 0.25  # the asked predicate beats the one the graph has by this much: decline,
SAME_QUESTION = 0.8  # unless their phrases come this close (subsidiary / owned by: 0.85)
MAX_NEIGHBOURS = 25  # entities one hop away whose facts are read for multi-hop questions
MAX_SECOND_HOP = 8  # per neighbour, entities a further hop away read for three-hop chains
MAX_CHAIN_READS = 120  # entities read in all for one three-hop search (bounds the cost)
ANSWER_TYPES = {"who": {"PERSON", "ORG", "NORP"}, "where": {"GPE", "LOC", "FAC"},
                "when": {"date", "DATE"}, "how many": {"number"}, "how much": {"number"}}


@dataclass
class Focus:
    """What the question asks: `predicate` of `entity` (direction "out": the entity is the
    subject and the answers are objects; "in": the entity is the object), maybe through an
    intermediate entity `via` reached by the `bridge` facts."""

    entity: Entity
    predicate: str
    direction: str
    score: float
    via: list[Entity] = field(default_factory=list)
    bridge: list[Fact] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)  # answers holding in the scope, best first
    history: list[Fact] = field(default_factory=list)  # every version of the asked key(s)
    bridge_timed: bool = False  # the bridge was chosen at its own time (a chain with per-hop times)


@dataclass
class Retrieval:
    question: str
    scope: TimeScope
    links: list[MentionLink]
    intents: list[tuple[str, float]]
    focus: Focus | None
    facts: list[Fact]  # for the prompt: answers first, then by rank, within the budget
    entities: dict[str, Entity]
    note: str = ""  # why there is no answer, when there is none
    form: QuestionForm = field(default_factory=QuestionForm)
    decision: Decision | None = None  # for yes/no questions
    event: Fact | None = None  # the fact that dated an event named in the question
    vacated: Fact | None = None  # the last holder's ended term, when nobody holds the post now
    names: dict = field(default_factory=dict)  # entity id -> Naming, for renamed entities (kg/answer/names.py)
    claims: list = field(default_factory=list)  # held-back claims cited after the facts (kg/answer/claims.py)


class Retriever:
    def __init__(self, service, nlp, encoder):
        self.service = service
        self.nlp = nlp
        self.encoder = encoder
        self.intent_matcher = IntentMatcher(service.catalogue, encoder, nlp)
        self._linker: QuestionLinker | None = None

    @property
    def linker(self) -> QuestionLinker:
        index = self.service.index
        if self._linker is None or self._linker.index is not index:  # rebuilt after a deletion
            self._linker = QuestionLinker(index, self.encoder, self.intent_matcher.vocabulary())
        return self._linker

    # -- the pipeline ---------------------------------------------------------------------

    def retrieve(self, question: str, as_of: dt.date | None = None, budget: int = 30) -> Retrieval:
        text = " ".join(question.split())[:MAX_QUESTION_CHARS]
        today = self.service.clock().date()
        doc = self.nlp(text)
        form = read_form(doc)
        whole = _event_scope(parse_scope(text, today, as_of), form, text)
        links = self.linker.link(doc)
        whole = _predecessor_scope(whole, form, links, doc)
        chain = None if form.yes_no else read_chain(doc, links, today, as_of, form.event_span)
        scope = chain.answer if chain else whole
        anchors, topics = _split_anchors(links, doc, scope)
        intents = self.intent_matcher.read(_masked(doc, links, scope, form), doc)
        reader = _FactReader(self.service.graph)
        if form.yes_no and topics:
            return self._yes_no(text, whole, links, topics, intents, reader, form, budget)
        wanted = _answer_types(doc)
        described = {(link.start, link.end) for link in links if describing_head(doc, link) is not None}
        clause_nested = {(link.start, link.end) for link in links if in_nested_clause(doc, link, form.event_span)}
        hops = 1 + nested_predicates(doc, set(range(*form.event_span)))
        focus = None
        if chain:  # each hop at its own time; a chain that is not followed falls back to one time
            focus = self._focus(topics, intents, reader, wanted, described, chain, hops, clause_nested)
            if focus is None or not focus.via:
                chain, scope = None, whole
                anchors, topics = _split_anchors(links, doc, scope)
        if chain is None:
            focus = self._anchored(topics, anchors, scope, intents, reader, form) or \
                self._focus(topics, intents, reader, wanted, described, None, hops, clause_nested)
            inner = _link_of(topics, focus) if focus is not None and focus.via else None
            late = trailing_time(scope, doc, inner, today, as_of) if inner else None
            if late:  # the time is the bridge's: follow the chain again with each hop at its time
                timed = self._focus(topics, intents, reader, wanted, described, late, hops, clause_nested)
                if timed is not None and timed.via:
                    chain, scope, focus = late, late.answer, timed
        note, event = "", None
        if focus is not None:
            if chain and chain.relative:
                scope, event = _relative_to_bridge(scope, chain, focus, anchors)
            scope, event = (scope, event) if scope.resolved else \
                self._resolve(scope, focus, anchors, intents, reader, form)
            if not scope.resolved:
                note = f"the graph cannot place {scope.anchor!r} in time"
            else:
                self._answers(focus, scope, form)
        vacated = _vacated(focus, scope) if focus is not None and not focus.facts else None
        lead = [f for f in (event, vacated) if f is not None]
        facts = self._subgraph(focus, topics, intents, scope, reader, budget, lead)
        entities = self._entities(facts, links)
        ranked = [(k, round(s, 3)) for k, s in intents.ranked(3)]
        names = {}
        if focus is not None:
            ids = [focus.entity.id, *(v.id for v in focus.via),
                   *(e for f in focus.facts for e in (f.subject, _object_id(f)) if e)]
            def label(entity_id: str) -> str:
                return reader.entity(entity_id).label

            names = names_at(ids, label, scope.day, today, reader)
            if form.history and not scope.past:
                # a history lists each value by the name it had when it began ("Disney acquired
                # Twentieth Century Fox (2019)", now called 20th Century Studios)
                for fact in focus.facts:
                    other = _object_id(fact)
                    if other and other != focus.entity.id and fact.valid_from:
                        names.update(names_at([other], label, fact.valid_from.date, today, reader))
        return Retrieval(text, scope, links, ranked, focus, facts, entities, note, form, event=event,
                         vacated=vacated, names=names)

    def _yes_no(self, text, scope, links, topics, intents, reader, form, budget) -> Retrieval:
        """ "Did X buy Y?": decided from the facts and held-back claims joining X and Y."""
        ordered = sorted(topics, key=lambda link: link.start)
        subject = ordered[0].entity
        others = list({l.entity.id: l.entity for l in ordered[1:] if l.entity.id != subject.id}.values())
        decision = decide(subject, others, intents, scope, reader, self.service.graph, self.service.catalogue,
                          form.present)
        facts = self._subgraph(None, topics, intents, scope, reader, budget, decision.facts)
        entities = self._entities(facts, links)
        ranked = [(k, round(s, 3)) for k, s in intents.ranked(3)]
        return Retrieval(text, scope, links, ranked, None, facts, entities, decision.note, form, decision,
                         claims=decision.claims[:3])

    # -- the asked predicate and entity ----------------------------------------------------

    def _focus(self, topics: list[MentionLink], intents: Intents, reader, wanted: set[str],
               described: set[tuple[int, int]] = frozenset(), chain: ChainTimes | None = None, hops: int = 1,
               clause_nested: set[tuple[int, int]] = frozenset()) -> Focus | None:
        candidates: list[Focus] = []
        bridge_ok = chain.bridge.holds if chain else None
        for link in topics:
            entity = link.entity
            direct = self._direct(entity, intents, reader, wanted)
            # A direct answer of the wrong kind ("where" asked, a company found) may be a bridge;
            # when the name also describes a noun ("the current Starbucks CEO"), it is one.
            misfit = direct is not None and bool(wanted) and \
                not self._type_bonus(direct.history, direct.direction, wanted, reader)
            describes = misfit and (link.start, link.end) in described
            nested = link.nested or describes or (link.start, link.end) in clause_nested
            if describes:
                direct = None
            if direct and not nested:
                direct.score += 0.05
            hop = deeper = None
            if nested or misfit or direct is None or direct.score < MIN_INTENT + 0.15:
                # a name two clauses deep asks for three hops: two get no bonus for nesting then
                hop = self._hop(entity, intents, reader, wanted, nested and hops < 3, bridge_ok)
            if nested and hops >= 3:  # "Who runs the company that bought the firm X founded?"
                deeper = self._hop2(entity, intents, reader, wanted, bridge_ok)
            for candidate in (direct, hop, deeper):
                if candidate is None:
                    continue
                candidate.score *= link.score
                candidates.append(candidate)
        # The best that answers what is asked: where names are shared ("Harvard" the university
        # and a "Harvard" read elsewhere), a better-linked entity without the asked fact does not
        # hide one that has it.
        for candidate in sorted(candidates, key=lambda c: -c.score):
            if candidate.score < MIN_INTENT:
                break
            if not self._asks_something_else(candidate, intents):
                return candidate
        return None

    def _anchored(self, topics, anchors, scope, intents, reader, form) -> Focus | None:
        """ "before Tomas Berg" or "when Ingrid Dahl left" names a holder: the asked history is
        one that holds them, the best-scoring such group of the question's entities (the anchor
        is the evidence). Other events ("when it bought X") date the question but do not say
        which history is asked."""
        departure = scope.kind == "when" and form.event_ends
        if not (scope.kind in ("before", "after") or departure) or not anchors:
            return None
        ids = {a.entity.id for a in anchors}
        best = None
        for link in topics:
            for (pred, direction), facts in _groups(reader.about(link.entity.id), link.entity.id).items():
                if not ids & _ends(facts, direction):
                    continue
                score = intents.score(pred)
                if best is None or score > best.score:
                    best = Focus(link.entity, pred, direction, score, history=facts)
        return best

    def _asks_something_else(self, focus: Focus, intents: Intents) -> bool:
        """The question clearly asks for a predicate the entity has no fact for ("Who is the CEO
        of X?" where the graph knows only X's founder): answering with the closest fact it does
        have would answer another question. Declining is right. Close predicates ("owns" reads
        as both subsidiary and owned by) are the same question asked two ways. Only predicates
        an entity of the answering entity's type can have count as asked: "president" of a
        university is its chief executive, not a head of state (a place's post)."""
        holder = focus.via[-1] if focus.via else focus.entity
        ranked = intents.ranked(1, entity_type=holder.type)
        if not ranked:
            return False
        (asked, score), = ranked
        used = {focus.predicate, *(f.predicate for f in focus.bridge)}  # a hop answers two predicates
        return asked not in used and score - intents.score(focus.predicate) > ASKED_MARGIN \
            and self.intent_matcher.relatedness(asked, focus.predicate) < SAME_QUESTION

    def _direct(self, entity: Entity, intents: Intents, reader, wanted) -> Focus | None:
        best = None
        for (pred, direction), facts in _groups(reader.about(entity.id), entity.id).items():
            score = intents.score(pred) + self._type_bonus(facts, direction, wanted, reader)
            if best is None or score > best.score:
                best = Focus(entity, pred, direction, score, history=facts)
        return best

    def _hop(self, entity: Entity, intents: Intents, reader, wanted, nested: bool,
             bridge_ok=None) -> Focus | None:
        """Through one neighbour: "who runs the company that bought X" = X <-bought- C -runs-> ?
        `bridge_ok`: the bridge's own time ("the company A ran in 2019"): only facts holding
        then are followed."""
        first = _bridges(reader.about(entity.id), bridge_ok)
        first.sort(key=lambda f: -intents.score(f.predicate))
        best = None
        for bridge in first[:MAX_NEIGHBOURS]:
            other = bridge.object.id if bridge.subject == entity.id else bridge.subject
            if other == entity.id:
                continue
            link_score = intents.score(bridge.predicate)
            for (pred, direction), facts in _groups(reader.about(other), other).items():
                if bridge_ok is None and (pred == bridge.predicate or entity.id in _ends(facts, direction)):
                    continue
                # With its own time, a chain may ask the bridge's relation again at another time
                # ("Which club did X's current coach manage before?"): the bridge itself is left
                # out; a group joining the origin by another fact is about the origin, not a hop.
                if any(entity.id in (f.subject, _object_id(f)) for f in facts if f.id != bridge.id):
                    continue
                facts = [f for f in facts if f.id != bridge.id]
                if not facts:
                    continue
                score = (intents.score(pred) + 0.5 * link_score - 0.1 + (0.15 if nested else 0.0)
                         + self._type_bonus(facts, direction, wanted, reader))
                if best is None or score > best.score:
                    via = reader.entity(other)
                    bridges = [f for f in first if other in (f.subject, _object_id(f))]
                    best = Focus(entity, pred, direction, score, [via], bridges, history=facts,
                                 bridge_timed=bridge_ok is not None)
        return best

    def _hop2(self, entity: Entity, intents: Intents, reader, wanted, bridge_ok=None) -> Focus | None:
        """Through two neighbours, for a name two clauses deep: "Who runs the company that bought
        the firm X founded?" = X -founded- F <-bought- C -runs-> ?. Bounded: the best-scoring
        MAX_NEIGHBOURS first hops, MAX_SECOND_HOP second hops each, MAX_CHAIN_READS entities."""
        first = _bridges(reader.about(entity.id), bridge_ok)
        first.sort(key=lambda f: -intents.score(f.predicate))
        best, reads = None, 0
        for bridge in first[:MAX_NEIGHBOURS]:
            middle = _other_end(bridge, entity.id)
            if middle is None or middle == entity.id:
                continue
            second = [f for f in _bridges(reader.about(middle)) if f.id != bridge.id
                      and entity.id not in (f.subject, _object_id(f))]
            second.sort(key=lambda f: -intents.score(f.predicate))
            reads += 1
            for link in second[:MAX_SECOND_HOP]:
                other = _other_end(link, middle)
                if other in (None, entity.id, middle) or reads >= MAX_CHAIN_READS:
                    continue
                reads += 1
                bridges_score = 0.25 * (intents.score(bridge.predicate) + intents.score(link.predicate))
                for (pred, direction), facts in _groups(reader.about(other), other).items():
                    if pred in (bridge.predicate, link.predicate) or middle in _ends(facts, direction):
                        continue
                    score = (intents.score(pred) + bridges_score + 0.1
                             + self._type_bonus(facts, direction, wanted, reader))
                    if best is None or score > best.score:
                        best = Focus(entity, pred, direction, score, [reader.entity(middle), reader.entity(other)],
                                     [bridge, link], history=facts, bridge_timed=bridge_ok is not None)
        return best

    def _type_bonus(self, facts: list[Fact], direction: str, wanted: set[str], reader) -> float:
        if not wanted:
            return 0.0
        fact = facts[0]
        if direction == "in":
            kind = reader.entity(fact.subject).type
        elif isinstance(fact.object, Ref):
            kind = reader.entity(fact.object.id).type
        else:
            kind = "number" if fact.object.datatype in ("integer", "decimal") else fact.object.datatype
        return 0.1 if kind in wanted else 0.0

    # -- time ----------------------------------------------------------------------------

    def _resolve(self, scope: TimeScope, focus: Focus, anchors: list[MentionLink], intents: Intents,
                 reader, form: QuestionForm) -> tuple[TimeScope, Fact | None]:
        """Turn "before <X>" / "after <X>" / "when <event>" into a day, from the facts about X
        or the event (kg/answer/events.py)."""
        if scope.resolved:
            return scope, None
        before = scope.kind == "before"
        if scope.kind != "when":
            for link in anchors:  # "before Tomas Berg": where Berg enters the asked history
                for fact in sorted(focus.history, key=_start):
                    if link.entity.id in (fact.subject, _object_id(fact)) and fact.valid_from:
                        if before:
                            return scope.at(fact.valid_from.date - dt.timedelta(days=1)), fact
                        return scope.at(fact.valid_until.date if fact.valid_until else fact.valid_from.date), fact
        # Otherwise the event is a fact of the clause's entities, or of the asked entity when
        # the clause names none ("after the merger").
        words = self.intent_matcher.read(scope.anchor, self.nlp(scope.anchor))
        asked = [focus.entity.id, *(v.id for v in focus.via)]
        changes = [f for f in focus.history if f.valid_from and f.status is not Status.DEPRECATED]
        if not anchors and changes and words.score(focus.predicate) >= MIN_EVENT \
                and words.ranked(1)[0][0] == focus.predicate:
            # "What was X called before it was renamed?": the event is a change of the asked
            # value itself, the start of its latest value
            latest = max(changes, key=_start)
            day = latest.valid_from.date
            return scope.at(day - dt.timedelta(days=1) if before else day), latest
        event = find_event([l.entity.id for l in anchors], asked, words, reader, form.event_ends,
                           skip_predicate=focus.predicate)
        if event is None:
            return scope, None
        return scope.at(event.day - dt.timedelta(days=1) if before else event.day), event.fact

    def _answers(self, focus: Focus, scope: TimeScope, form: QuestionForm) -> None:
        live = [f for f in focus.history if f.status is not Status.DEPRECATED]
        if form.history and not scope.past:  # "Which clubs has X played for?": all, in time order
            focus.facts = sorted(live, key=lambda f: (_start(f), f.id))
            return
        holding = [f for f in live if scope.holds(f)]
        if focus.bridge and not focus.bridge_timed:
            bridges = [f for f in focus.bridge if scope.holds(f)] or \
                [f for f in focus.bridge if f.status is not Status.DEPRECATED]
            focus.bridge = bridges
        # Within a period named by both ends, the value whose own term matches it best first.
        holding.sort(key=lambda f: (-scope.fit(f), -scope.overlap(f), -_start(f).toordinal(), f.id))
        if self.service.catalogue.get(focus.predicate).single and scope.kind != "period":
            latest = max((_start(f) for f in holding), default=None)
            # Two current values of a single-valued predicate: the newer start is the answer.
            holding = [f for f in holding if _start(f) == latest] if latest else holding
        focus.facts = holding

    # -- the neighbourhood for the prompt --------------------------------------------------

    def _subgraph(self, focus, topics, intents, scope, reader, budget, lead=()) -> list[Fact]:
        graph = nx.MultiGraph()
        pool: dict[str, Fact] = {}
        seeds = {link.entity.id for link in topics}
        for entity_id in list(seeds)[:5]:
            for fact in reader.about(entity_id):
                pool[fact.id] = fact
        if focus:
            for fact in [*focus.bridge, *focus.history]:
                pool[fact.id] = fact
            for via in focus.via:
                seeds.add(via.id)
        for fact in pool.values():
            graph.add_edge(fact.subject, _object_id(fact) or f"value:{fact.id}", key=fact.id)
        distance: dict[str, int] = {}
        for seed in seeds & set(graph.nodes):
            for node, hops in nx.single_source_shortest_path_length(graph, seed, cutoff=2).items():
                distance[node] = min(hops, distance.get(node, 9))

        first = (list(focus.facts) + list(focus.bridge) if focus else []) + list(lead)
        for fact in lead:
            pool[fact.id] = fact
        keep = {f.id for f in first}

        def rank(fact: Fact) -> float:
            hops = min(distance.get(fact.subject, 3), distance.get(_object_id(fact) or "", 3))
            recency = _start(fact).year / 3000 if fact.valid_from else 0.0
            return (intents.score(fact.predicate) + (0.5 if scope.holds(fact) else 0.0)
                    + 0.2 * fact.confidence + 0.1 * recency - 0.2 * hops)

        rest = [f for f in pool.values() if f.id not in keep and f.status is not Status.DEPRECATED]
        if not scope.past:  # superseded versions matter only for questions about the past
            rest = [f for f in rest if f.status is Status.CURRENT or scope.holds(f)]
        rest.sort(key=lambda f: (-rank(f), f.id))
        chosen = list(dict.fromkeys(first))[:budget]
        return chosen + rest[:max(0, budget - len(chosen))]

    def _entities(self, facts: list[Fact], links: list[MentionLink]) -> dict[str, Entity]:
        ids = {f.subject for f in facts} | {_object_id(f) for f in facts if _object_id(f)}
        found = {link.entity.id: link.entity for link in links}
        missing = ids - set(found)
        if missing:
            found.update(self.service.graph.entities(missing))
        return found


class _FactReader:
    """Facts per entity, read once per question."""

    def __init__(self, graph):
        self.graph = graph
        self._facts: dict[str, list[Fact]] = {}
        self._entities: dict[str, Entity] = {}

    def about(self, entity_id: str) -> list[Fact]:
        if entity_id not in self._facts:
            self._facts[entity_id] = self.graph.facts_about(entity_id)
        return self._facts[entity_id]

    def entity(self, entity_id: str) -> Entity:
        if entity_id not in self._entities:
            found = self.graph.entities([entity_id])
            self._entities[entity_id] = found.get(entity_id, Entity(entity_id, entity_id))
        return self._entities[entity_id]


def _groups(facts: list[Fact], entity_id: str) -> dict[tuple[str, str], list[Fact]]:
    groups: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.subject == entity_id:
            groups[(fact.predicate, "out")].append(fact)
        if _object_id(fact) == entity_id:
            groups[(fact.predicate, "in")].append(fact)
    return groups


def _ends(facts: list[Fact], direction: str) -> set[str]:
    return {f.subject if direction == "in" else (_object_id(f) or "") for f in facts}


def _object_id(fact: Fact) -> str | None:
    return fact.object.id if isinstance(fact.object, Ref) else None


def _start(fact: Fact) -> dt.date:
    return fact.valid_from.date if fact.valid_from else dt.date.min


def _answer_types(doc) -> set[str]:
    """The entity types the question word asks for: "who" a person or organisation, "which
    club" an organisation (the nouns are data: question_cues.yaml answer_nouns)."""
    lowered = doc.text.casefold()
    for words, kinds in ANSWER_TYPES.items():
        if re.search(rf"\b{words}\b", lowered):
            return kinds
    nouns = {noun: kind for kind, words in cues()["answer_nouns"].items() for noun in words}
    for token in doc:
        if token.tag_ in ("WDT", "WP") and token.head.lower_ in nouns and token.head.i > token.i:
            return {nouns[token.head.lower_]}
    return set()


def _link_of(topics: list[MentionLink], focus: Focus) -> MentionLink | None:
    return next((link for link in topics if link.entity.id == focus.entity.id), None)


def _bridges(facts: list[Fact], holds=None) -> list[Fact]:
    """Facts to another entity that a chain can follow (at the bridge's own time, if given)."""
    return [f for f in facts if f.status is not Status.DEPRECATED and isinstance(f.object, Ref)
            and (holds is None or holds(f))]


def _other_end(fact: Fact, entity_id: str) -> str | None:
    return _object_id(fact) if fact.subject == entity_id else fact.subject


def _relative_to_bridge(scope: TimeScope, chain: ChainTimes, focus: Focus,
                        anchors: list[MentionLink]) -> tuple[TimeScope, Fact | None]:
    """A chain's answer time set by its bridge: "Which club did Liverpool's current coach manage
    before?" = the day before the coach's Liverpool term began; "... before joining Starbucks"
    likewise when the anchor names only entities of the chain. Else left for `_resolve`."""
    chain_ids = {focus.entity.id, *(v.id for v in focus.via)}
    if any(a.entity.id not in chain_ids for a in anchors):
        return scope, None
    last = focus.via[-1].id
    touching = [f for f in focus.bridge if last in (f.subject, _object_id(f)) and f.valid_from]
    if not touching:
        return scope, None
    bridge = max(touching, key=_start)
    if chain.relative == "before":
        return scope.at(bridge.valid_from.date - dt.timedelta(days=1)), bridge
    return scope.at(bridge.valid_until.date if bridge.valid_until else bridge.valid_from.date), bridge


def _split_anchors(links: list[MentionLink], doc, scope: TimeScope) -> tuple[list[MentionLink], list[MentionLink]]:
    """Links inside "before X"/"after X" are time anchors, not what the question is about."""
    if not scope.anchor:
        return [], links
    at = doc.text.find(scope.anchor)
    if at < 0:
        return [], links
    inside = [l for l in links if at <= doc[l.start].idx < at + len(scope.anchor)]
    return inside, [l for l in links if l not in inside]


def _vacated(focus: Focus, scope: TimeScope) -> Fact | None:
    """The asked post is empty now: its latest holder's term ended and nothing followed it."""
    if scope.past or focus.direction != "out":
        return None
    live = sorted((f for f in focus.history if f.status is not Status.DEPRECATED), key=_start)
    if not live or live[-1].valid_until is None or live[-1].valid_until.date > scope.day:
        return None
    return live[-1]


def _predecessor_scope(scope: TimeScope, form: QuestionForm, links: list[MentionLink], doc) -> TimeScope:
    """ "Whom did Brian Niccol replace as boss of Starbucks?" is "before Brian Niccol": the
    person named is the anchor, the post is what is asked."""
    if scope.kind != "now" or not form.predecessor or form.yes_no:
        return scope
    people = [l for l in links if l.entity.type == "PERSON"]
    if not people or len(people) == len(links):
        return scope
    words = doc[people[0].start:people[0].end].text
    return TimeScope("before", scope.today, text=words, anchor=words)


def _event_scope(scope: TimeScope, form: QuestionForm, text: str) -> TimeScope:
    """A question naming no date but an event ("when it bought Whole Foods", "at the time of
    the takeover") is asked as of that event, resolved against the graph later."""
    if scope.kind != "now":
        return scope
    if form.event:
        return TimeScope("when", scope.today, text=form.event_text, anchor=form.event)
    phrase = event_phrase(text)
    if phrase:
        return TimeScope("when", scope.today, text=phrase[0], anchor=phrase[1])
    return scope


def _masked(doc, links: list[MentionLink], scope: TimeScope, form: QuestionForm | None = None) -> str:
    """The question without entity names, dates and event clauses, for matching predicates."""
    drop = {i for link in links for i in range(link.start, link.end)}
    if form and form.event and scope.kind == "when":
        drop.update(range(*form.event_span))
    words = [t.text for t in doc if t.i not in drop]
    text = " ".join(words)
    if scope.text:
        text = text.replace(scope.text, " ")
    return normalise(text) or doc.text
