"""Modality of an event (extract/relations/modality.py): negated, denied, hedged, agreed but
not completed, future."""

import pytest

from extract.relations import modality
from kg.core.facts import Modality

pytestmark = pytest.mark.slow


def verb_of(nlp, text, lemma):
    doc = nlp(text)
    return next(t for t in doc if t.lemma_ == lemma), doc.text


@pytest.mark.parametrize("text, lemma, expected", [
    ("Greyfield Foods bought Pinto Mills.", "buy", Modality.ASSERTED),
    ("Greyfield Foods did not buy Pinto Mills.", "buy", Modality.NEGATED),
    ("Greyfield Foods denied that it bought Pinto Mills.", "buy", Modality.NEGATED),
    ("Greyfield Foods plans to buy Pinto Mills.", "buy", Modality.HEDGED),
    ("Greyfield Foods could buy Pinto Mills.", "buy", Modality.HEDGED),
    ("Greyfield Foods reportedly bought Pinto Mills.", "buy", Modality.HEDGED),
    ("Greyfield Foods bought Pinto Mills, people familiar with the matter said.", "buy", Modality.HEDGED),
    # reported speech: "would" is the past of "will", an announced future, not a hedge
    ("Greyfield Foods said on Monday that it would buy Pinto Mills.", "buy", Modality.ASSERTED),
    ("Greyfield Foods said it would close a plant and buy Pinto Mills.", "buy", Modality.ASSERTED),
    ("Greyfield Foods would buy Pinto Mills.", "buy", Modality.HEDGED),
    ("Analysts hoped Greyfield Foods would buy Pinto Mills.", "buy", Modality.HEDGED),
    ("Greyfield Foods did not say whether it would buy Pinto Mills.", "buy", Modality.NEGATED),
    # an event on a condition
    ("Greyfield Foods said it would buy Pinto Mills if the price fell.", "buy", Modality.HEDGED),
    ("Greyfield Foods will buy Pinto Mills unless regulators object.", "buy", Modality.HEDGED),
])
def test_modality_of_the_event_verb(extractor, text, lemma, expected):
    verb, sentence = verb_of(extractor.nlp, text, lemma)
    assert modality.modality(verb, sentence)[0] is expected


def test_set_up_is_not_the_hedge_set_to(extractor):
    verb, sentence = verb_of(extractor.nlp, "Ruth Adeyemi set up Tallis Software in 2009.", "set")
    assert modality.modality(verb, sentence) == (Modality.ASSERTED, None)


def test_a_deal_that_is_not_closed_is_agreed_not_completed(extractor):
    # the deal's words are read from the sentence's text, wherever the parse puts them
    verb, _ = verb_of(extractor.nlp, "Greyfield Foods bought Pinto Mills.", "buy")
    sentence = "Greyfield Foods bought Pinto Mills in a deal that is yet to close."
    assert modality.modality(verb, sentence) == (Modality.ASSERTED, None)  # only acquisitions read deal words
    assert modality.modality(verb, sentence, acquisition=True) == (Modality.HEDGED, "agreed, not completed")


@pytest.mark.parametrize("text, lemma, expected", [
    ("Ines Vidal will join Norrland Paper.", "join", True),
    ("Ines Vidal joined Norrland Paper.", "join", False),
])
def test_future(extractor, text, lemma, expected):
    assert modality.future(verb_of(extractor.nlp, text, lemma)[0]) is expected


def test_reported_would_is_a_future(extractor):
    verb, _ = verb_of(extractor.nlp, "Greyfield Foods said on Monday that it would buy Pinto Mills.", "buy")
    assert modality.future(verb)  # so the date of "said on Monday" is not the event's date
    verb, _ = verb_of(extractor.nlp, "Greyfield Foods would buy Pinto Mills.", "buy")
    assert not modality.future(verb)
