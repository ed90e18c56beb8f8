"""Long texts parsed in sections: spaCy refuses a text over `nlp.max_length` characters
(1,000,000 by default), and a 300-page PDF or a long report is a normal upload.

The text is cut between paragraphs (blank lines; then single line breaks; a paragraph
longer than a section is cut at a sentence end or a space), each section is parsed on its
own, and the parses are joined into one Doc (`Doc.from_docs`), so the article is still read
as one source: names vote on their types across the whole article, and its statements go
into the graph in one commit. Parsing one section at a time keeps the parser's working
memory to one section; the joined Doc holds the tokens of the whole text.
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


def parse(nlp, text: str, size: int = SECTION):
    """One Doc for `text`, however long: parsed whole when spaCy accepts it, else in sections."""
    if len(text) <= nlp.max_length:
        return nlp(text)
    from spacy.tokens import Doc

    # batch_size=1: nlp.pipe would otherwise run a thousand sections through the network at once
    return Doc.from_docs(list(nlp.pipe(sections(text, min(size, nlp.max_length)), batch_size=1)))


def parse_all(nlp, texts: Iterable[str], batch_size: int = 32) -> Iterator:
    """`parse` for each text, in order; the usual ones go through `nlp.pipe` in batches."""
    texts = list(texts)
    usual = iter(nlp.pipe((t for t in texts if len(t) <= nlp.max_length), batch_size=batch_size))
    for text in texts:
        yield next(usual) if len(text) <= nlp.max_length else parse(nlp, text)
