"""Splitting misses: did the graph hold the facts the question needed? (kg/app/eval_split.py)"""

import pytest

from kg.app.eval_split import HELD, MISSING, classify

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("question, expected", [
    ({"q": "Who runs Quillon Foods?", "kind": "current", "gold": ["Ilse Varga"]}, HELD),
    ({"q": "Who runs Quillon Foods?", "kind": "current", "gold": ["Devan Pike"]}, MISSING),  # not current
    ({"q": "Who runs Quillon Foods?", "kind": "current", "gold": ["Nobody Known"]}, MISSING),
    ({"q": "Who ran Quillon Foods in 2020?", "kind": "past", "gold": ["Devan Pike"]}, HELD),
    ({"q": "Who ran Quillon Foods in 2020?", "kind": "past", "gold": ["Mara Ostrem"]}, MISSING),  # not then
    ({"q": "Which companies has Quillon Foods acquired?", "kind": "multi-valued", "all": True,
      "gold": ["Penrose Bakeries", "Orchard Vale"]}, HELD),
    ({"q": "Which companies has Quillon Foods acquired?", "kind": "multi-valued", "all": True,
      "gold": ["Penrose Bakeries", "Hestia Mills"]}, MISSING),  # only a hedged claim
    ({"q": "Who runs the company that Quillon Foods bought in 2020?", "kind": "multi-hop",
      "gold": ["Rook Hadley"]}, HELD),
    ({"q": "Did Quillon Foods buy Hestia Mills?", "kind": "negative", "gold": ["no"]}, HELD),
    ({"q": "Did Quillon Foods buy Tallow Dairies?", "kind": "negative", "gold": ["no"]}, MISSING),
])
def test_classify(kinds_service, question, expected):
    assert classify(kinds_service, question) == expected
