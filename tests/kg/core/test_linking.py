"""One candidate path for articles and questions (kg.core.linking.Candidates): the same index,
stages and cut-offs; only the Reading differs."""

from __future__ import annotations

import numpy as np

from kg.core.entities import EntityIndex
from kg.core.facts import Entity
from kg.core.linking import ARTICLE, QUESTION, Candidates, Linker, QuestionLinker

ENTITIES = [
    Entity("boris-johnson", "Boris Johnson", "PERSON"),
    Entity("johnson-controls", "Johnson Controls", "ORG"),
    Entity("orvik-telecom", "Orvik Telecom Group", "ORG"),
    Entity("starbucks", "Starbucks", "ORG"),
]


def test_an_articles_name_matches_only_within_compatible_types():
    found = Candidates(EntityIndex(ENTITIES), reading=ARTICLE).fuzzy("Johnson", "PERSON")
    assert [e.id for e, _ in found] == ["boris-johnson"]


def test_a_typo_is_found_through_the_shared_word_index_by_both_readings():
    index = EntityIndex(ENTITIES)
    assert [e.id for e, _ in Candidates(index, reading=QUESTION).fuzzy("Starbuks")] == ["starbucks"]
    found = Candidates(index, reading=ARTICLE).fuzzy("Orvik Telekom Group", "ORG")
    assert [e.id for e, _ in found] == ["orvik-telecom"]


def test_a_question_may_name_an_entity_by_part_of_its_name_an_article_may_not():
    index = EntityIndex(ENTITIES)
    assert [e.id for e, _ in Candidates(index, reading=QUESTION).fuzzy("Telecom Group")] == ["orvik-telecom"]
    assert Candidates(index, reading=ARTICLE).fuzzy("Telecom Group", "ORG") == []


def _encoder(vectors: dict[str, list[float]]):
    def encode(texts):
        rows = np.array([vectors[t] for t in texts], dtype=float)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return encode


def test_embedding_matches_need_a_clear_lead_for_an_article_not_for_a_question():
    index = EntityIndex([Entity("north-bank", "North Bank", "ORG"), Entity("bank-north", "Bank of the North", "ORG")])
    encode = _encoder({"bank north": [1, 0.02], "north bank": [1, 0], "bank of the north": [1, 0.05]})
    assert Candidates(index, encode, ARTICLE).embedded("Bank North", "ORG") == []  # 0.999 against 0.999: ambiguous
    found = Candidates(index, encode, QUESTION).embedded("Bank North")
    assert [e.id for e, _ in found] == ["north-bank"]


def test_people_are_never_matched_by_meaning():
    index = EntityIndex([Entity("ann-lee", "Ann Lee", "PERSON")])
    encode = _encoder({"ann li": [1, 0], "ann lee": [1, 0]})
    assert Candidates(index, encode, ARTICLE).embedded("Ann Li", "PERSON") == []


def test_both_linkers_use_the_one_candidate_path():
    index = EntityIndex(ENTITIES)
    assert Linker(index).candidates.reading is ARTICLE
    assert QuestionLinker(index).candidates.reading is QUESTION
    link = Linker(index).link("Orvik Telekom Group", "ORG")
    assert link.entity.id == "orvik-telecom" and not link.new


def test_a_firms_short_name_prefers_the_firm_it_shortens_over_a_part_of_it():
    index = EntityIndex([Entity("kvist-co", "Kvist Co", "ORG"), Entity("kvist-parks", "Kvist Parks", "ORG")])
    link = Linker(index).link("Kvist", "ORG")
    assert link.entity.id == "kvist-co" and link.ambiguity is None
    apart = Linker(EntityIndex([Entity("kvist-studios", "Kvist Studios", "ORG"),
                                Entity("kvist-parks", "Kvist Parks", "ORG")])).link("Kvist", "ORG")
    assert apart.ambiguity is not None  # no designator: two parts of a firm stay a question


def test_short_forms_by_distinctive_words():
    from kg.core.entities import short_form_of

    assert short_form_of("Boeing", "Boeing Co.") and short_form_of("Disney", "The Walt Disney Company", last_words=True)
    assert not short_form_of("Disney", "The Walt Disney Company")  # across articles: the whole core only
    assert not short_form_of("Amazon", "Amazon Studios", last_words=True)
    assert not short_form_of("Company", "Walt Disney Company", last_words=True)
