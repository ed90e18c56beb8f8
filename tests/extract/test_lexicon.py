"""The extractor's word lists are data (extract/lexicon.yaml), read by name."""

import pytest

from extract import linking
from extract.relations import matching
from extract.relations.families import careers
from kg.core.catalogue import Catalogue
from extract.lexicon import _lexicon, word_map, word_set


def test_every_list_is_filled_and_clean():
    lexicon = _lexicon()
    assert len(lexicon) > 30
    for name, words in lexicon.items():
        assert words, name
        for word in words:
            assert word == word.strip() and word, (name, word)


def test_the_rules_read_the_file():
    bought = matching.load("acquisitions")["bought"][0][0]  # the trigger node of "Y acquired Z"
    assert bought["RIGHT_ATTRS"]["_"]["lemma_lower"]["IN"] == sorted(word_set("acquire_verbs"))
    assert "acquire" in word_set("acquire_verbs")
    assert linking.ROLE_HEADS == Catalogue.load().role_heads and "deputy" in linking.ROLE_HEADS
    assert careers.TEAM_MOVES["sign"] == word_map("team_moves")["sign"] and isinstance(careers.TEAM_MOVES["sign"], tuple)
    assert linking.HONORIFICS <= linking.PERSON_TITLES and "president" in linking.PERSON_TITLES


def test_role_words_are_the_catalogues_not_the_lexicons():
    """One place for role words (issue 12): none of the catalogue's lists is in the lexicon too."""
    lexicon = _lexicon()
    assert not {"role_heads", "office_titles", "playing_positions"} & set(lexicon)
    catalogue = Catalogue.load()
    assert "deputy" in catalogue.role_heads and "striker" in catalogue.playing_positions
    assert linking.PLAYING_POSITIONS == catalogue.playing_positions


def test_an_unknown_list_is_an_error():
    with pytest.raises(KeyError):
        word_set("no_such_list")


def test_an_ordered_list_keeps_the_file_order():
    from extract.lexicon import word_list

    assert word_list("role_holder_prepositions")[:2] == ("of", "at")


def test_no_word_is_compared_with_a_literal_in_the_relation_rules():
    """The event families' words are data: comparisons of a token's words (its text too)
    against string literals, punctuation included, stay out of extract/relations/."""
    import ast
    from pathlib import Path

    import extract.relations

    words = {"lemma_", "lower_", "orth_", "norm_", "text"}
    found, files = [], sorted(Path(extract.relations.__file__).parent.rglob("*.py"))
    assert len(files) >= 10
    for path in files:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            reads_word = any(isinstance(s, ast.Attribute) and s.attr in words or isinstance(s, ast.Call)
                             and isinstance(s.func, ast.Attribute) and isinstance(s.func.value, ast.Attribute)
                             and s.func.value.attr in words for s in sides)
            literal = any(isinstance(s, ast.Constant) and isinstance(s.value, str) and s.value
                          or isinstance(s, (ast.Tuple, ast.List, ast.Set)) and any(
                              isinstance(e, ast.Constant) and isinstance(e.value, str) and e.value
                              for e in s.elts) for s in sides)
            if reads_word and literal:
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
