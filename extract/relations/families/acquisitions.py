"""Acquisitions: "Y acquired Z", "Z was bought by Y", "Y took over Z", "Y completed its
acquisition of Z" (asserted), "Y agreed to buy Z" / "agreed the acquisition of Z" (hedged:
agreed, not completed). Gives acquired and owned_by.

The shapes are data: patterns/acquisitions.yaml says which token is the trigger, the target,
the buyer and the governing verb; patterns/aspect.yaml which verbs only agree a deal. This
module applies them and builds the claims."""

from __future__ import annotations

from kg.core.facts import Modality
from extract.relations.claims import Claim
from extract.relations.matching import PatternSet
from extract.relations.reader import SentenceReader

SHAPES = PatternSet("acquisitions")
ASPECT = PatternSet("aspect", anchor="event")


def find(r: SentenceReader) -> list[Claim]:
    out = []
    doc = r.sent.doc
    agreed = {m.slots["event"] for m in ASPECT.first_matches(r.sent) if m.label == "agreed"}
    for match in SHAPES.first_matches(r.sent):
        trigger = match.token(doc, "trigger")
        verb = match.token(doc, "verb") or trigger
        buyer_tok = match.token(doc, "buyer") if "buyer" in match.slots else r.subject(verb)
        buyer = r.name(buyer_tok, "ORG") if buyer_tok is not None else None
        if not buyer:
            continue
        modality, reason = r.modality(trigger, acquisition=True)
        if trigger.i in agreed:
            modality, reason = Modality.HEDGED, f"{verb.lemma_}d, not completed"
        target_tok = match.token(doc, "target")
        for target_tok in _targets(r, trigger, target_tok) if target_tok is not None else []:
            out.extend(_bought(r, buyer, target_tok, verb, trigger, modality, reason))
        r.used.add(verb.i)
    return out


def _targets(r: SentenceReader, trigger, target_tok) -> list:
    """The target and its conjuncts (a firm's businesses: the firm); in a gapped list ("bought
    Pixar in 2006, Marvel in 2009 and Lucasfilm in 2012") the small parser hangs the later
    names on the verb as an unlabelled dependent ("dep"), and they are targets too."""
    if target_tok.pos_ == "NOUN" and r.m.mention_at(target_tok) is None:
        # "its acquisition of 21st Century Fox's film and television businesses": the firm whose
        # businesses were bought
        owner = r.child(target_tok, "poss")
        target_tok = owner if owner is not None and r.m.mention_at(owner) is not None else target_tok
    out = r.conjuncts(target_tok)
    for tok in trigger.children:
        if tok.dep_ == "dep" and tok.i > target_tok.i and r.m.mention_at(tok) is not None:
            out.extend(r.conjuncts(tok))
    return out


def _bought(r: SentenceReader, buyer: str, target_tok, verb, trigger, modality, reason) -> list[Claim]:
    target = r.name(target_tok, "ORG")
    if not target or target == buyer or r.m.votes[target].get("PERSON", 0) >= 2:
        return []
    start, _, _ = r.when(verb, target_tok)
    rule = f"acquire:{trigger.lemma_.lower()}"
    claims = [r.claim(buyer, "acquired", target, "ORG", "ORG", start, None, rule, modality, reason),
              r.claim(target, "owned_by", buyer, "ORG", "ORG", start, None, rule, modality, reason, 0.8)]
    r.m.vote(target, "ORG")
    r.m.vote(buyer, "ORG")
    return claims
