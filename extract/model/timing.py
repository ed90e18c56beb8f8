"""When a learned claim held: the sentence's time expressions, read by the rules' own reader.

The model decides which relation joins two mentions; it reads no dates. A biography's "In 1969
Engel graduated from Hunter College" or "he played for Ajax from 1998 to 2001" states when, and
without it the fact is undated: it answers no question about a period, and two undated values of
a single-valued predicate are a contradiction that versions one out. The rules already know where
a date belongs in a clause (`SentenceReader.when`: a date inside the object's phrase, else one in
the clause of the verb, not in a nested clause); a learned claim gets the same reading from the
verb that joins its two mentions. Only an explicit date counts (a "before"/"after" or no date
leaves the claim as it was), and only when that verb really joins them: a noun joining them
("Y's chief executive X said on Monday") says nothing of when the post began.
"""

from __future__ import annotations

from dataclasses import replace

from kg.core.facts import Kind

_VERBS = ("VERB", "AUX")


def dated(claim, reader, literal: bool):
    """`claim` (a LearnedClaim with its mentions' character spans) with the valid time its
    sentence gives, read by `reader` (the rules' SentenceReader of that sentence)."""
    if (literal or claim.kind is not Kind.ASSERT or claim.valid_from or claim.valid_until
            or not claim.subject_span or not claim.object_span):
        return claim
    doc = reader.sent.doc
    subject, obj = _token(doc, claim.subject_span), _token(doc, claim.object_span)
    if subject is None or obj is None:
        return claim
    verb = joining_verb(subject, obj)
    if verb is None:
        return claim
    start, until, given = reader.when(verb, obj)
    if not given:
        return claim
    return replace(claim, valid_from=start, valid_until=until)


def joining_verb(a, b):
    """The lowest token whose subtree holds both `a` and `b`, when it is a verb: the predicate
    that relates them ("joined", "served", the copula of "was chairman of")."""
    above_a = {t.i for t in a.ancestors} | {a.i}
    for tok in (b, *b.ancestors):
        if tok.i in above_a:
            return tok if tok.pos_ in _VERBS else None
    return None


def _token(doc, span):
    chars = doc.char_span(span[0], span[1], alignment_mode="expand")
    return chars.root if chars is not None else None
