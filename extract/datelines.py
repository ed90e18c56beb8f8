"""A news report's dateline ("SEATTLE —", "ARLINGTON – ...") says where the report was filed; it is
not a fact about anything the report tells, so its name is no argument of a relation. Read from
the token shapes news style gives it, not from a list of places: a name in capitals that opens
its sentence, right before a dash."""

from __future__ import annotations

import unicodedata


def is_dateline(span) -> bool:
    """Whether a name (a spaCy span) is its sentence's dateline."""
    opening = next((t for t in span.sent if not t.is_space), None)
    if opening is None or opening.i != span.start or not any(t.is_alpha for t in span):
        return False
    if not all(t.is_upper or not t.is_alpha for t in span):  # "SEATTLE", "NEW YORK", not "Boeing"
        return False
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return after is not None and len(after.text) == 1 and unicodedata.category(after.text) == "Pd"
