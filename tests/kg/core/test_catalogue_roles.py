"""Role words have one owner, the catalogue: each predicate's post names (`roles` in
predicates.yaml) and the general position nouns of kg/core/roles.yaml."""

from __future__ import annotations

import yaml

from kg.core.catalogue import Catalogue, role_head


def test_a_roles_head_is_the_noun_before_of_else_the_last_word():
    assert role_head("chief executive officer") == "officer"
    assert role_head("head of state") == "head"
    assert role_head("Mayor") == "mayor"


def test_role_heads_take_the_heads_of_every_predicates_roles():
    catalogue = Catalogue.load()
    heads = {role_head(r) for pred in catalogue for r in pred.roles}
    assert {"chancellor", "officer", "head", "taoiseach"} <= heads
    assert heads <= catalogue.role_heads
    assert catalogue.office_titles <= catalogue.role_heads
    assert {"deputy", "founder"} <= catalogue.role_heads  # the general ones of roles.yaml


def test_roles_yaml_lists_no_word_a_predicates_roles_already_give(tmp_path):
    from importlib.resources import files

    listed = yaml.safe_load(files("kg.core").joinpath("roles.yaml").read_text("utf-8"))
    catalogue = Catalogue.load()
    derived = {role_head(r) for pred in catalogue for r in pred.roles}
    general = set(listed["role_heads"])
    assert general and not general & derived
    assert not general & set(listed["office_titles"])


def test_a_users_predicate_brings_its_role_heads(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("abbot:\n  label: abbot\n  subject: [ORG]\n  object: [PERSON]\n"
                     "  roles: [abbot, father superior]\n", "utf-8")
    catalogue = Catalogue.load(extra)
    assert {"abbot", "superior"} <= catalogue.role_heads
    assert "abbot" not in Catalogue.load().role_heads
    assert catalogue.offices["father superior"].key == "abbot"


def test_offices_name_posts_held_by_people_and_nothing_else():
    offices = Catalogue.load().offices
    assert offices["ceo"].key == "chief_executive" and offices["group chief executive"].key == "chief_executive"
    assert offices and all("PERSON" in p.object_types for p in offices.values())
    assert "headquarters" not in offices
