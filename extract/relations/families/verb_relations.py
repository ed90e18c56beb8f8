"""Other verb relations: subject - verb (+ preposition) - object. A catalogue predicate when the
phrase maps onto one (synonyms, then embeddings), else an open relation with lower confidence.
Runs last: verbs an event family read (`SentenceReader.used`) are left alone."""

from __future__ import annotations

from kg.core.catalogue import Predicate, open_predicate_key
from extract.lexicon import word_set
from extract.linking import ORG_NOUNS, PLACE_NOUNS
from extract.relations.claims import Claim
from extract.relations.reader import SentenceReader

NO_RELATION_VERBS = word_set("no_relation_verbs")
# predicates whose active sentence names the object first ("X founded Y" for "Y | founded by | X")
OBJECT_FIRST_PREDICATES = ("founded_by",)


def find(r: SentenceReader) -> list[Claim]:
    out = []
    for verb in r.sent:
        if verb.pos_ != "VERB" or verb.i in r.used or verb.lemma_ in NO_RELATION_VERBS \
                or not any(c.isalpha() for c in verb.lemma_):  # "co-founded" split, "-" tagged a verb
            continue
        if verb.dep_ == "relcl":  # "X, where he had signed from Y": the clause's own subject first
            subj_tok = r.child(verb, "nsubj", "nsubjpass") or verb.head
        elif verb.dep_ in ("acl", "amod"):
            subj_tok = verb.head
        else:
            subj_tok = r.subject(verb) or r.child(verb, "nsubjpass")
        subject = r.name(subj_tok) if subj_tok is not None else None
        if not subject:
            continue
        passive = r.child(verb, "nsubjpass") is not None
        pairs = []
        obj = r.child(verb, "dobj", "attr")
        if obj is not None and not passive:
            pairs.extend((verb.lemma_, o) for o in r.conjuncts(obj))
        for prep in verb.children:
            if prep.dep_ in ("prep", "agent", "dative"):
                pobj = r.child(prep, "pobj")
                if pobj is not None:
                    word = verb.text.lower() if passive else verb.lemma_
                    pairs.extend((f"{word} {prep.lower_}", o) for o in r.conjuncts(pobj))
        particle = r.child(verb, "prt")
        for phrase, obj_tok in pairs:
            obj_name = r.name(obj_tok)
            # "led the operator": a described direct object counts ("retired ... on the board" not)
            described = obj_tok.dep_ in ("dobj", "attr") and (obj_tok.lower_ in ORG_NOUNS or obj_tok.lower_ in PLACE_NOUNS)
            if not obj_name or obj_name == subject or \
                    r.m.mention_at(obj_tok) is None and obj_tok.pos_ != "PROPN" and not described:
                continue
            if particle is not None:
                phrase = phrase.replace(verb.lemma_, f"{verb.lemma_} {particle.lower_}", 1)
            stype, otype = r.m.type_of(subject), r.m.type_of(obj_name)
            pred = r.mapper.relation(phrase, stype, otype)
            start, until, given = r.when(verb, obj_tok)
            modality, reason = r.modality(verb)
            if pred is None:
                if len(phrase) > 40:
                    continue
                # types here are NER's guesses: leave them to the linker's vote
                out.append(r.claim(subject, open_predicate_key(phrase), obj_name, "THING", "THING", start,
                                   until, "open", modality, reason, 0.5))
                continue
            sub, ob = (subject, obj_name)
            if pred.key in OBJECT_FIRST_PREDICATES and not passive or _reversed(pred, stype, otype):
                sub, ob = obj_name, subject
            out.append(r.claim(sub, pred.key, ob, pred.subject_types[0] if pred.subject_types else stype,
                               pred.object_types[0] if pred.object_types else otype, start, until,
                               f"verb:{phrase}", modality, reason, 0.7))
    return out


def _reversed(pred: Predicate, stype: str, otype: str) -> bool:
    """The sentence names the predicate's object first ("X owns Y" for "Y | owned by | X")."""
    def fits(name_type: str, types) -> bool:
        return name_type in types or name_type in ("THING", "PROPN")

    return bool(pred.subject_types and pred.object_types) and not fits(stype, pred.subject_types) \
        and fits(stype, pred.object_types) and fits(otype, pred.subject_types) and stype != otype
