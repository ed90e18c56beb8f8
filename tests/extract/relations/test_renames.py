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
    ("Corvana, formerly known as Bluefin Labs, makes sensors.", "rename:know"),
    ("The firm formerly known as Bluefin Labs is now Corvana.", "rename:know"),
])
def test_a_rename_written_other_ways(family, text, rule):
    found = family(renames, text)
    assert [(c.subject, c.predicate, c.object, c.alias_of, c.rule) for c in found] == [
        ("Bluefin Labs", "official_name", "Corvana", "Bluefin Labs", rule),
        ("Bluefin Labs", "official_name", "Bluefin Labs", None, f"{rule}:before")]
    now, before = found
    assert before.valid_until == now.valid_from and before.valid_from is None  # its old name until then


def test_changing_something_else_is_no_rename(family):
    assert family(renames, "Bluefin Labs changed its logo in 2020.") == []


def test_a_name_given_at_the_start_and_later_redesignations_make_a_timeline(family):
    text = ("Attack Squadron Fifteen was an aviation unit of the United States Navy. It was established as "
            "Torpedo Squadron 4 on 10 January 1942, redesignated VA-2A on 15 November 1946, and finally "
            "redesignated VA-15 on 2 August 1948.")
    found = [(c.subject, c.object, str(c.valid_from)) for c in family(renames, text) if c.predicate == "official_name"]
    assert found == [("Attack Squadron Fifteen", "Torpedo Squadron 4", "1942-01-10"),
                     ("Attack Squadron Fifteen", "VA-2A", "1946-11-15"),
                     ("Attack Squadron Fifteen", "VA-15", "1948-08-02")]


@pytest.mark.parametrize("text", [
    "Ben Ortiz began as a clerk at Acme Foods in 1980.",  # a role, not a name
    "Mary Hale started as Juliet at the Globe Theatre in 1990.",  # a part a person played
])
def test_starting_as_a_role_or_a_part_is_no_name(family, text):
    assert family(renames, text) == []


def test_changing_its_name_to_a_phrase_the_parser_marks_dative_is_a_rename(read):
    out = read("Quill Media will change its name to Inkwell Group from March 1, chairman Piers Dunmore told "
               "staff on Tuesday.", date="2022-02-08")
    names = {(s.object.text if hasattr(s.object, "text") else s.object.id, str(s.valid_from))
             for s in out.statements if s.predicate == "official_name"}
    assert ("Inkwell Group", "2022-03-01") in names
