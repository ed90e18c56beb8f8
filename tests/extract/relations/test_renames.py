"""Renames (extract/relations/families/renames.py)."""

import pytest

from extract.relations.families import renames

pytestmark = pytest.mark.slow


def test_rename_makes_an_alias(read):
    out = read("Bluefin Labs has renamed itself Corvana.")
    entity = next(e for e in out.entities if e.id == "bluefin-labs")
    assert "Corvana" in entity.aliases


@pytest.mark.parametrize("text, rule", [
    ("Bluefin Labs changed its name to Corvana in 2020.", "rename:change"),
    ("Bluefin Labs, now called Corvana, makes sensors.", "rename:call"),
])
def test_a_rename_written_other_ways(family, text, rule):
    found = family(renames, text)
    assert [(c.subject, c.predicate, c.object, c.alias_of, c.rule) for c in found] == [
        ("Bluefin Labs", "official_name", "Corvana", "Bluefin Labs", rule)]


def test_changing_something_else_is_no_rename(family):
    assert family(renames, "Bluefin Labs changed its logo in 2020.") == []
