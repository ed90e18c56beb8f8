"""Appointments and successions: "X was named chief executive of Y", "X succeeds Y", "X took
over from Y", "named X as Y's successor"; the person an appointee replaced held the role until
the appointment (`predecessors`)."""

from __future__ import annotations

import re

from kg.core.dates import duration_before
from kg.core.facts import Kind, Modality
from extract.lexicon import word_map, word_set
from extract.linking import PERSON_PRONOUNS
from extract.relations.claims import Claim
from extract.relations.matching import PatternSet
from extract.relations.families.careers import spell_ended_from
from extract.relations.reader import BELONGING, SOURCE, SUCCESSOR_TO, SentenceReader

APPOINT_BY_OTHER = word_set("appoint_by_other")
APPOINT_SELF = word_set("appoint_self")
APPOINT_NEEDS_CHILD = word_map("appoint_needs_child")
APPOINT_NEEDS_SUBTREE = word_map("appoint_needs_subtree")
PREDECESSOR_VERBS = word_set("predecessor_verbs")
SUCCESSION_VERBS = word_set("succession_verbs")
SUCCESSOR_NOUNS = word_set("successor_nouns")
JOINING_VERBS = word_set("joining_verbs")
PROPOSAL_VERBS = word_set("proposal_verbs")
HANDOVER_VERBS = word_set("handover_verbs")
HANDOVER_NOUNS = word_set("handover_nouns")
HANDOVER_PARTICLES = word_set("handover_particles")
TENURE_END_VERBS = word_set("tenure_end_verbs")
CONTEST_VERBS = word_set("contest_verbs")
INCUMBENT_WORDS = word_set("incumbent_words")
PREDECESSOR_SHAPES = PatternSet("predecessors")
_DURATION = re.compile(r"\b(" + "|".join(sorted(word_set("duration_units"))) + r")s?\b")


def find(r: SentenceReader) -> list[Claim]:
    out: list[Claim] = []
    for verb in r.sent:
        lemma = verb.lemma_.lower()
        if verb.pos_ not in ("VERB", "AUX") or (lemma not in APPOINT_BY_OTHER and lemma not in APPOINT_SELF) \
                or verb.i in r.used:  # a succession named both holders (successions.py)
            continue
        passive = r.child(verb, "nsubjpass") is not None
        if lemma in APPOINT_BY_OTHER and not passive:
            person_tok = r.child(verb, "dobj") or next(
                (c for c in verb.children if c.dep_ in ("oprd", "attr", "npadvmod")
                 and r.m.mention_at(c) is not None), None)
        elif lemma in APPOINT_BY_OTHER:
            person_tok = r.child(verb, "nsubjpass")
        else:
            person_tok = r.subject(verb)
        if not r.has_child_word(verb, APPOINT_NEEDS_CHILD, lemma):
            continue
        if lemma in APPOINT_NEEDS_SUBTREE and not any(c.lower_ in APPOINT_NEEDS_SUBTREE[lemma] for c in verb.subtree):
            continue
        role = r.find_role(verb, person_tok)
        person = r.name(person_tok, "PERSON")
        if person is None:
            continue
        start, until, given = r.when(verb)
        modality, reason = r.modality(verb)
        if lemma in PROPOSAL_VERBS and modality is Modality.ASSERTED:
            modality, reason = Modality.HEDGED, "nominated, not yet appointed"
        claims = []
        if role is not None and role.lemma_.lower() in SUCCESSOR_NOUNS:
            claims = _successor_of(r, role, person, lemma, start, until, given, modality, reason)
            if not claims:  # "named X chairman, as the successor of A": the post is named beside it
                role = r.find_role(verb, person_tok, skip=role.i)
                role = None if role is None or role.lemma_.lower() in SUCCESSOR_NOUNS else role
        if not claims and role is not None:
            claims = r.role_claims(person, role, verb, start, until, f"appoint:{lemma}", modality, reason)
        elif not claims and (lemma in SUCCESSION_VERBS or _handover(r, verb, lemma)):
            claims = _inherited_role(r, person, verb, start, until, given, modality, reason)
            if not claims and lemma in HANDOVER_VERBS and r.pobj(verb, *SOURCE) is None:
                claims = _vacated_role(r, person, verb, start, until, modality, reason)
        elif not claims and lemma in APPOINT_BY_OTHER:  # "Varga, who was first elected in 2019": her post
            claims = _inherited_role(r, person, verb, start, until, given, modality, reason)
        if lemma in JOINING_VERBS and verb.i not in r.used and r.child(verb, "dobj") is not None:
            org = r.name(r.child(verb, "dobj"), "ORG")
            if org and org != person:
                player = role is not None and r.role_phrase(role) in r.catalogue.playing_positions \
                    or r.m.title_of(person) in r.catalogue.playing_positions or r.sports()
                key = "member_of_sports_team" if player else "employer"
                claims.append(r.claim(person, key, org, "PERSON", "ORG", start, until, "join", modality,
                                      reason, 0.8))
                claims.extend(spell_ended_from(r, verb, person, key, {org}, start, modality, reason))
        if not claims:
            continue
        r.used.add(verb.i)
        out.extend(claims)
        for c in claims:
            if c.modality is Modality.ASSERTED and c.object == person:
                r.ctx.roles.append((person, c.predicate, c.subject))
                r.ctx.event_dates[person] = c.valid_from or r.published
        out.extend(predecessors(r, verb, person, claims, start or r.published))
    return out


