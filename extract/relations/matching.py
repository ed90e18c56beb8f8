"""Dependency patterns as data: a YAML file of patterns/ read into spaCy's DependencyMatcher,
matched once per document, and read back as named tokens.

A pattern file maps a label to a list of DependencyMatcher patterns (spaCy's own format: a
list of node dicts with RIGHT_ID, RIGHT_ATTRS, LEFT_ID, REL_OP). A value "lexicon:NAME" is
the word list NAME of extract/lexicon.yaml, so a new trigger word is a line of the lexicon and
a new shape is a pattern, neither a comparison in code. The node names (RIGHT_ID) are the
slots a family reads: "trigger", "holder", "target", ... The attribute `_: {lemma_lower: ...}`
is the token's lemma in lower case (spaCy's LEMMA is case-sensitive: "Acquisition" opening a
sentence keeps its capital).

Labels are tried in the file's order: for one anchor token (by default the node "trigger"),
`PatternSet.first_matches` keeps the match of the first label that fits it, so a file lists
its specific shapes before its general ones. A label that begins with "no_" is a shape that
is NOT the event ("bought a stake in X"): it takes its anchor, so no later label reads it, and
`first_matches` leaves it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml
from spacy.matcher import DependencyMatcher
from spacy.tokens import Token

from extract.lexicon import word_list, word_map

if not Token.has_extension("lemma_lower"):
    Token.set_extension("lemma_lower", getter=lambda t: t.lemma_.lower())


BLOCKING = "no_"  # the prefix of a label that says "this is not the event"


@dataclass(frozen=True)
class Match:
    """One match: its label, and each named node's token index in the document."""

    label: str
    slots: dict[str, int]

    def token(self, doc, name):
        """The document's token for the node `name`, or None when this shape has no such node."""
        i = self.slots.get(name)
        return doc[i] if i is not None else None


def with_words(value):
    """A pattern value, with "lexicon:NAME" replaced by that word list ("lexicon:NAME.KEY": the
    words of the lexicon map NAME under KEY)."""
    if isinstance(value, str) and value.startswith("lexicon:"):
        name, _, key = value.removeprefix("lexicon:").partition(".")
        return sorted(word_map(name)[key] if key else word_list(name))
    if isinstance(value, dict):
        return {k: with_words(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_words(v) for v in value]
    return value


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, list]:
    """The patterns of patterns/NAME.yaml, label -> list of patterns, lexicon words filled in."""
    text = files("extract.relations.patterns").joinpath(f"{name}.yaml").read_text("utf-8")
    return {label: with_words(patterns) for label, patterns in yaml.safe_load(text).items()}


class PatternSet:
    """The patterns of one file, matched per document and cached in `Doc.user_data` (matching
    a Span would copy it into a new Doc)."""

    def __init__(self, name: str, anchor: str = "trigger"):
        self.name = name
        self.anchor = anchor
        self._key = f"evergreen.patterns.{name}"

    @lru_cache(maxsize=4)
    def _matcher(self, vocab) -> tuple[DependencyMatcher, dict[str, tuple[str, list[str]]]]:
        matcher = DependencyMatcher(vocab)
        shapes: dict[str, tuple[str, list[str]]] = {}  # matcher key -> (label, node names in order)
        for label, patterns in load(self.name).items():
            for n, pattern in enumerate(patterns):
                key = f"{label}#{n}"  # one key per pattern: the label alone would not say which matched
                matcher.add(key, [pattern])
                shapes[key] = (label, [node["RIGHT_ID"] for node in pattern])
        return matcher, shapes

    def matches(self, doc) -> list[Match]:
        """Every match in the document, in the file's order of labels, then of tokens."""
        found = doc.user_data.get(self._key)
        if found is None:
            matcher, shapes = self._matcher(doc.vocab)
            order = {label: n for n, label in enumerate(load(self.name))}
            found = []
            for key, tokens in matcher(doc):
                label, names = shapes[doc.vocab.strings[key]]
                found.append(Match(label, dict(zip(names, tokens))))
            found.sort(key=lambda m: (order[m.label], sorted(m.slots.values())))
            doc.user_data[self._key] = found
        return found

    def first_matches(self, span) -> list[Match]:
        """For each anchor token in `span`, the match of the first label that fits it (then its
        first match by token order), sorted by the anchor's position."""
        best: dict[int, Match] = {}
        for m in self.matches(span.doc):
            i = m.slots.get(self.anchor)
            if i is not None and span.start <= i < span.end and i not in best:
                best[i] = m
        return [best[i] for i in sorted(best) if not best[i].label.startswith(BLOCKING)]
