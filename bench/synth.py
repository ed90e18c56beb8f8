"""Realistic synthetic fact graphs for benchmarks: many entities, single- and multi-valued
predicates, histories several versions deep, several statements per source article.

    .venv/bin/python bench/synth.py --facts 100000 --store bench/out/store-100k

Writes straight through pyoxigraph's bulk loader (the facts are still derived by
kg.core.temporal, exactly as commits derive them), and a questions file beside the store
for the latency benchmark.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from collections import defaultdict
from pathlib import Path

from kg import rdf
from kg.core.catalogue import Catalogue
from kg.core.facts import Entity, Ref, Source, Statement, Status, TimePoint, Value
from kg.graph.rdf import Vocabulary
from kg.graph.stores.oxigraph import OxigraphStore
from kg.core.temporal import timeline

SYLLABLES = ["var", "lin", "dor", "mek", "sal", "tor", "vin", "bra", "kel", "nor", "ost", "ria",
             "fen", "gal", "hal", "jun", "lum", "pax", "quo", "rud", "sen", "tul", "wex", "zan"]
FIRST = ["Anna", "Ben", "Clara", "David", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kai",
         "Lena", "Mateo", "Nadia", "Omar", "Petra", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Viktor"]
KINDS = ["Holdings", "Labs", "Marine", "Systems", "Foods", "Energy", "Motors", "Logistics", "Bank"]


def name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


class Generator:
    def __init__(self, seed: int = 42):
        self.rng = random.Random(seed)
        self.entities: dict[str, Entity] = {}
        self.statements: list[Statement] = []
        self.sources: list[Source] = []
        self.questions: list[dict] = []
        self.now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)

    def entity(self, label: str, kind: str) -> str:
        base = label.lower().replace(" ", "-")
        entity_id, n = base, 1
        while entity_id in self.entities and self.entities[entity_id].label != label:
            n += 1
            entity_id = f"{base}-{n}"
        self.entities.setdefault(entity_id, Entity(entity_id, label, kind))
        return entity_id

    def person(self) -> str:
        return self.entity(f"{self.rng.choice(FIRST)} {name(self.rng, 2)}", "PERSON")

    def history(self, subject: str, predicate: str, values, start_year: int) -> None:
        year = start_year
        for value in values:
            when = TimePoint.parse(f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}")
            self.say(subject, predicate, value, when)
            year += self.rng.randint(1, 6)

    def say(self, subject, predicate, obj, when) -> None:
        self.statements.append(Statement(subject, predicate, obj, "pending", valid_from=when,
                                         sentence=f"{subject} {predicate} {obj}", confidence=0.9,
                                         recorded_at=self.now))

    def company(self, i: int) -> None:
        label = f"{name(self.rng, 2)} {self.rng.choice(KINDS)} {i}"
        company = self.entity(label, "ORG")
        rng = self.rng
        start = rng.randint(1980, 2015)
        ceos = [Ref(self.person()) for _ in range(rng.randint(1, 5))]
        self.history(company, "chief_executive", ceos, start)
        cities = [Ref(self.entity(f"{name(rng, 2)}ville", "GPE")) for _ in range(rng.randint(1, 3))]
        self.history(company, "headquarters", cities, start)
        self.history(company, "employees", [Value(str(rng.randint(10, 90000)), "integer") for _ in range(rng.randint(1, 3))], start)
        for _ in range(rng.randint(0, 4)):
            target = self.entity(f"{name(rng, 3)} {rng.choice(KINDS)}", "ORG")
            self.say(company, "acquired", Ref(target), TimePoint.parse(str(rng.randint(start, 2025))))
        self.say(company, "founded_by", Ref(self.person()), TimePoint.parse(str(start)))
        self.questions.append({"q": f"Who is the chief executive of {label}?", "kind": "current"})
        self.questions.append({"q": f"Who ran {label} in {start + 2}?", "kind": "past"})
        self.questions.append({"q": f"Where is {label} headquartered?", "kind": "current"})

    def assign_sources(self) -> None:
        """Shuffle statements into articles of 2-8 statements each."""
        self.rng.shuffle(self.statements)
        assigned, i, n = [], 0, 0
        while i < len(self.statements):
            size = self.rng.randint(2, 8)
            chunk = self.statements[i:i + size]
            day = max(s.valid_from.date for s in chunk)
            source = Source(f"synth-{n}", title=f"Synthetic article {n}", published=TimePoint(day),
                            recorded_at=self.now, text=" ".join(s.sentence for s in chunk))
            self.sources.append(source)
            assigned.extend(Statement(**{**s.__dict__, "source_id": source.id, "id": ""}) for s in chunk)
            i, n = i + size, n + 1
        self.statements = assigned

    def facts(self, catalogue: Catalogue):
        by_key = defaultdict(list)
        for st in self.statements:
            by_key[st.key].append(st)
        for key, group in by_key.items():
            yield from timeline(group, single=catalogue.get(key[1]).single)


def generate(target_facts: int, store_path: Path, seed: int = 42) -> dict:
    catalogue = Catalogue.load()
    vocab = Vocabulary(catalogue)
    gen = Generator(seed)
    i = 0
    # About 9 facts per company on average; generate, then derive, then top up if short.
    while True:
        for _ in range(max(1, (target_facts - len(gen.statements)) // 9)):
            gen.company(i)
            i += 1
        if len(gen.statements) >= target_facts:
            break
    gen.statements = gen.statements[:target_facts]
    gen.assign_sources()
    started = time.perf_counter()
    facts = list(gen.facts(catalogue))
    store = OxigraphStore(store_path)
    written = 0
    for chunk in _chunks(_quads(gen, facts, vocab), 200_000):
        store.bulk_add(chunk)
        written += len(chunk)
    store.flush()
    store.close()
    (store_path.parent / f"{store_path.name}.questions.jsonl").write_text(
        "\n".join(json.dumps(q) for q in gen.questions[:2000]) + "\n")
    return {"facts": len(facts), "statements": len(gen.statements), "sources": len(gen.sources),
            "entities": len(gen.entities), "quads": written,
            "seconds": round(time.perf_counter() - started, 1)}


def _quads(gen: Generator, facts, vocab):
    for entity in gen.entities.values():
        yield from rdf.entity_quads(entity)
    for source in gen.sources:
        yield from rdf.source_quads(source)
    for st in gen.statements:
        yield from rdf.statement_quads(st, vocab)
    for fact in facts:
        yield from rdf.fact_quads(fact, vocab)
        if fact.status is Status.CURRENT:
            yield rdf.plain_quad(fact, vocab)


def _chunks(items, size):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=10000)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if args.store.exists():
        raise SystemExit(f"{args.store} exists; remove it first.")
    print(json.dumps(generate(args.facts, args.store, args.seed)))


if __name__ == "__main__":
    main()
