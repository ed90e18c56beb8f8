"""Candidate arguments for the learned extractor: names, dates and personal pronouns in a text.

A mention is a character span with a coarse type. The same function feeds training
(`extract.model.data`), the benchmark and ingest, so the model sees at training time the
kinds of mention it will be asked about later.
"""

from __future__ import annotations

from dataclasses import dataclass

# spaCy entity labels that can be an argument of a catalogue predicate.
NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "DATE")
PRONOUN = "PRON"
OTHER = "OTHER"  # a gold argument spaCy did not find (training only)
TYPES = (*NAME_LABELS, PRONOUN, OTHER)


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets into the text the model reads
    end: int
    label: str
    token: int = -1  # index of the span's root token in the spaCy doc (-1: not from spaCy)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def mentions_in(span, offset: int | None = None) -> list[Mention]:
    """Names, dates and personal pronouns in a spaCy span (a sentence or a whole doc),
    as character spans relative to the span's text."""
    base = span.start_char if offset is None else offset
    found = [Mention(e.start_char - base, e.end_char - base, e.label_, e.root.i)
             for e in span.ents if e.label_ in NAME_LABELS]
    taken = {i for e in span.ents for i in range(e.start, e.end)}
    for token in span:
        # Personal and possessive pronouns ("he", "his", "its", "our"), read from the
        # tagger's morphology rather than from a word list.
        if token.pos_ == "PRON" and "Prs" in token.morph.get("PronType") and token.i not in taken:
            found.append(Mention(token.idx - base, token.idx + len(token) - base, PRONOUN, token.i))
    return sorted(found, key=lambda m: (m.start, m.end))
