"""The extractor's word lists, read from extract/lexicon.yaml (rules as data: a new trigger
word is a line in that file, not a comparison in code)."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import yaml


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return yaml.safe_load(files("extract").joinpath("lexicon.yaml").read_text("utf-8"))


def word_set(name: str) -> frozenset[str]:
    """A list of words from the lexicon, as a set (KeyError names a list the file lacks)."""
    return frozenset(_lexicon()[name])


def word_map(name: str) -> dict:
    """A map from words to what a rule reads with them; lists become tuples, as the rules
    compare and unpack them."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in _lexicon()[name].items()}


def word_list(name: str) -> tuple[str, ...]:
    """A list of words in the file's order, for rules that try them in turn."""
    return tuple(_lexicon()[name])