def _successor_of(r: SentenceReader, role, person, lemma, start, until, given, modality, reason) -> list[Claim]:
    """"named X as Y's successor": Y's role, as established earlier in the article."""
    poss = r.child(role, "poss") or r.pobj(role, *SUCCESSOR_TO)
    before = r.name(poss, "PERSON") if poss is not None else None
    if before == person and poss is not None and poss.lower_ in PERSON_PRONOUNS:
        before = r.m.latest_person(poss.i, exclude=person)
    for held_by, pred, holder in reversed(r.ctx.roles):
        if held_by == before:
            when_ = start if given else r.ctx.event_dates.get(before, start)
            return [r.claim(holder, pred, person, r.catalogue.get(pred).subject_types[0],
                            "PERSON", when_, until, f"successor:{lemma}", modality, reason, 0.8)]
    for held_by, pred, holder in reversed(r.ctx.roles):  # "X ... was picked as a successor to A":
        if held_by == person:  # the post the article gave X earlier, which A held until then
            return [r.claim(holder, pred, person, r.catalogue.get(pred).subject_types[0], "PERSON",
                            r.ctx.event_dates.get(person, start), until, f"successor:{lemma}", modality,
                            reason, 0.8)]
    return []


def _inherited_role(r: SentenceReader, person, verb, start, until, given, modality, reason) -> list[Claim]:
    """"X succeeds Y" with no role: Y's or X's role as established earlier in the article. It
    starts on the sentence's own date where it gives one ("She will be sworn in on May 20,
    succeeding Y"), else on the date of the event that gave X the role."""
    other = r.child(verb, "dobj") or r.pobj(verb, *SOURCE)
    other_name = r.name(other, "PERSON") if other is not None else None
    for holder_person, pred, holder in reversed(r.ctx.roles):
        if holder_person in (person, other_name):
            return [r.claim(holder, pred, person, r.catalogue.get(pred).subject_types[0], "PERSON",
                            start if holder_person == other_name or given else r.ctx.event_dates.get(person, start),
                            until, f"succession:{verb.lemma_}", modality, reason, 0.8)]
    return []


def _handover(r: SentenceReader, verb, lemma) -> bool:
    """"took over (from X)", "took the helm", "will take charge": a post changes hands."""
    return lemma in HANDOVER_VERBS and (
        r.pobj(verb, *SOURCE) is not None or any(c.lower_ in HANDOVER_NOUNS for c in verb.subtree)
        or any(c.dep_ == "prt" and c.lower_ in HANDOVER_PARTICLES for c in verb.children))


