"""Acquisitions: "Y acquired Z", "Z was bought by Y", "Y took over Z", "Y completed its
acquisition of Z" (asserted), "Y agreed to buy Z" / "agreed the acquisition of Z" (hedged:
agreed, not completed). Gives acquired and owned_by."""

from __future__ import annotations

from kg.core.facts import Modality
from extract.lexicon import word_map, word_set
from extract.relations.claims import Claim
from extract.relations.reader import AGENT, BELONGING, SentenceReader

ACQUIRE_VERBS = word_set("acquire_verbs")
ACQUIRE_NOUNS = word_set("acquire_nouns")
ACQUIRE_NEEDS_CHILD = word_map("acquire_needs_child")
PARTIAL_STAKE_NOUNS = word_set("partial_stake_nouns")
BUYER_POSSESSIVES = word_set("buyer_possessives")
DEAL_AGREED_VERBS = word_set("deal_agreed_verbs")


def find(r: SentenceReader) -> list[Claim]:
    out = []
    for tok in r.sent:
        lemma = tok.lemma_.lower()
        targets, verb = [], None
        phrasal = lemma in ACQUIRE_NEEDS_CHILD and r.has_child_word(tok, ACQUIRE_NEEDS_CHILD, lemma) \
            and r.child(tok, "dobj") is not None  # "took over Z"
        if lemma in ACQUIRE_VERBS and tok.pos_ == "VERB" or phrasal:
            verb = tok
            obj = r.child(tok, "dobj")
            if obj is None and r.child(tok, "nsubjpass") is not None:
                obj = r.child(tok, "nsubjpass")
                buyer_tok = r.pobj(tok, *AGENT)
            else:
                buyer_tok = r.subject(tok)
            if obj is not None and obj.lemma_.lower() in PARTIAL_STAKE_NOUNS:
                continue
            targets = r.conjuncts(obj) if obj is not None else []
        elif lemma in ACQUIRE_NOUNS and tok.pos_ == "NOUN":
            of = r.pobj(tok, *BELONGING)
            if of is None or tok.head.pos_ != "VERB":
                continue
            verb = tok.head
            buyer_tok = r.subject(verb)
            poss = r.child(tok, "poss")
            if poss is not None and poss.lower_ not in BUYER_POSSESSIVES:
                buyer_tok = poss
            targets = r.conjuncts(of)
        else:
            continue
        buyer = r.name(buyer_tok, "ORG") if buyer_tok is not None else None
        if not buyer:
            continue
        modality, reason = r.modality(verb if lemma not in ACQUIRE_NOUNS else tok, acquisition=True)
        if lemma in ACQUIRE_NOUNS and verb.lemma_ in DEAL_AGREED_VERBS:
            modality, reason = Modality.HEDGED, f"{verb.lemma_}d, not completed"
        for target_tok in targets:
            target = r.name(target_tok, "ORG")
            if not target or target == buyer or r.m.votes[target].get("PERSON", 0) >= 2:
                continue
            start, until, _ = r.when(verb, target_tok)
            out.append(r.claim(buyer, "acquired", target, "ORG", "ORG", start, None, f"acquire:{lemma}",
                               modality, reason))
            out.append(r.claim(target, "owned_by", buyer, "ORG", "ORG", start, None, f"acquire:{lemma}",
                               modality, reason, 0.8))
            r.m.vote(target, "ORG")
            r.m.vote(buyer, "ORG")
        r.used.add(verb.i)
    return out
