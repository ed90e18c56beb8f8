"""Successions one verb names with both holders (extract/relations/families/successions.py,
patterns/successions.yaml). The first sentence is the miss of issue 13; the others are variants
written after it, to measure whether the shape carries over (other word orders and attachments)."""

import pytest

from extract.relations.families import successions
from kg.core.facts import Kind

pytestmark = pytest.mark.slow


def test_replaced_a_with_b_ends_one_holder_and_starts_the_other(family):
    found = family(successions, "Norrland Paper replaced chief executive Ines Vidal with Tom Berg on Monday.")
    assert {(c.subject, c.predicate, c.object, c.kind, str(c.valid_from)) for c in found} == {
        ("Norrland Paper", "chief_executive", "Ines Vidal", Kind.END, "2024-03-04"),
        ("Norrland Paper", "chief_executive", "Tom Berg", Kind.ASSERT, "2024-03-04")}


@pytest.mark.parametrize("text, holder, predicate, leaver, successor", [
    # the role in apposition to the leaver
    ("Ostmark Bank replaced its chairman, Lotte Berg, with Pavel Ruzicka.",
     "Ostmark Bank", "chairperson", "Lotte Berg", "Pavel Ruzicka"),
    # "with" parsed onto the leaver's name; a head of government, the place named by a possessive
    ("Valdoria's ruling party replaced prime minister Marta Ilves with Kristo Tamm in June.",
     "Valdoria", "head_of_government", "Marta Ilves", "Kristo Tamm"),
    ("The board of Orvik Telecom replaced chief executive Sara Lind with Jonas Eke last week.",
     "Orvik Telecom", "chief_executive", "Sara Lind", "Jonas Eke"),
])
def test_variants_of_the_replacement(family, text, holder, predicate, leaver, successor):
    found = {(c.subject, c.predicate, c.object, c.kind) for c in family(successions, text)}
    assert found == {(holder, predicate, leaver, Kind.END), (holder, predicate, successor, Kind.ASSERT)}


def test_without_a_role_the_post_is_the_one_the_article_gave_the_leaver(read, keyed):
    out = read("Ines Vidal became chief executive of Norrland Paper in 2019. "
               "In March the board replaced Vidal with Tom Berg.")
    ceos = {(s.object.id, s.kind, str(s.valid_from)) for s in out.statements if s.predicate == "chief_executive"}
    assert ceos == {("ines-vidal", Kind.ASSERT, "2019"), ("ines-vidal", Kind.END, "2024-03"),
                    ("tom-berg", Kind.ASSERT, "2024-03")}


def test_a_replaced_thing_that_is_no_post_is_no_succession(family):
    assert family(successions, "Norrland Paper replaced its old printers with new machines.") == []
