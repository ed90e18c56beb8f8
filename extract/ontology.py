"""Ontology-guided extraction: map what the parse finds onto a given list of relations.

Given relations such as Wikidata properties ({label, domain, range}), every
(subject, phrase, object) that the dependency parse yields is mapped onto the
relation whose label is closest in meaning (sentence-transformers embeddings over
the phrase and the relation labels, with a cut-off), or dropped. Copular and
appositive descriptions ("X is a 2010 film directed by Y", "Y's novel X") go
through the same path, so the mapping, not a list of hand-made rules, decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from extract.linking import ArticleMentions


@dataclass(frozen=True)
class Relation:
    label: str
    pid: str = ""
    domain: str = ""
    range: str = ""


@dataclass(frozen=True)
class SurfaceTriple:
    subject: str
    phrase: str
    object: str


@dataclass(frozen=True)
class Triple:
    subject: str
    relation: str
    object: str
    score: float


def _span_text(tok, mentions: ArticleMentions) -> str | None:
    mention = mentions.mention_at(tok)
    if mention is not None:
        return mentions.name(mention.text)
    if tok.pos_ in ("PROPN",) or tok.ent_type_ in ("DATE", "CARDINAL"):
        left = min(t.i for t in tok.subtree if t.dep_ in ("compound", "amod", "nummod") or t.i == tok.i)
        return tok.doc[left: tok.i + 1].text
    return None


def _subject_span(tok) -> str | None:
    """A title-like subject: the subject's words up to a bracket or comma ("Bleach: Hell Verse (...)")."""
    words = []
    for t in tok.subtree:
        if t.text in ("(", ",", "[") or t.dep_ in ("relcl", "acl", "appos") and t.i > tok.i:
            if t.i > tok.i:
                break
            words = []
            continue
        words.append(t)
    words = [w for w in words if not (w.dep_ == "det" and w.i == words[0].i)]
    if not words or not any(w.pos_ == "PROPN" for w in words):
        return None
    return tok.doc[words[0].i: words[-1].i + 1].text


def _head_entity(tok, mentions, subject: bool = False):
    """Climb from a common noun ("film") to the name it describes: "X is a film ..." -> X."""
    for _ in range(3):
        name = (_subject_span(tok) if subject and tok.dep_ in ("nsubj", "nsubjpass") else None) or _span_text(tok, mentions)
        if name:
            return name
        if tok.dep_ in ("attr", "appos") and tok.head is not tok:
            head = tok.head
            subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            tok = subj if subj is not None and head.pos_ in ("AUX", "VERB") else head
            subject = True
            continue
        break
    return None


