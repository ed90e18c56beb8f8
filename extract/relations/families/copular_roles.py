"""Roles stated as a description: "X is chief executive of Y", "Y's chief executive, X,",
"X, mayor of Y", "Mayor X". A past "X was CEO of Y" without a date says nothing about when."""

from __future__ import annotations

from kg.core.facts import Modality
from extract.lexicon import word_set
from extract.relations.claims import Claim
from extract.relations.reader import SentenceReader

COPULA = word_set("copula_lemmas")
NOT_POSTS = word_set("founder_nouns") | word_set("relative_role_nouns")  # founding and successions read these
SKIP_ROLE_MODIFIERS = word_set("skip_role_modifiers")
PAST_MARKERS = word_set("past_markers")


def find(r: SentenceReader) -> list[Claim]:
    out = []
    for tok in r.sent:
        person_tok, role = None, None
        if tok.dep_ == "attr" and tok.head.lemma_ in COPULA and r.is_role(tok):
            person_tok, role = r.subject(tok.head), tok
            verb = tok.head
        elif tok.dep_ == "appos" and r.is_role(tok) and r.m.mention_at(tok.head) is not None:
            person_tok, role, verb = tok.head, tok, None
        elif tok.dep_ == "appos" and r.is_role(tok.head) and r.m.mention_at(tok) is not None:
            person_tok, role, verb = tok, tok.head, None
        elif tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and r.is_role(tok) and \
                r.m.mention_at(tok) is None:
            person_tok, role, verb = tok.head, tok, None
        if person_tok is None or role is None or person_tok.i in r.taken or role.i in r.taken:
            continue
        if role.lemma_.lower() in NOT_POSTS:
            continue
        if any(t.lower_ in SKIP_ROLE_MODIFIERS or t.lower_ in PAST_MARKERS for t in role.children):
            continue
        person = r.name(person_tok, "PERSON")
        if not person:
            continue
        past = verb is not None and verb.tag_ == "VBD"
        start, until, given = r.when(verb) if verb is not None else (r.published, None, False)
        if past and not given:
            continue  # "X was CEO of Y": true once, we do not know when
        modality, reason = r.modality(verb) if verb is not None else (Modality.ASSERTED, None)
        rule = "role" if verb is not None else "title"  # "Mayor X", "X, chief executive of Y,"
        claims = r.role_claims(person, role, verb, start, until, rule, modality, reason, 0.75)
        out.extend(claims)
        for c in claims:
            if c.object == person and c.modality is Modality.ASSERTED:
                r.ctx.roles.append((person, c.predicate, c.subject))
    return out
