"""The Re-DocRED scorer (bench/redocred.py) on a hand-made document: names normalised, dates
read, each gold triple counted once on both sides. No models needed."""

from bench.redocred import detokenise, norm, score_document

ALIGNMENT = {"P112": "founded_by", "P571": "inception"}
DOC = {
    "vertexSet": [
        [{"name": "The Orvik Group", "type": "ORG", "sent_id": 0}, {"name": "Orvik", "type": "ORG", "sent_id": 1}],
        [{"name": "Ann Lee", "type": "PER", "sent_id": 0}],
        [{"name": "March 3, 1995", "type": "TIME", "sent_id": 0}],
        [{"name": "Tom Reyes", "type": "PER", "sent_id": 1}],
    ],
    "labels": [{"h": 0, "r": "P112", "t": 1, "evidence": [0]}, {"h": 0, "r": "P571", "t": 2, "evidence": [0]},
               {"h": 0, "r": "P112", "t": 3, "evidence": [1]}, {"h": 1, "r": "P27", "t": 3, "evidence": []}],
}


def keys(*names):
    return frozenset(norm(n) for n in names)


def test_names_and_dates_match_as_the_readme_says():
    predicted = [
        (keys("Orvik Group"), "P112", keys("Ann Lee"), "a"),  # article dropped: a mention of the head
        (keys("Orvik"), "P112", keys("Ann  Lee."), "b"),  # the same gold triple again
        (keys("Orvik"), "P571", frozenset({"date:1995-03-03"}), "c"),
        (keys("Orvik"), "P112", keys("Clara Ames"), "d"),  # wrong
    ]
    n_gold, n_found, n_pred, wrong, misses = score_document(DOC, predicted, ALIGNMENT)
    assert n_gold == {"P112": 2, "P571": 1}  # P27 is not aligned
    assert n_found == {"P112": 1, "P571": 1}
    assert n_pred == {"P112": 2, "P571": 1}  # two predictions of one gold triple count once
    assert wrong == ["d"]
    assert misses == [("The Orvik Group", "P112", "Tom Reyes")]


def test_detokenise():
    assert detokenise(["Orvik", "(", "founded", "1995", ")", "is", "a", "co", "-", "op", ",", "it", "'s",
                       '"', "big", '"', "."]) == 'Orvik (founded 1995) is a co-op, it\'s "big".'
