"""Figures: populations, staff and revenue ("the city has 80,000 inhabitants", "employs 1,400
people", "revenue of $2.1 billion"), with the unit a currency word gives."""

from __future__ import annotations

import re

from kg.core.facts import Modality
from extract.lexicon import word_map, word_set
from extract.relations.claims import Claim
from extract.relations.reader import BELONGING, SentenceReader

FIGURE_NOUNS = word_map("figure_nouns")
STAFF_VERBS = word_set("staff_verbs")
POPULATION_NOUNS = word_set("population_nouns")
SCALES = word_map("number_scales")
CURRENCIES = word_map("currency_words")
_NUM_TEXT = re.compile(r"^[\d.,]+$")


def find(r: SentenceReader) -> list[Claim]:
    out = []
    for tok in r.sent:
        if tok.pos_ != "NUM" or not re.search(r"\d", tok.text) or tok.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL"):
            continue
        if re.fullmatch(r"(1[0-9]{3}|20[0-9]{2})", tok.text) and tok.ent_type_ != "CARDINAL":
            continue
        key, unit = _kind(r, tok)
        if key is None:
            continue
        value = _number(tok)
        if value is None:
            continue
        want = "GPE" if key == "population" else "ORG"
        holder = _holder(r, tok, want)
        if not holder:
            continue
        start, until, _ = r.when(tok.head if tok.head.pos_ in ("VERB", "ADP") else tok, tok)
        modality, reason = r.modality(tok.head) if tok.head.pos_ == "VERB" else (Modality.ASSERTED, None)
        out.append(r.claim(holder, key, value, want, "number", start, None, f"figure:{key}", modality,
                           reason, 0.85, unit=unit or _currency(r, tok)))
        r.m.vote(holder, want, 1)
    return out


def _kind(r: SentenceReader, num) -> tuple[str | None, str | None]:
    near = [num.head, *num.head.children, *num.head.ancestors][:8]
    if any(t.lemma_ in STAFF_VERBS for t in near):  # "employs 1,400 people": staff, not residents
        return "employees", None
    for t in near:
        if t.lemma_.lower() in FIGURE_NOUNS:
            return FIGURE_NOUNS[t.lemma_.lower()]
    for t in r.sent:
        if t.lemma_.lower() in POPULATION_NOUNS:
            return "population", None
    return None, None


def _currency(r: SentenceReader, num) -> str | None:
    for t in (*num.head.children, num.head, *r.sent[max(0, num.i - r.sent.start - 1): num.i - r.sent.start]):
        unit = CURRENCIES.get(t.lower_)
        if unit:
            return unit
    return None


def _holder(r: SentenceReader, num, want) -> str | None:
    for t in r.sent:
        if t.lemma_.lower() in FIGURE_NOUNS:
            poss = r.child(t, "poss")
            if poss is not None:
                return r.name(poss, want)
            of = r.pobj(t, *BELONGING)
            if of is not None and r.name(of, want):
                return r.name(of, want)
    verb = num.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subj = r.subject(verb) if verb.pos_ in ("VERB", "AUX") else None
    if subj is not None and subj.lemma_.lower() not in FIGURE_NOUNS:
        name = r.name(subj, want)
        if name:
            return name
    fits = (lambda t: t in ("GPE", "LOC", "NORP")) if want == "GPE" else (lambda t: t == "ORG")
    return r.m.main(fits)


def _number(tok) -> str | None:
    text = tok.text.replace(",", "")
    if not _NUM_TEXT.match(text):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in SCALES:
        value *= SCALES[nxt.lower_]
    return str(int(value)) if value.is_integer() else repr(value)
