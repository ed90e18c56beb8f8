"""Hybrid reading: the model reads a relation, the rules read the event. A departure the rules
read ends the model's fact of that person's post or employer in that sentence."""

import pytest

from extract.relations import ArticleContext, Claim
from kg.core.facts import Kind, TimePoint

pytestmark = pytest.mark.slow


def test_a_departure_the_rules_read_ends_the_models_fact_of_the_post(extractor):
    text = "Ada Lind resigned as president of Halden University on Tuesday."
    doc = extractor.nlp(text)
    context = ArticleContext()
    extractor.claims(doc, TimePoint.parse("2024-01-04"), None, context)
    sentence = next(doc.sents)
    date, _, _ = context.departures[(sentence.text.strip(), "Ada Lind")]  # read although no post was named
    assert str(date) == "2024-01-02"
    model = dict(sentence="s", extractor="a-model/1")
    post = extractor._as_departure(Claim("Halden University", "chief_executive", "Ada Lind", subject_type="ORG",
                                         object_type="PERSON", **model), sentence, context)
    assert post.kind is Kind.END and str(post.valid_from) == "2024-01-02"
    job = extractor._as_departure(Claim("Ada Lind", "employer", "Halden University", **model), sentence, context)
    assert job.kind is Kind.END
    school = extractor._as_departure(Claim("Ada Lind", "educated_at", "Halden University", **model), sentence, context)
    assert school.kind is Kind.ASSERT and school.valid_from is None  # not a post: untouched
    other = extractor._as_departure(Claim("Halden University", "chief_executive", "Per Lund", **model), sentence, context)
    assert other.kind is Kind.ASSERT  # someone else's post
