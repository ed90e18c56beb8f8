"""Acquisitions (extract/relations/families/acquisitions.py)."""

import pytest

from extract.relations.families import acquisitions
from kg.core.facts import Modality

pytestmark = pytest.mark.slow


def test_agreed_acquisition_is_hedged(read):
    out = read("Greyfield Foods has agreed to buy Pinto Mills. The deal still needs approval.")
    acq = [s for s in out.statements if s.predicate == "acquired"]
    assert acq and all(s.modality is Modality.HEDGED for s in acq)
    assert out.held_back


def test_completed_acquisition_is_asserted_with_year(read):
    out = read("Greyfield Foods completed its acquisition of Pinto Mills in 2021.")
    acq = next(s for s in out.statements if s.predicate == "acquired")
    assert acq.modality is Modality.ASSERTED and str(acq.valid_from) == "2021"


def test_take_over_gives_acquired_and_owned_by(family, triples):
    found = family(acquisitions, "Greyfield Foods took over Pinto Mills in 2020.")
    assert triples(found) == {("Greyfield Foods", "acquired", "Pinto Mills"),
                              ("Pinto Mills", "owned_by", "Greyfield Foods")}


@pytest.mark.parametrize("text, reason", [
    ("Greyfield Foods bought Pinto Mills, subject to regulatory approval.", "agreed, not completed (needs approval)"),
    ("Greyfield Foods denied that it bought Pinto Mills.", "denied ('denied')"),
])
def test_a_deal_awaiting_approval_or_denied_is_not_asserted(family, text, reason):
    found = family(acquisitions, text)
    assert found and {c.reason for c in found} == {reason}
    assert all(c.modality is not Modality.ASSERTED for c in found)


def test_a_stake_is_not_the_company(family):
    assert family(acquisitions, "Greyfield Foods bought a stake in Pinto Mills.") == []


# Issue 13's miss "completed its acquisition of" (asserted) against "agreed the acquisition of"
# (hedged, patterns/aspect.yaml): variants of both.
@pytest.mark.parametrize("text, modality", [
    ("Greyfield Foods closed its purchase of Pinto Mills on Monday.", Modality.ASSERTED),
    ("Greyfield Foods has completed the takeover of Pinto Mills, which it agreed in March.", Modality.ASSERTED),
    ("Greyfield Foods completed the deal to acquire Pinto Mills in 2021.", Modality.ASSERTED),
    ("Greyfield Foods agreed the acquisition of Pinto Mills on Monday.", Modality.HEDGED),
    ("Greyfield Foods signed the takeover of Pinto Mills on Monday.", Modality.HEDGED),
])
def test_completed_against_agreed(family, text, modality):
    found = [c for c in family(acquisitions, text) if c.predicate == "acquired"]
    assert [(c.subject, c.object, c.modality) for c in found] == [("Greyfield Foods", "Pinto Mills", modality)]


def test_the_possessor_of_the_acquisition_is_the_buyer(family, triples):
    found = family(acquisitions, "Analysts praised Greyfield Foods's acquisition of Pinto Mills.")
    assert ("Greyfield Foods", "acquired", "Pinto Mills") in triples(found)


def test_a_gapped_list_of_purchases_gives_each_target_its_year(read):
    out = read("Under Ines Vidal, Greyfield Foods bought Pinto Mills in 2006, Harlow Dairies in 2009 and "
               "Kestrel Farms, the company behind Morning Oats, in 2012.")
    bought = {(s.object.id, str(s.valid_from)) for s in out.statements if s.predicate == "acquired"}
    assert {("pinto-mills", "2006"), ("harlow-dairies", "2009")} <= bought, bought
    assert "kestrel-farms" in {target for target, _ in bought}


def test_a_date_after_the_targets_apposition_is_its_date(read):
    out = read("Greyfield Foods bought Pinto Mills in 2006, Harlow Dairies in 2009 and Kestrel Farms, the maker "
               "of Morning Oats, in 2012.")
    bought = {(s.object.id, str(s.valid_from)) for s in out.statements if s.predicate == "acquired"}
    assert ("kestrel-farms", "2012") in bought, bought


def test_buying_a_firms_businesses_acquires_the_firm(read):
    out = read("Greyfield Foods completed its acquisition of Pinto Mills's flour and bakery businesses on Monday.")
    assert "pinto-mills" in {s.object.id for s in out.statements if s.predicate == "acquired"}
