"""The trained extractor's evidence in the ontology mode (extract.ontology_evidence): pair
views from one encoder pass, predicate probabilities carried over by Wikidata id, the gate
file and its adapter fingerprint, and the product wiring. Real spaCy, real embeddings, the
committed adapter; the sentences and ontologies are invented for these tests."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from extract.linking import ArticleMentions
from extract.ontology import OntologyMapper, Relation, candidates, date_point, extract_many
from extract.model.artefact import fingerprint
from extract.ontology_evidence import Gate, OntologyEvidence, combine
from kg.core.catalogue import Catalogue
from kg.core.facts import Precision

pytestmark = pytest.mark.slow

CONCEPTS = {"Q5": "human", "Q515": "city"}
RELATIONS = [Relation("place of birth", "P19", "Q5", "Q515"), Relation("director", "P57", "", "Q5")]


@pytest.fixture(scope="module")
def nlp():
    from kg.runtime.local_models import spacy_pipeline
    from kg.runtime.settings import Settings

    return spacy_pipeline(Settings().spacy_model)


@pytest.fixture(scope="module")
def mapper():
    from kg.runtime.local_models import sentence_encoder
    from kg.runtime.settings import Settings

    encoder = sentence_encoder(Settings().embedding_model)
    return OntologyMapper(RELATIONS, lambda t: encoder.encode(list(t), normalize_embeddings=True), concepts=CONCEPTS)


@pytest.fixture(scope="module")
def evidence():
    return OntologyEvidence.load(Catalogue.load(), gate_weight=0.0, predicate_weight=1.0)


def _sentence(nlp, text):
    doc = nlp(text)
    return doc[:], ArticleMentions(doc)


def test_candidates_know_where_subject_and_object_are(nlp):
    sent, mentions = _sentence(nlp, "Winterfall is a 2003 novel written by Clara Ames.")
    found = candidates(sent, mentions)
    assert found
    ames = next(c for c in found if c.object == "Clara Ames")
    assert sent.text[slice(*ames.span)] == "Clara Ames" and ames.object_label == "PERSON"
    assert all(sent.text[slice(*c.subject_span)] == "Winterfall" for c in found)
    year = next(c for c in found if c.is_time)
    assert sent.text[slice(*year.span)] == "2003" and year.object_label == "DATE"


def test_a_calendar_date_is_read_at_day_precision():
    point = date_point("4 December 2003")
    assert (str(point), point.precision) == ("2003-12-04", Precision.DAY)
    assert str(date_point("December 4, 2003")) == "2003-12-04"
    assert str(date_point("2003")) == "2003" and date_point("last week") is None


def test_the_models_birthplace_probability_goes_to_the_relation_with_its_wikidata_id(nlp, mapper, evidence):
    sent, mentions = _sentence(nlp, "Clara Ames was born in Oslo.")
    cands = candidates(sent, mentions)
    (oslo,) = [n for n, c in enumerate(cands) if c.object == "Oslo"]
    (scores,) = evidence.scores(mapper, [sent.text], [cands])
    assert scores.shape == (len(cands), len(RELATIONS))
    assert scores[oslo, 0] > 0.5  # place_of_birth (P19) -> "place of birth"
    assert scores[oslo, 1] < 0.1  # nothing of the model's means "director"


def test_one_batch_gives_each_sentence_what_it_gets_alone(nlp, evidence):
    texts = ["Clara Ames was born in Oslo.", "Winterfall is a novel by Tom Reyes, who was born in Lund in 1960."]
    pairs = [_sentence(nlp, t) for t in texts]
    per_sentence = [candidates(s, m) for s, m in pairs]
    assert all(per_sentence)
    together = evidence.pairs.views(texts, per_sentence)
    alone = [evidence.pairs.views([t], [c])[0] for t, c in zip(texts, per_sentence)]
    for a, b in zip(together, alone):
        assert a.probabilities.shape == (len(a.features), len(evidence.pairs.model.mapping))
        np.testing.assert_allclose(a.probabilities, b.probabilities, atol=1e-4)


def test_zero_weights_change_no_triple(nlp, mapper):
    quiet = OntologyEvidence.load(Catalogue.load(), gate_weight=0.0, predicate_weight=0.0)
    pairs = [_sentence(nlp, "Winterfall is a film directed by Clara Ames."), _sentence(nlp, "Clara Ames was born in Oslo.")]
    plain, with_model = extract_many(pairs, mapper), extract_many(pairs, mapper, quiet)
    assert plain[0]
    assert [(t.subject, t.relation, t.object, round(t.score, 5)) for t in plain[0]] == \
        [(t.subject, t.relation, t.object, round(t.score, 5)) for t in with_model[0]]


def test_combine_weighs_the_gate_per_candidate_and_the_predicates_per_relation():
    gate, predicate = np.array([2.0, -1.0]), np.array([[0.5, 0.0], [0.0, 1.0]])
    np.testing.assert_allclose(combine(gate, predicate, 0.1, 1.0), [[0.7, 0.2], [-0.1, 0.9]])


def test_a_gate_fitted_on_other_adapter_weights_is_not_used(tmp_path, caplog):
    from extract.model.artefact import DEFAULT_ADAPTER

    width = 8
    stale = Gate(np.zeros(width), np.ones(width), np.ones(width), 0.0, adapter="0" * 16)
    stale.save(tmp_path / "stale.npz")
    fresh = Gate(np.zeros(width), np.ones(width), np.ones(width), 0.5, adapter=fingerprint(DEFAULT_ADAPTER))
    fresh.save(tmp_path / "fresh.npz")
    with caplog.at_level(logging.WARNING):
        assert OntologyEvidence.load(Catalogue.load(), gate_file=tmp_path / "stale.npz").gate is None
    assert "bench/fit_ontology_gate.py" in caplog.text
    loaded = OntologyEvidence.load(Catalogue.load(), gate_file=tmp_path / "fresh.npz").gate
    assert loaded is not None and loaded.bias == 0.5
    assert loaded.probability(np.zeros((1, width)))[0] == pytest.approx(1 / (1 + np.exp(-0.5)))


def test_the_gate_fit_learns_a_separable_toy_problem():
    from bench.fit_ontology_gate import accuracy, fit

    rng = np.random.default_rng(42)
    x = rng.normal(size=(400, 6)).astype(np.float32)
    y = (x[:, 2] - x[:, 4] > 0).astype(np.float32)
    gate = fit(x, y, l2=1e-4, adapter="toy")
    assert accuracy(gate, x, y)["accuracy"] >= 0.95
    assert gate.weights[2] > 0 > gate.weights[4]


def test_the_ingest_uses_the_evidence_with_its_own_cut_off_and_drops_it_with_a_stale_gate(monkeypatch, mapper):
    from extract import ontology_evidence as ev
    from extract.ontology_claims import CUTOFF, Ontology, OntologyClaimFinder

    ontology = Ontology(tuple(RELATIONS), CONCEPTS)
    finder = OntologyClaimFinder.for_ingest(ontology, mapper.encode, Catalogue.load())
    assert (finder.evidence is not None) == bool(ev.GATE_WEIGHT or ev.PREDICATE_WEIGHT)
    assert finder.mapper.cutoff == (ev.CUTOFF if finder.evidence is not None else CUTOFF)
    monkeypatch.setattr(ev, "GATE_WEIGHT", 0.1)
    monkeypatch.setattr(ev, "PREDICATE_WEIGHT", 0.0)
    monkeypatch.setattr(ev.Gate, "load", classmethod(lambda cls, path=None: None))  # no usable gate
    plain = OntologyClaimFinder.for_ingest(ontology, mapper.encode, Catalogue.load())
    assert plain.evidence is None and plain.mapper.cutoff == CUTOFF


def test_a_learned_extraction_mode_shares_its_model_with_the_ontology_mode(tmp_path):
    from extract import ontology_evidence as ev
    from extract.pipeline import Extractor
    from kg.runtime.settings import Settings

    path = tmp_path / "films.yaml"
    path.write_text("relations:\n  - {label: director, pid: P57}\n", "utf-8")
    extractor = Extractor(Settings(store="memory", extraction="hybrid", ontology=str(path)), Catalogue.load())
    if not (ev.GATE_WEIGHT or ev.PREDICATE_WEIGHT):
        assert extractor.ontology.evidence is None
    else:
        assert extractor.ontology.evidence.pairs.model is extractor._learned().model