def surface_triples(sent, mentions: ArticleMentions) -> list[SurfaceTriple]:
    """(subject, phrase, object) candidates from one parsed sentence."""
    out = []
    for verb in sent:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if verb.dep_ in ("acl", "relcl"):
            subject = _head_entity(verb.head, mentions)
        else:
            owner = verb
            while owner.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in owner.children):
                owner = owner.head  # "was directed and written by Y": the conjoined verb shares the subject
            subj_tok = next((c for c in owner.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            subject = _head_entity(subj_tok, mentions, subject=True) if subj_tok is not None else None
        if not subject:
            continue
        word = verb.text.lower() if passive or verb.dep_ == "acl" else verb.lemma_.lower()
        shared = [c for conj in verb.children if conj.dep_ == "conj" and conj.pos_ == "VERB"
                  for c in conj.children if c.dep_ == "agent"] if not any(c.dep_ == "agent" for c in verb.children) else []
        for child in [*verb.children, *shared]:
            if child.dep_ in ("dobj", "attr", "oprd") and verb.lemma_ != "be":
                targets, phrase = [child], word
            elif child.dep_ in ("prep", "agent"):
                targets = [g for g in child.children if g.dep_ == "pobj"]
                phrase = f"{word} {child.lower_}"
            elif child.dep_ == "attr" and verb.lemma_ == "be":
                kind = _class_phrase(child)
                if kind:  # "X is an American tennis player": X's class, as the ontology names it
                    out.append(SurfaceTriple(subject, "is a", kind))
                    if child.lemma_ == "player" and " " in kind:
                        out.append(SurfaceTriple(subject, "plays the sport", kind.rsplit(" ", 1)[0]))
                for prep in child.children:  # "X is a film by Y", "X is the capital of Y"
                    if prep.dep_ == "prep":
                        for g in prep.children:
                            if g.dep_ == "pobj":
                                for t in _conjuncts(g):
                                    name = _span_text(t, mentions)
                                    if name:
                                        out.append(SurfaceTriple(subject, f"{child.lemma_} {prep.lower_}", name))
                continue
            else:
                continue
            for target in targets:
                for t in _conjuncts(target):
                    name = _span_text(t, mentions)
                    if name and name != subject:
                        out.append(SurfaceTriple(subject, phrase, name))
    for tok in sent:  # "X's novel Y", "the director of Y, X"
        if tok.dep_ == "poss" and tok.head.pos_ == "NOUN":
            owner = _span_text(tok, mentions)
            named = next((c for c in tok.head.children if c.dep_ in ("appos", "compound") and _span_text(c, mentions)), None)
            if owner and named is not None:
                out.append(SurfaceTriple(_span_text(named, mentions), f"{tok.head.lemma_} by", owner))
        if tok.dep_ == "appos" and tok.pos_ == "NOUN":
            person = _span_text(tok.head, mentions)
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for g in prep.children:
                        name = _span_text(g, mentions) if g.dep_ == "pobj" else None
                        if person and name:
                            out.append(SurfaceTriple(name, tok.lemma_, person))
    return out


def _class_phrase(noun) -> str | None:
    """"a former professional tennis player" -> "tennis player" (nouns only, no adjectives)."""
    if noun.pos_ != "NOUN":
        return None
    words = [noun]
    for t in reversed(list(noun.lefts)):
        if t.dep_ == "compound" and t.pos_ in ("NOUN",) and t.i == words[0].i - 1:
            words.insert(0, t)
        else:
            break
    return " ".join(w.text for w in words)


def _conjuncts(tok):
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
    return out


class OntologyMapper:
    """Maps surface phrases onto an ontology's relations by embedding similarity."""

    def __init__(self, relations: Iterable[Relation], encode, cutoff: float = 0.45,
                 concepts: dict[str, str] | None = None):
        self.relations = list(relations)
        self.encode = encode
        self.cutoff = cutoff
        self.concepts = concepts or {}
        self._labels = self.encode([_describe(r, self.concepts) for r in self.relations])
        self._cache: dict[str, tuple[int, float]] = {}

    def best(self, phrase: str) -> tuple[Relation, float] | None:
        if phrase not in self._cache:
            vec = self.encode([phrase])[0]
            scores = self._labels @ vec
            index = int(np.argmax(scores))
            self._cache[phrase] = (index, float(scores[index]))
        index, score = self._cache[phrase]
        return (self.relations[index], score) if score >= self.cutoff else None

    def map(self, triples: Iterable[SurfaceTriple]) -> list[Triple]:
        best: dict[tuple[str, str, str], Triple] = {}
        for t in triples:
            phrase = _phrase_words(t.phrase)
            if phrase == "is a":  # a class statement: what kind of thing the object names decides
                phrase = t.object
            elif phrase == "plays the sport":
                phrase = "sport"
            found = self.best(phrase)
            if found is None:
                continue
            relation, score = found
            key = (t.subject, relation.label, t.object)
            if key not in best or best[key].score < score:
                best[key] = Triple(t.subject, relation.label, t.object, score)
        return list(best.values())


def _phrase_words(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase).strip()


def _describe(relation: Relation, concepts: dict[str, str]) -> str:
    """The relation's label, with the label of its range concept when there is one."""
    target = concepts.get(relation.range, "")
    return f"{relation.label} ({target})" if target and target != relation.label else relation.label
