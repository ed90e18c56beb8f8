"""Reported speech: which sentences of an article are wholly inside quotation marks.

A sentence that is all quotation ("Tonight he's the mayor.") is someone's words, not the
article's: a pronoun in it points into the speaker's world, and what it says is the speaker's
claim. The pipeline holds such sentences' claims back as hedged ("quoted speech"), as it holds
back "reportedly". Quotation marks are found by character: curly quotes pair by shape, straight
double quotes alternate opening and closing within a paragraph.
"""

from __future__ import annotations

OPENING, CLOSING, STRAIGHT = "\u201c", "\u201d", '"'


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges [start, end) of the text inside double quotation marks (marks excluded).
    An unclosed quotation runs to the end of its paragraph, as news writes a quote that goes on
    into the next paragraph."""
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for i, char in enumerate(text):
        if char == "\n" and start is not None and text[i + 1:i + 2] == "\n":
            ranges.append((start, i))
            start = None
        elif char == OPENING or (char == STRAIGHT and start is None):
            start = i + 1
        elif start is not None and char in (CLOSING, STRAIGHT):
            ranges.append((start, i))
            start = None
    if start is not None:
        ranges.append((start, len(text)))
    return ranges


def wholly_quoted(sentences, ranges: list[tuple[int, int]]) -> set[int]:
    """Indices of the sentences (spaCy spans of one doc) whose every word lies inside one quoted range."""
    out = set()
    for n, sent in enumerate(sentences):
        words = [t for t in sent if t.is_alpha or t.like_num]
        if words and any(start <= words[0].idx and words[-1].idx + len(words[-1]) <= end for start, end in ranges):
            out.add(n)
    return out
