"""A learned claim's valid time comes from its sentence's dates, read as the rules read them
(extract.model.timing), and only through the verb that joins its two mentions."""

import pytest

from extract.model.claims import LearnedClaim
from extract.model.timing import dated, joining_verb
from extract.relations import ArticleContext
from kg.core.facts import Kind, TimePoint

pytestmark = pytest.mark.slow

PUBLISHED = TimePoint.parse("2024-03-01")


def _read(extractor, text):
    doc = extractor.nlp(text)
    context = ArticleContext()
    extractor.claims(doc, PUBLISHED, None, context)
    sentence = next(doc.sents)
    return doc, context.readers[sentence.text.strip()]


def _claim(text, subject, predicate, obj, **kw):
    s, o = text.index(subject), text.index(obj)
    return LearnedClaim(subject, predicate, obj, text, extractor="a-model/1", rule="learned",
                        subject_span=(s, s + len(subject)), object_span=(o, o + len(obj)), **kw)


def test_a_range_in_the_clause_of_the_joining_verb_dates_the_claim(extractor):
    text = "Anna Berg was a professor at Leiden University from 2004 to 2006."
    _, reader = _read(extractor, text)
    claim = dated(_claim(text, "Anna Berg", "employer", "Leiden University"), reader, literal=False)
    assert (str(claim.valid_from), str(claim.valid_until)) == ("2004", "2006")


def test_a_year_before_the_verb_starts_the_claim(extractor):
    text = "In 1969, Maria Engel joined the staff of Hunter College."
    _, reader = _read(extractor, text)
    claim = dated(_claim(text, "Maria Engel", "employer", "Hunter College"), reader, literal=False)
    assert str(claim.valid_from) == "1969" and claim.valid_until is None


def test_a_noun_joining_the_mentions_gives_no_date(extractor):
    # the post is named by a noun phrase; Monday is when she spoke, not when the post began
    text = "Siemens chief executive Karla Otto said on Monday that sales rose."
    doc, reader = _read(extractor, text)
    claim = _claim(text, "Siemens", "chief_executive", "Karla Otto")
    assert dated(claim, reader, literal=False) == claim


def test_a_date_in_another_clause_is_not_the_claims(extractor):
    text = "Born in 1950, Karl Otto later worked for Siemens."
    _, reader = _read(extractor, text)
    claim = _claim(text, "Karl Otto", "employer", "Siemens")
    assert dated(claim, reader, literal=False).valid_from is None


def test_ends_literals_and_dated_claims_are_left_alone(extractor):
    text = "Anna Berg was a professor at Leiden University from 2004 to 2006."
    _, reader = _read(extractor, text)
    end = _claim(text, "Anna Berg", "employer", "Leiden University", kind=Kind.END)
    assert dated(end, reader, literal=False) is end
    given = _claim(text, "Anna Berg", "employer", "Leiden University", valid_from=TimePoint.parse("2001"))
    assert dated(given, reader, literal=False) is given
    plain = _claim(text, "Anna Berg", "employer", "Leiden University")
    assert dated(plain, reader, literal=True) is plain


def test_joining_verb_is_the_lowest_common_head(extractor):
    doc = extractor.nlp("Anna Berg joined Leiden University in 2004.")
    anna, leiden = doc[1], doc[4]
    assert joining_verb(anna, leiden).lemma_ == "join"


def test_a_month_name_inside_a_persons_name_is_no_date(extractor):
    # "Jan" and "May" are month names; inside a name spaCy labels a person they are not dates
    _, reader = _read(extractor, "Jan Kowalski is a Polish footballer.")
    assert reader.spans == []
    _, reader = _read(extractor, "Jan Kowalski joined Legia Warsaw in March 2004.")
    assert [str(span.start) for _, span in reader.spans] == ["2004-03"]


def test_hybrid_ingest_dates_the_models_fact(extractor):
    from extract.articles import article_from_text

    text = "Anna Berg is a scientist. From 2008 to 2012, Berg was a researcher at the CERN laboratory."
    prepared = extractor.prepare(article_from_text(text, published="2024-03-01"))
    learned = [c for _, claims in prepared.per_sentence for c in claims if c.extractor]
    employer = [c for c in learned if c.predicate == "employer" and "CERN" in c.object]
    assert employer, learned
    assert (str(employer[0].valid_from), str(employer[0].valid_until)) == ("2008", "2012")
