"""Successions that one verb names with both holders: "Y replaced chief executive A with B",
"Y replaced its chairman, A, with B". The post ends for A and starts for B on the event's date.
The shapes are data (patterns/successions.yaml: which token is the leaver, the successor and
the role); without a role in the sentence, the post is the one the article gave A earlier."""

from __future__ import annotations

from dataclasses import replace

from kg.core.facts import Kind
from extract.relations.claims import Claim
from extract.relations.matching import PatternSet
from extract.relations.reader import SentenceReader

SHAPES = PatternSet("successions")


def find(r: SentenceReader) -> list[Claim]:
    out: list[Claim] = []
    doc = r.sent.doc
    for match in SHAPES.first_matches(r.sent):
        verb = match.token(doc, "trigger")
        leaver_tok, successor_tok = match.token(doc, "leaver"), match.token(doc, "successor")
        leaver, successor = r.name(leaver_tok, "PERSON"), r.name(successor_tok, "PERSON")
        if not leaver or not successor or leaver == successor:
            continue
        start, _, _ = r.when(verb)
        modality, reason = r.modality(verb)
        role = match.token(doc, "role")
        if role is not None and r.is_role(role):
            rule = f"succession:{verb.lemma_}"
            ended = r.role_claims(leaver, role, verb, start, None, rule, modality, reason)
            started = r.role_claims(successor, role, verb, start, None, rule, modality, reason)
        else:
            ended, started = _posts_of(r, leaver, successor, verb, start, modality, reason)
        ended = [replace(c, kind=Kind.END, confidence=0.85) for c in ended if c.predicate != "position_held"]
        started = [c for c in started if c.predicate != "position_held"]
        if not ended and not started:
            continue
        r.used.add(verb.i)
        r.taken.update(t.i for t in leaver_tok.subtree)
        out.extend(ended + started)
        for c in started:
            r.ctx.roles.append((successor, c.predicate, c.subject))
        r.ctx.event_dates[successor] = r.ctx.event_dates[leaver] = start or r.published
    return out


def _posts_of(r: SentenceReader, leaver, successor, verb, start, modality, reason):
    """The leaver's post as the article established it: ended for them, started for the successor."""
    for held_by, pred, holder in reversed(r.ctx.roles):
        if held_by == leaver:
            subject_type = r.catalogue.get(pred).subject_types[0]
            rule = f"succession:{verb.lemma_}"
            return ([r.claim(holder, pred, leaver, subject_type, "PERSON", start, None, rule, modality, reason)],
                    [r.claim(holder, pred, successor, subject_type, "PERSON", start, None, rule, modality, reason)])
    return [], []
