"""Founding: "X founded Y in 1998", "Y, founded in 1998 by X and Z", "set up Y", "X, the
co-founder of Y", "since its founding in 1857": inception dates and founders."""

from __future__ import annotations

from kg.core.facts import Modality
from extract.lexicon import word_map, word_set
from extract.relations.claims import Claim
from extract.relations.reader import AGENT, BELONGING, SentenceReader

FOUND_VERBS = word_set("found_verbs")
FOUND_NEEDS_CHILD = word_map("found_needs_child")
FOUND_NEEDS_FOUNDER = word_set("found_needs_founder")
FOUNDER_NOUNS = word_set("founder_nouns")
FOUNDER_SPLIT = word_map("founder_split")
FOUND_NOT_WITH = word_map("found_not_with")
FOUNDING_NOUNS = word_set("founding_nouns")


def find(r: SentenceReader) -> list[Claim]:
    out = []
    for tok in r.sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in FOUND_VERBS and r.has_child_word(tok, FOUND_NEEDS_CHILD, lemma) \
                and not any(c.dep_ == "prep" and c.lower_ in FOUND_NOT_WITH.get(lemma, ()) for c in tok.children):
            out.extend(_founded(r, tok, lemma))
        elif tok.pos_ == "NOUN" and lemma in FOUNDING_NOUNS:
            out.extend(_founding_noun(r, tok))
        elif lemma in FOUNDER_NOUNS or (tok.lower_ in FOUNDER_SPLIT and tok.i > 0
                                         and tok.nbor(-1).lower_ in FOUNDER_SPLIT[tok.lower_]):
            out.extend(_founder_noun(r, tok))
    return out


def _founded(r: SentenceReader, tok, lemma) -> list[Claim]:
    out = []
    # "X, founded in 1998 by Y"; "Founded by Y in 1998, X makes ...": the participle is passive
    # (the tagger reads "set up" as a past tense: an agent says passive too)
    participle = tok.dep_ in ("acl", "advcl") and (tok.tag_ == "VBN" or r.child(tok, "agent") is not None)
    # "Lumen, set up in 1994 by Carla Ruiz, has ...", parsed with "set" as the main verb and
    # Lumen its subject: with an agent and no object, the subject is what was founded
    agentive = r.child(tok, "agent") is not None and r.child(tok, "dobj") is None and not participle
    passive = r.child(tok, "nsubjpass") is not None or participle or agentive
    org_tok = (r.child(tok, "nsubjpass") or (r.subject(tok) if agentive else None)) if passive else r.child(tok, "dobj")
    founder_tok = r.pobj(tok, *AGENT) if passive else r.subject(tok)
    if org_tok is None and tok.dep_ == "acl":
        org_tok = tok.head
    elif org_tok is None and participle:  # a fronted participle: the main clause's subject
        org_tok = r.subject(tok)
    if passive and org_tok is None:
        return out
    org = r.name(org_tok, "ORG") if org_tok is not None else None
    # What is founded is no person: NER's one "PERSON" for "Tallis Software" does not outvote
    # the slot; a name that two mentions or a relation made a person does.
    if not org or r.m.votes[org].get("PERSON", 0) >= 2:
        return out
    start, _, given = r.when(tok)
    modality, reason = r.modality(tok)
    if lemma in FOUND_NEEDS_FOUNDER and not passive and founder_tok is None:
        return out
    if given and start is not None:
        out.append(r.claim(org, "inception", str(start), "ORG", "date", start, None, f"found:{lemma}",
                           modality, reason, 0.85))
    for f in r.group(founder_tok) if founder_tok is not None else []:
        founder = r.name(f, "PERSON")
        if founder and founder != org:
            out.append(r.claim(org, "founded_by", founder, "ORG", r.m.type_of(founder),
                               start if given else None, None, f"found:{lemma}", modality, reason, 0.85))
    r.used.add(tok.i)
    return out


def _founder_noun(r: SentenceReader, tok) -> list[Claim]:
    org_tok = r.pobj(tok, *BELONGING) or r.child(tok, "poss")
    person_tok = tok.head if tok.dep_ == "appos" else (r.subject(tok.head) if tok.dep_ == "attr" else None)
    if org_tok is None and tok.dep_ in ("appos",) and tok.i + 1 < len(tok.doc):
        return []
    org = r.name(org_tok, "ORG") if org_tok is not None else None
    person = r.name(person_tok, "PERSON") if person_tok is not None else None
    if org_tok is not None and org is None:
        apps = [c for c in org_tok.children if c.dep_ == "appos"] + [c for c in org_tok.head.children if c.dep_ == "appos"]
        org = next((r.name(a, "ORG") for a in apps if r.name(a, "ORG")), None)
    if org is None:
        # "the co-founder of the streaming site Twitch": the name hangs off the person
        for c in (person_tok.children if person_tok is not None else ()):
            if c.dep_ == "appos" and c.i > tok.i and r.name(c, "ORG"):
                org = r.name(c, "ORG")
    if org and person and org != person:
        claim = r.claim(org, "founded_by", person, "ORG", "PERSON", None, None, "founder-of", Modality.ASSERTED, None, 0.8)
        r.m.vote(org, "ORG")
        r.m.vote(person, "PERSON")
        return [claim]
    return []


def _founding_noun(r: SentenceReader, tok) -> list[Claim]:
    """"Since its founding in 1857, The Bee ...", "the company's formation in 1990": the
    possessor was founded then; only with a date of the noun's own ("in 1857")."""
    owner = r.child(tok, "poss")
    if owner is not None and owner.pos_ == "PRON":
        owner = _fronted_subject(r, tok) or owner  # "Since its founding in 1857, The Bee ...": its = The Bee
    org = r.name(owner, "ORG") if owner is not None else None
    if not org or r.m.votes[org].get("PERSON", 0) >= 2:
        return []
    own = {t.i for t in tok.subtree}
    dates = [span for tokens, span in r.spans if tokens <= own and span.start is not None and span.kind == "point"]
    if not dates:
        return []
    start = dates[0].start
    modality, reason = r.modality(tok.head if tok.head.pos_ in ("VERB", "AUX") else tok)
    return [r.claim(org, "inception", str(start), "ORG", "date", start, None, f"found:{tok.lemma_.lower()}",
                    modality, reason, 0.8)]


def _fronted_subject(r: SentenceReader, tok):
    """The subject of the clause a phrase before it belongs to (a pronoun in a fronted phrase
    points forward to it), or None when the phrase does not come first."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subject = r.subject(verb) if verb.pos_ in ("VERB", "AUX") else None
    return subject if subject is not None and subject.i > tok.i else None
