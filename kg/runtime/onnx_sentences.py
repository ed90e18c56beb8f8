"""The sentence encoder's transformer run by onnxruntime, for ingest (setting embedding_runtime).

Ingest encodes a few words at a time: a verb phrase to map onto a predicate, an article's new
names to link. Over 100 articles that was 126 calls of 1-5 texts (about 800 word pieces in
all), and sentence-transformers on torch spent 7-19 ms per call, nearly all of it the eager
per-operation overhead of a tiny input, not arithmetic (docs/BENCHMARKS.md, 2026-12-03).
onnxruntime runs the same float graph for about 3 ms a call. The weights are not changed
(no quantization: linking and predicate mapping compare cosines with fixed cut-offs), so the
vectors agree with sentence-transformers' to about 1e-6.

The transformer is exported once per model file into the user's cache folder (keyed by a
hash of the weights); the mean pooling over the attention mask and the normalisation are
done here in numpy, as the model's own Pooling and Normalize modules do. The export and the
one-thread session are the ones the learned extractor's encoder uses (kg/runtime/onnx_export.py).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np

from kg.runtime.onnx_export import cache_root, one_thread_session
from kg.runtime.onnx_export import export_hidden_states as export

logger = logging.getLogger(__name__)

FILE_NAME = "sentences.onnx"


def weights_fingerprint(folder: Path) -> str:
    """A short hash of the model's weight files: an export is only valid for those weights."""
    digest = hashlib.sha256()
    files = sorted(Path(folder).glob("*.safetensors")) or sorted(Path(folder).glob("*.bin"))
    if not files:
        raise FileNotFoundError(f"no weight files in {folder}")
    for path in files:
        digest.update(path.name.encode())
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


class OnnxSentenceEncoder:
    """`encode` as SentenceTransformer's for the arguments ingest passes (a list of texts,
    `normalize_embeddings`, `batch_size`): float32 vectors, one row per text, in order."""

    def __init__(self, path: Path, model):
        self.path = path
        self.session = one_thread_session(path)
        self.tokenizer = model.tokenizer
        self.max_seq_length = model.max_seq_length
        self.model = model  # the torch model, for anything but encode
        # The model's own Normalize module normalises whatever `normalize_embeddings` says.
        self.normalized = any(type(m).__name__ == "Normalize" for m in model)
        self.dimension = int(model[0].auto_model.config.hidden_size)

    def encode(self, texts, normalize_embeddings: bool = False, batch_size: int = 32, **_ignored) -> np.ndarray:
        texts = [texts] if isinstance(texts, str) else list(texts)
        out = np.zeros((len(texts), self.dimension), np.float32)
        # Longest first in batches, as sentence-transformers does, so padding stays small.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for first in range(0, len(order), batch_size):
            chunk = order[first:first + batch_size]
            batch = self.tokenizer([texts[i] for i in chunk], padding=True, truncation=True,
                                   max_length=self.max_seq_length, return_tensors="np")
            mask = batch["attention_mask"].astype(np.int64)
            hidden = self.session.run(None, {"input_ids": batch["input_ids"].astype(np.int64), "attention_mask": mask})[0]
            weights = mask[..., None].astype(np.float32)
            vectors = (hidden * weights).sum(1) / np.clip(weights.sum(1), 1e-9, None)
            if normalize_embeddings or self.normalized:
                vectors /= np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
            out[chunk] = vectors
        return out


def onnx_sentence_encoder(model, folder: str | Path, cache: Path | None = None) -> OnnxSentenceEncoder | None:
    """`model` (a SentenceTransformer of a mean-pooled transformer, loaded from `folder`) under
    onnxruntime, exported first if these weights have no export; None (the caller keeps
    sentence-transformers) when the model is of another shape, onnxruntime or onnx is missing,
    or the export fails."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        logger.info("onnxruntime is not installed; the sentence encoder runs on torch")
        return None
    if not _mean_pooled(model):
        logger.info("the sentence encoder is not a plain mean-pooled transformer; it runs on torch")
        return None
    path = None
    try:
        path = (cache or cache_root()) / f"sentences-{weights_fingerprint(Path(folder))}" / FILE_NAME
        if not path.is_file():
            logger.info("exporting the sentence encoder to %s (once per model)", path)
            export(model[0].auto_model, path)
        return OnnxSentenceEncoder(path, model)
    except Exception as err:  # a missing `onnx` package, an exporter or runtime error: torch still works
        logger.warning("the sentence encoder runs on torch: its ONNX export %s failed (%s: %s)",
                       path or folder, type(err).__name__, err)
        return None


def _mean_pooled(model) -> bool:
    """Transformer, mean Pooling, optionally Normalize: the modules `encode` reproduces."""
    try:
        modules = list(model)
        names = [type(m).__name__ for m in modules]
        pooling = modules[1]
        mean = getattr(pooling, "pooling_mode_mean_tokens", None)
        if mean is None:  # newer sentence-transformers keep the mode as one name
            mean = getattr(pooling, "pooling_mode", None) == "mean"
        return (names[:2] == ["Transformer", "Pooling"] and set(names[2:]) <= {"Normalize"} and bool(mean)
                and hasattr(modules[0], "auto_model"))
    except Exception:
        return False
