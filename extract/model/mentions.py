"""Candidate arguments for the learned extractor: names, dates and pronouns in a text.

A mention is a character span with a coarse type. The same function feeds training
(`extract.model.data`), the benchmark and ingest, so the model sees at training time the
kinds of mention it will be asked about later.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.clauses import relative_antecedent
from extract.datelines import is_dateline

# spaCy entity labels that can be an argument of a catalogue predicate.
NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "DATE")
# A run of proper nouns the small NER model left unlabelled ("Okoye", "GTECH", "Plaid Cymru"):
# a third of KnowledgeNet's gold arguments that no entity covered were such runs.
UNLABELLED_NAME = "PROPN"
PRONOUN = "PRON"  # a personal pronoun ("he", "its") or a relative one ("who", "which", "where")
OTHER = "OTHER"  # a gold argument spaCy did not find (training only)
TYPES = (*NAME_LABELS, UNLABELLED_NAME, PRONOUN, OTHER)


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets into the text the model reads
    end: int
    label: str
    token: int = -1  # index of the span's root token in the spaCy doc (-1: not from spaCy)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def mentions_in(span, offset: int | None = None) -> list[Mention]:
    """Names, dates, unlabelled proper-noun runs and pronouns in a spaCy span (a sentence or a
    whole doc), as character spans relative to the span's text."""
    base = span.start_char if offset is None else offset
    found = [Mention(e.start_char - base, e.end_char - base, e.label_, e.root.i)
             for e in span.ents if e.label_ in NAME_LABELS and not is_dateline(e)]
    taken = {i for e in span.ents for i in range(e.start, e.end)}
    run: list = []  # the proper nouns read since the last other token
    for token in [*span, None]:
        if token is not None and token.pos_ == "PROPN" and token.i not in taken:
            run.append(token)
            continue
        if run:
            if not _touches_a_name(run, taken):
                found.append(Mention(run[0].idx - base, run[-1].idx + len(run[-1]) - base, UNLABELLED_NAME, run[-1].i))
            run = []
        if token is None or token.i in taken:
            continue
        # Personal and possessive pronouns ("he", "his", "its", "our"), read from the tagger's
        # morphology, and relative words, read from the parse (KnowledgeNet annotates "who" in
        # "X, who was born in Y" as the fact's subject); neither from a word list.
        personal = token.pos_ == "PRON" and "Prs" in token.morph.get("PronType")
        if personal or relative_antecedent(token) is not None:
            found.append(Mention(token.idx - base, token.idx + len(token) - base, PRONOUN, token.i))
    return sorted(found, key=lambda m: (m.start, m.end))


def _touches_a_name(run: list, taken: set[int]) -> bool:
    """Whether a run of proper nouns sits right beside a name the NER found: then it is the rest
    of that name, cut short ("Chipotle Mexican" + "Grill"), not a name of its own."""
    return run[0].i - 1 in taken or run[-1].i + 1 in taken
