"""Long texts read in sections: spaCy refuses a text over `nlp.max_length` characters
(1,000,000 by default), and a 300-page PDF or a long report is a normal upload.

The text is cut between paragraphs (blank lines; then single line breaks; a paragraph
longer than a section is cut at a sentence end or a space) and the sections are parsed one
at a time (`section_docs`). The reader (`extract.pipeline.Extractor.prepare`) keeps only
each section's claims and names as plain data and drops its Doc before the next section is
parsed, so memory stays bounded whatever the text's length; the article is still one source,
linked and committed once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

SECTION = 20_000  # characters per section: one at a time, so the parser holds one section's activations
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def sections(text: str, size: int = SECTION) -> Iterator[str]:
    """`text` in pieces of at most `size` characters, cut at the coarsest break available."""
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        piece = text[start:end].strip()
        if piece:
            yield piece
        start = end
    rest = text[start:].strip()
    if rest:
        yield rest


def _cut(text: str, start: int, limit: int) -> int:
    """The last paragraph (else line, sentence, word) break in text[start:limit], past its middle."""
    window = text[start:limit]
    for pattern in _BREAKS:
        ends = [m.end() for m in pattern.finditer(window, len(window) // 2)]
        if ends:
            return start + ends[-1]
    return limit  # one unbroken run of characters: cut it where it reaches the limit


def fits_whole(nlp, text: str) -> bool:
    """Whether spaCy parses `text` in one Doc (else it is read in sections)."""
    return len(text) <= nlp.max_length


def section_docs(nlp, text: str, size: int = SECTION) -> Iterator:
    """The sections of `text` parsed one at a time, in order; the caller drops each Doc before
    asking for the next. batch_size=1: nlp.pipe would otherwise run many sections through the
    network at once."""
    return iter(nlp.pipe(sections(text, min(size, nlp.max_length)), batch_size=1))


def parse_all(nlp, texts: Iterable[str], batch_size: int = 32) -> Iterator:
    """A Doc for each text, in order, the usual ones parsed through `nlp.pipe` in batches; None
    for a text too long to parse whole (read it with `section_docs`)."""
    texts = list(texts)
    usual = iter(nlp.pipe((t for t in texts if fits_whole(nlp, t)), batch_size=batch_size))
    for text in texts:
        yield next(usual) if fits_whole(nlp, text) else None
