"""The extractor's word lists are data (extract/lexicon.yaml), read by name."""

import pytest

from extract import linking, relations
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
    assert relations.ACQUIRE_VERBS == word_set("acquire_verbs") and "acquire" in relations.ACQUIRE_VERBS
    assert linking.ROLE_HEADS == Catalogue.load().role_heads and "deputy" in linking.ROLE_HEADS
    assert relations.TEAM_MOVES["sign"] == word_map("team_moves")["sign"] and isinstance(relations.TEAM_MOVES["sign"], tuple)
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
