"""Is an event done, only hedged (planned, agreed, reported) or negated? Read from the words
that govern the event's verb (extract/lexicon.yaml: hedges, negators, denials) and, for
acquisitions, from the phrases of a deal that is agreed but not completed."""

from __future__ import annotations

import re

from kg.core.facts import Modality
from extract.lexicon import word_map, word_set

HEDGE_GOVERNORS = word_set("hedge_governors")
HEDGE_GOVERNOR_EXCEPTIONS = word_map("hedge_governor_exceptions")
HEDGE_NOUNS = word_set("hedge_nouns")
HEDGE_ADVERBS = word_set("hedge_adverbs")
HEDGE_MODALS = word_set("hedge_modals")
NEGATORS = word_set("negators")
DENY_VERBS = word_set("deny_verbs")
REPORT_HEDGE_PHRASES = sorted(word_set("report_hedge_phrases"))
FUTURE_AUXILIARIES = word_set("future_auxiliaries")
COPULA = word_set("copula_lemmas")


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_NEEDS_APPROVAL = re.compile(rf"\b({_alternatives(word_set('approval_needs'))})\b[^.]{{0,40}}"
                             rf"\b({_alternatives(word_set('approval_nouns'))})")
_DEAL_OPEN = re.compile(rf"\b({_alternatives(word_set('deal_open_phrases'))})\b")
_GOVERNING = ("xcomp", "ccomp", "acl", "pcomp", "pobj", "advcl", "conj", "dobj", "prep", "relcl", "nsubj", "attr")


def future(verb) -> bool:
    """"will take over", "is to join"."""
    if any(c.lower_ in FUTURE_AUXILIARIES for c in verb.children):
        return True
    return any(c.lemma_ in COPULA and c.dep_ == "aux" for c in verb.children) and verb.tag_ == "VB"


def _governors(verb) -> list:
    """The verb and the words that govern it, up to the first finite verb above it."""
    chain = [verb]
    head = verb
    while head.head.i != head.i and head.dep_ in _GOVERNING:
        head = head.head
        chain.append(head)
        if head.pos_ == "VERB" and head.dep_ not in ("xcomp", "acl", "pcomp", "conj"):
            break
    return chain


def modality(verb, text: str, acquisition: bool = False) -> tuple[Modality, str | None]:
    """(modality, reason) of the event `verb` in the sentence `text`."""
    chain = _governors(verb)
    for tok in chain:
        kids = list(tok.children)
        if tok.pos_ in ("VERB", "AUX") and any(k.dep_ == "neg" or k.lower_ in NEGATORS for k in kids):
            return Modality.NEGATED, f"negated ('{' '.join(t.text for t in kids if t.dep_ == 'neg') or 'not'} {tok.text}')"
        if tok is not verb and tok.lemma_ in DENY_VERBS:
            return Modality.NEGATED, f"denied ('{tok.text}')"
    for tok in chain:
        kids = list(tok.children)
        if tok is not verb and (tok.lemma_ in HEDGE_GOVERNORS or tok.lower_ in HEDGE_NOUNS):
            exception = HEDGE_GOVERNOR_EXCEPTIONS.get(tok.lemma_, ())
            if not any(k.lower_ in exception for k in kids):
                return Modality.HEDGED, f"not done yet ('{tok.text}')"
        for k in kids:
            if k.lower_ in HEDGE_ADVERBS:
                return Modality.HEDGED, f"hedged ('{k.text}')"
            if k.dep_ == "aux" and k.lower_ in HEDGE_MODALS and tok.pos_ == "VERB":
                return Modality.HEDGED, f"hedged ('{k.text}')"
    lower = text.lower()
    if any(w in lower for w in REPORT_HEDGE_PHRASES):
        return Modality.HEDGED, "hedged (reported, not confirmed)"
    if acquisition and _NEEDS_APPROVAL.search(lower):
        return Modality.HEDGED, "agreed, not completed (needs approval)"
    if acquisition and _DEAL_OPEN.search(lower):
        return Modality.HEDGED, "agreed, not completed"
    return Modality.ASSERTED, None
