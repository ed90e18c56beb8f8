"""The asked predicate fits the type of the entity the question names: a university's
"president" is its chief executive (an organisation's post), not a head of state (a place's)."""

import datetime as dt

import pytest

from kg.answer.answers import first_sentence
from kg.app.service import Evergreen
from kg.runtime.settings import Settings
from tests.conftest import FixedClock

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def service(models):
    clock = FixedClock(dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc))
    with Evergreen(Settings(store="memory", user="tester"), clock=clock) as svc:
        svc.add("Corrin University", "chief executive", "Mara Lindqvist", "2021-07-01")
        svc.add("Veldoria", "head of state", "Tarek Oduya", "2019-05-01")
        yield svc


def test_president_of_an_organisation_is_its_chief_executive(service):
    answer = service.ask("Who is the president of Corrin University?")
    assert "Mara Lindqvist" in first_sentence(answer.text), answer.text


def test_president_of_a_country_is_still_its_head_of_state(service):
    answer = service.ask("Who is the president of Veldoria?")
    assert "Tarek Oduya" in first_sentence(answer.text), answer.text


def test_ranked_keeps_predicates_the_type_can_have(service):
    from kg.answer.intents import takes_type

    catalogue = service.catalogue
    assert takes_type(catalogue.get("chief_executive"), "ORG")
    assert not takes_type(catalogue.get("head_of_state"), "ORG")
    assert takes_type(catalogue.get("head_of_state"), "GPE")


def test_a_declined_better_reading_does_not_hide_another_entitys_answer(service):
    # "Halden" is a firm's label and the university's alias; the firm's best reading is a hop
    # (its employee's post), which asks something else; the university's own fact answers
    from kg.core.facts import Entity
    from kg.graph.report import Report

    service.commit(Report("edit"), entities=[Entity("halden-university", "Halden University", "ORG", ("Halden",)),
                                             Entity("halden", "Halden", "ORG")])
    service.add("Halden University", "chief executive", "Ivo Brant", "2022-01-01")
    service.add("Ivo Brant", "employer", "Halden", "2020-01-01")
    answer = service.ask("Who is the president of Halden?")
    assert "Ivo Brant" in first_sentence(answer.text), answer.text
