"""Is an event done, only hedged (planned, agreed, reported) or negated? Read from the words
that govern the event's verb: the dependency shapes of patterns/modality.yaml (a negation or
hedge child, spaCy's DependencyMatcher), the governing words of extract/lexicon.yaml (hedge
verbs and nouns, denials) and, for acquisitions, the phrases of a deal that is agreed but not
completed."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.matcher import DependencyMatcher

from kg.core.facts import Modality
from extract.lexicon import word_map, word_set
from extract.relations.matching import load

HEDGE_GOVERNORS = word_set("hedge_governors")
HEDGE_GOVERNOR_EXCEPTIONS = word_map("hedge_governor_exceptions")
HEDGE_NOUNS = word_set("hedge_nouns")
DENY_VERBS = word_set("deny_verbs")
REPORT_HEDGE_PHRASES = sorted(word_set("report_hedge_phrases"))
FUTURE_AUXILIARIES = word_set("future_auxiliaries")
COPULA = word_set("copula_lemmas")
REPORTED_FUTURE_MODALS = word_set("reported_future_modals")
REPORT_VERBS = word_set("report_verbs")


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_NEEDS_APPROVAL = re.compile(rf"\b({_alternatives(word_set('approval_needs'))})\b[^.]{{0,40}}"
                             rf"\b({_alternatives(word_set('approval_nouns'))})")
_DEAL_OPEN = re.compile(rf"\b({_alternatives(word_set('deal_open_phrases'))})\b")
_SHAPES_KEY = "evergreen.modality_shapes"  # the cache in Doc.user_data
_GOVERNING = ("xcomp", "ccomp", "acl", "pcomp", "pobj", "advcl", "conj", "dobj", "prep", "relcl", "nsubj", "attr")


@lru_cache(maxsize=4)
def _matcher(vocab) -> DependencyMatcher:
    matcher = DependencyMatcher(vocab)
    for name, patterns in load("modality").items():
        matcher.add(name, patterns)
    return matcher


def shapes(doc) -> dict[str, dict[int, set[int]]]:
    """The document's modality shapes: shape name -> event token id -> its cue token ids.
    Matched once per document, on first use (matching a Span would copy it into a new Doc)."""
    found = doc.user_data.get(_SHAPES_KEY)
    if found is None:
        found = {}
        for key, (event, cue, *_) in _matcher(doc.vocab)(doc):
            found.setdefault(doc.vocab.strings[key], {}).setdefault(event, set()).add(cue)
        doc.user_data[_SHAPES_KEY] = found
    return found


def reported_future(verb) -> bool:
    """"Boeing said that it would move ...": the sequence of tenses turns the announced "will
    move" into "would move" in a clause a reporting verb governs; that is a future, not a hedge.
    Conjoined verbs share the clause ("said it would close A and move B")."""
    if not any(c.dep_ == "aux" and c.lower_ in REPORTED_FUTURE_MODALS for c in verb.children):
        return False
    head = verb
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    return head.dep_ == "ccomp" and head.head.lemma_ in REPORT_VERBS


def future(verb) -> bool:
    """"will take over", "is to join", "said it would move"; a scheduled event in the simple
    present ("Aas starts on January 8", news for what is planned), and a participle of a clause
    that is future ("starts on January 8, taking over from X")."""
    if any(c.lower_ in FUTURE_AUXILIARIES for c in verb.children) or reported_future(verb):
        return True
    if any(c.lemma_ in COPULA and c.dep_ == "aux" for c in verb.children) and verb.tag_ == "VB":
        return True
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_ not in COPULA \
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return True
    return verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i \
        and verb.head.pos_ in ("VERB", "AUX") and future(verb.head)


def _governors(verb) -> list:
    """The verb and the words that govern it, up to the first finite verb above it (or the noun a
    relative clause describes)."""
    chain = [verb]
    head = verb
    while head.head.i != head.i and head.dep_ in _GOVERNING:
        relative = head.dep_ == "relcl"
        head = head.head
        chain.append(head)
        if relative:  # "a deal under which X would buy Y" is the deal's; "Varga, who was elected in
            break     # 2019, is seeking a second term": the clause above the noun does not qualify it
        if head.pos_ == "VERB" and head.dep_ not in ("xcomp", "acl", "pcomp", "conj"):
            break
    return chain


def modality(verb, text: str, acquisition: bool = False, found: dict | None = None) -> tuple[Modality, str | None]:
    """(modality, reason) of the event `verb` in the sentence `text`; `found`: the sentence's
    document's `shapes` (looked up here when not given)."""
    found = shapes(verb.doc) if found is None else found
    negated, hedged = found.get("negated", {}), found.get("hedged", {})
    chain = _governors(verb)
    for tok in chain:
        kids = list(tok.children)
        if tok.i in negated:
            return Modality.NEGATED, f"negated ('{' '.join(t.text for t in kids if t.dep_ == 'neg') or 'not'} {tok.text}')"
        if tok is not verb and tok.lemma_ in DENY_VERBS:
            return Modality.NEGATED, f"denied ('{tok.text}')"
    for tok in chain:
        kids = list(tok.children)
        if tok is not verb and (tok.lemma_ in HEDGE_GOVERNORS or tok.lower_ in HEDGE_NOUNS):
            exception = HEDGE_GOVERNOR_EXCEPTIONS.get(tok.lemma_, ())
            if not any(k.lower_ in exception for k in kids):
                return Modality.HEDGED, f"not done yet ('{tok.text}')"
        cue = next((k for k in kids if k.i in hedged.get(tok.i, ())
                    and not (k.lower_ in REPORTED_FUTURE_MODALS and reported_future(tok))), None)  # the first, as written
        if cue is not None:
            return Modality.HEDGED, f"hedged ('{cue.text}')"
    lower = text.lower()
    if any(w in lower for w in REPORT_HEDGE_PHRASES):
        return Modality.HEDGED, "hedged (reported, not confirmed)"
    if acquisition and _NEEDS_APPROVAL.search(lower):
        return Modality.HEDGED, "agreed, not completed (needs approval)"
    if acquisition and _DEAL_OPEN.search(lower):
        return Modality.HEDGED, "agreed, not completed"
    return Modality.ASSERTED, None
