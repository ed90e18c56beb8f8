"""Departures: "X stepped down as chief executive of Y", "Y sacked X", "X left Y": the end of a
role (or of an employment), dated by the event."""

from __future__ import annotations

from kg.core.facts import Kind
from extract.lexicon import word_map, word_set
from extract.relations.claims import Claim
from extract.relations.reader import SOURCE, SentenceReader
from extract.relations.roles import ROLE_MARKERS

DEPART_SELF = word_set("depart_self")
DEPART_BY_OTHER = word_set("depart_by_other")
DEPART_NEEDS_CHILD = word_map("depart_needs_child")
QUIT_EMPLOYER_VERBS = word_set("quit_employer_verbs")


def find(r: SentenceReader) -> list[Claim]:
    out = []
    for verb in r.sent:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or verb.i in r.used:
            continue
        passive = r.child(verb, "nsubjpass") is not None
        role_noun = None
        if lemma in DEPART_SELF and not passive and r.has_child_word(verb, DEPART_NEEDS_CHILD, lemma):
            person_tok = r.subject(verb)
            if person_tok is not None and person_tok.pos_ == "NOUN" and r.appositive(person_tok) is not None \
                    and r.is_role(person_tok):  # "Valdoria's prime minister, Marta Ilves, resigned"
                role_noun = person_tok
                person_tok = r.appositive(person_tok)
        elif lemma in DEPART_BY_OTHER and r.has_child_word(verb, DEPART_NEEDS_CHILD, lemma):
            person_tok = r.child(verb, "nsubjpass") if passive else r.child(verb, "dobj")
            if person_tok is not None and person_tok.pos_ == "NOUN" and r.child(person_tok, "appos") is not None:
                role_noun = person_tok
                person_tok = r.child(person_tok, "appos")
        else:
            continue
        person = r.name(person_tok, "PERSON") if person_tok is not None else None
        if not person:
            continue
        start, _, _ = r.when(verb)
        modality, reason = r.modality(verb)
        r.ctx.departures[(r.sent.text.strip(), person)] = (start or r.published, modality, reason)
        role = r.pobj(verb, *ROLE_MARKERS) or r.pobj(verb, *SOURCE) or role_noun or next(
            (c for c in person_tok.children if c.dep_ == "compound" and r.is_role(c)), None)
        r.taken.update(t.i for t in person_tok.subtree)
        if role_noun is not None:
            r.taken.update(t.i for t in role_noun.subtree)
        ends = []
        if role is not None and r.is_role(role):
            ends.extend(r.role_claims(person, role, verb, start, None, f"depart:{lemma}", modality, reason))
        elif lemma in QUIT_EMPLOYER_VERBS and r.child(verb, "dobj") is not None:
            org = r.name(r.child(verb, "dobj"), "ORG")
            if org:
                ends.append(r.claim(person, "employer", org, "PERSON", "ORG", start, None, f"depart:{lemma}",
                                    modality, reason))
        else:
            for held_by, pred, holder in reversed(r.ctx.roles):
                if held_by == person:
                    ends.append(r.claim(holder, pred, person, r.catalogue.get(pred).subject_types[0],
                                        "PERSON", start, None, f"depart:{lemma}", modality, reason))
                    break
        for c in ends:
            if c.predicate == "position_held":
                continue
            r.used.add(verb.i)
            why = f"{lemma}" + (f" ({reason})" if reason else "")
            out.append(Claim(**{**c.__dict__, "kind": Kind.END, "reason": why, "confidence": 0.85}))
            r.ctx.roles.append((person, c.predicate, c.subject))
            r.ctx.event_dates[person] = start or r.published
    return out
