"""Head offices: "Y moved its headquarters from A to B", "opened its new head office in B",
"Y, based in B", "the B-based Y"."""

from __future__ import annotations

from kg.core.facts import Modality
from extract.lexicon import word_map, word_set
from extract.relations.claims import Claim
from extract.relations.reader import BASED_IN, DESTINATION, OPENED_IN, SOURCE, SentenceReader

MOVE_VERBS = word_set("move_verbs")
HQ_NOUNS = word_set("hq_nouns")
OPEN_VERBS = word_set("open_verbs")
BASED_PARTICIPLES = word_set("based_participles")
BASED_SUFFIXES = tuple(sorted(word_set("based_suffixes")))
HEAD_OFFICE_NOUNS = word_set("head_office_nouns")
HEAD_OFFICE_COMPOUNDS = word_map("head_office_compounds")


def find(r: SentenceReader) -> list[Claim]:
    out = []
    for tok in r.sent:
        lemma = tok.lemma_.lower()
        opens = lemma in OPEN_VERBS and tok.pos_ == "VERB" and names_head_office(r.child(tok, "dobj"))
        suffix = next((s for s in BASED_SUFFIXES if tok.lower_.endswith(s)), None)
        if lemma in MOVE_VERBS and tok.pos_ == "VERB" or opens:
            out.extend(_move(r, tok, lemma, opens))
        elif lemma in BASED_PARTICIPLES and tok.tag_ == "VBN" or suffix:
            out.extend(_based(r, tok, suffix))
    return out


def _move(r: SentenceReader, tok, lemma, opens) -> list[Claim]:
    out = []
    obj = r.child(tok, "dobj")
    subj = r.subject(tok)
    # The head office is what moves: the object of "Y moved its headquarters", or, with no
    # object, the subject of "its headquarters moved" (the verb's intransitive use).
    hq = obj if _names_hq(obj) else subj if obj is None and _names_hq(subj) else None
    moves_hq = hq is not None
    owner = None
    if moves_hq:
        poss = r.child(hq, "poss")
        owner = r.name(poss, "ORG") if poss is not None else None
    owner = owner or (r.name(subj, "ORG") if subj is not None and subj is not hq else None)
    if not owner or not (moves_hq or (obj is None and r.m.type_of(owner) == "ORG")):
        return out
    if r.m.type_of(owner) == "PERSON" and not moves_hq:
        return out
    r.m.vote(owner, "ORG")
    old = r.pobj(tok, *SOURCE) or (r.pobj(hq, *SOURCE) if moves_hq else None)  # "its head office from A"
    new = r.pobj(tok, *DESTINATION)
    if new is None and old is not None:  # "from A to B" often hangs "to B" on "from"
        new = r.pobj(old.head, *DESTINATION)
    if new is None and opens:  # "opened its new head office in Oslo"
        new = r.pobj(tok, *OPENED_IN) or r.pobj(obj, *OPENED_IN)
    start, _, _ = r.when(tok)
    modality, reason = r.modality(tok)
    if new is not None and r.name(new, "GPE"):
        out.append(r.claim(owner, "headquarters", r.name(new, "GPE"), "ORG", "GPE", start, None,
                           f"move:{lemma}", modality, reason))
        r.m.vote(r.name(new, "GPE"), "GPE")
    if old is not None and r.name(old, "GPE"):
        out.append(r.claim(owner, "headquarters", r.name(old, "GPE"), "ORG", "GPE", None, start,
                           "move-from", modality, reason, 0.7))
    r.used.add(tok.i)
    return out


def _names_hq(tok) -> bool:
    """"headquarters", "head office", or a noun with such a word among its children."""
    return tok is not None and (tok.lemma_.lower() in HQ_NOUNS or any(c.lemma_.lower() in HQ_NOUNS for c in tok.children))


def _based(r: SentenceReader, tok, suffix) -> list[Claim]:
    place = r.pobj(tok, *BASED_IN) if not suffix else None
    place_name = r.name(place, "GPE") if place is not None else (tok.text[: -len(suffix)] if suffix else None)
    if not place_name:
        return []
    owner_tok = tok.head
    if owner_tok.dep_ == "appos" or (owner_tok.pos_ == "NOUN" and owner_tok.dep_ in ("appos",)):
        owner_tok = owner_tok.head
    if tok.dep_ in ("ROOT",) or owner_tok.pos_ in ("VERB", "AUX"):
        owner_tok = r.child(tok, "nsubjpass") or r.subject(tok) or owner_tok
    owner = r.name(owner_tok, "ORG")
    if owner is None and owner_tok.dep_ == "appos":
        owner = r.name(owner_tok.head, "ORG")
    if owner is None and owner_tok.head.i != owner_tok.i:
        owner = r.name(owner_tok.head, "ORG")
    if not owner or r.m.type_of(owner) == "PERSON" or owner == place_name:
        return []
    modality, reason = r.modality(tok) if tok.pos_ == "VERB" else (Modality.ASSERTED, None)
    start, until, given = r.when(tok)
    claim = r.claim(owner, "headquarters", place_name, "ORG", "GPE", start, until, "based-in", modality, reason, 0.8)
    r.m.vote(owner, "ORG", 1)
    return [claim]


def names_head_office(obj) -> bool:
    """"headquarters", "HQ", "head office": not any office (a company opens many)."""
    if obj is None:
        return False
    lemma = obj.lemma_.lower()
    return lemma in HEAD_OFFICE_NOUNS or lemma in HEAD_OFFICE_COMPOUNDS and any(
        c.lower_ in HEAD_OFFICE_COMPOUNDS[lemma] for c in obj.children)