def _vacated_role(r: SentenceReader, person, verb, start, until, modality, reason) -> list[Claim]:
    """"X has stepped down as chief executive. Her co-founder, Y, will take over": a handover
    with no predecessor named takes the post whose holder the article last saw leave. Only a
    person takes it, and only a post: "Amazon will take over iRobot" is an acquisition."""
    obj = r.child(verb, "dobj")
    if r.m.type_of(person) not in ("PERSON", "THING") or obj is not None and obj.lower_ not in HANDOVER_NOUNS:
        return []
    departed = {who for _, who in r.ctx.departures}
    for held_by, pred, holder in reversed(r.ctx.roles):
        if held_by != person and held_by in departed:
            return [r.claim(holder, pred, person, r.catalogue.get(pred).subject_types[0], "PERSON", start,
                            until, f"succession:{verb.lemma_}", modality, reason, 0.8)]
    return []


def predecessors(r: SentenceReader, verb, person, claims, when) -> list[Claim]:
    """The person an appointee replaced held the role until the appointment."""
    found = []
    # "as a successor to A": anywhere in the sentence, as the predecessor verbs below are (the
    # small parser often hangs the phrase on the sentence's first name, not on the verb)
    for match in PREDECESSOR_SHAPES.first_matches(r.sent):
        target = match.token(r.sent.doc, "predecessor")
        name = r.name(target, "PERSON")
        if name and name != person:
            found.append((match.token(r.sent.doc, "trigger"), target, name))
            r.taken.update(t.i for t in target.subtree)
    for tok in r.sent:
        handover = tok.lemma_ in HANDOVER_VERBS and r.pobj(tok, *SOURCE) is not None
        if tok.lemma_ in PREDECESSOR_VERBS or handover or tok.lemma_ in TENURE_END_VERBS:
            target = r.pobj(tok, *SOURCE) if tok.lemma_ in HANDOVER_VERBS else r.child(tok, "dobj")
            if tok.lemma_ in TENURE_END_VERBS and target is not None:  # "ending X's tenure", "the tenure of X"
                target = r.child(target, "poss") or r.pobj(target, *BELONGING)
            if target is None or tok.lemma_ in CONTEST_VERBS and not _incumbent(r, target, claims):
                continue
            if target.pos_ == "NOUN":  # "defeated the sitting mayor, Peter Cole"
                target = r.child(target, "appos") or target
            name = r.name(target, "PERSON")
            if not name or name == person:
                continue
            found.append((tok, target, name))
            r.used.add(tok.i)
            r.taken.update(t.i for t in target.subtree)
    out = []
    for tok, target, name in found:
        scope = " ".join(t.text for t in tok.subtree)
        for rel in target.children:
            if rel.dep_ in ("relcl", "acl"):
                scope += " " + " ".join(t.text for t in rel.subtree)
        start = duration_before(when, scope) if _DURATION.search(scope) else None
        for c in claims:
            if c.kind is not Kind.ASSERT or c.predicate == "position_held":
                continue
            if start is not None:
                out.append(r.claim(c.subject, c.predicate, name, c.subject_type, "PERSON", start, when,
                                   "predecessor", c.modality, c.reason, 0.7))
            else:
                out.append(r.claim(c.subject, c.predicate, name, c.subject_type, "PERSON", None, when,
                                   "predecessor", c.modality, c.reason, 0.6))
        r.m.vote(name, "PERSON")
    return out


def _incumbent(r: SentenceReader, target, claims) -> bool:
    """Is the one beaten written as the holder of the post the claims are about? ("the sitting
    mayor, Peter Cole", "Mayor Peter Cole", "the incumbent"; not "Toni Preckwinkle, the
    president of the Cook County Board", a rival holding another post.)"""
    posts = {c.predicate for c in claims}
    for t in target.subtree:
        if t.lower_ in INCUMBENT_WORDS:
            return True
        pred = r.role_predicate(t) if r.is_role(t) else None
        if pred is not None and pred.key in posts:
            return True
    return False
