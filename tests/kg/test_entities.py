"""Entity lookups by name: the in-memory index and the store-backed one agree."""

import pytest

from kg.core.entities import EntityIndex, StoreEntityIndex, normalise
from kg.core.facts import Entity

ENTITIES = [Entity("acme-corp", "Acme Corp.", "ORG", ("Acme",)), Entity("x", "X", "ORG", ("Twitter",)),
            Entity("tomas-berg", "Tomás Berg", "PERSON"), Entity("acme-person", "Acme", "PERSON")]


def test_normalise():
    assert normalise("The Acme Corp.'s") == "acme corp"
    assert normalise("Tomás  BERG") == "tomas berg"


@pytest.fixture(params=["memory", "store"])
def index(request, service):
    if request.param == "memory":
        return EntityIndex(ENTITIES)
    service.graph.commit(entities=ENTITIES)
    return StoreEntityIndex(service.graph)


def test_exact_by_label_alias_and_type(index):
    assert [e.id for e in index.exact("acme corp")] == ["acme-corp"]
    assert sorted(e.id for e in index.exact("ACME")) == ["acme-corp", "acme-person"]
    assert [e.id for e in index.exact("Acme", types=["ORG"])] == ["acme-corp"]
    assert [e.id for e in index.exact("twitter")] == ["x"]
    assert index.exact("nobody") == [] and index.exact("!!!") == []


def test_fuzzy_and_ids(index):
    assert index.fuzzy("Tomas Berk")[0][0].id == "tomas-berg"
    assert "tomas-berg" in index and "Tomás Berg" not in index
    assert index.by_id["x"].label == "X"


def test_added_entities_are_found(index):
    index.add(Entity("x", "X", "ORG", ("Twitter", "X Corp")))
    assert [e.id for e in index.exact("x corp")] == ["x"]
    index.fuzzy("anything")  # loads the name list; later additions must still be found
    index.add(Entity("new-co", "New Co", "ORG"))
    assert [e.id for e in index.exact("new co")] == ["new-co"]


def test_candidates_come_from_shared_words_and_skip_common_words():
    from kg.core.entities import COMMON_WORD_LIMIT, EntityIndex
    from kg.core.facts import Entity

    common = [Entity(f"e{i}", f"Holdings {i}", "ORG") for i in range(COMMON_WORD_LIMIT + 1)]
    index = EntityIndex([*common, Entity("starbucks", "Starbucks", "ORG"),
                         Entity("corvid", "Corvid Biotech Holdings", "ORG")])
    assert index.candidates("Corvid Holdings") == {"corvid biotech holdings"}  # "holdings" is too common
    assert index.candidates("Starbuks") == {"starbucks"}  # a typo still meets on the first letters
    assert [e.id for e, _ in index.fuzzy("Starbuks")] == ["starbucks"]
    assert index.candidates("Nothing Alike") == set()
