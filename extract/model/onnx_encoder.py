"""The learned extractor's encoder (LoRA merged into MiniLM) run by onnxruntime.

The encoder's forward pass is most of the learned extractor's cost at ingest. onnxruntime
runs the same graph with fused kernels on one thread; the graph is exported from the merged
torch encoder once, on first use, into a cache folder keyed by the adapter's fingerprint (a
retrained adapter gets a new export; nothing large is committed). The returned object is
called like the torch encoder (`input_ids`, `attention_mask` -> `.last_hidden_state`), so
the pooling and the head stay the same torch code.

One thread, always (kg/runtime/onnx_export.py, shared with the sentence encoder, says why).

`quantized=True` (the setting `model_runtime = onnx-int8`) runs an int8 copy of the export:
onnxruntime's dynamic quantization (weights int8 per output channel, activations quantized on
the fly), made from the float export once and kept beside it under the same fingerprint.
It read the encoder's windows 2.3x faster than the float graph on one thread here (VNNI
int8 kernels), at a mean cosine of 0.992 to the float hidden states; per-tensor weights were
as fast but 0.956. What it costs in facts is measured in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from types import SimpleNamespace

import torch

from kg.runtime.onnx_export import cache_root, one_thread_session
from kg.runtime.onnx_export import export_hidden_states as export

logger = logging.getLogger(__name__)

FILE_NAME = "encoder.onnx"
INT8_FILE_NAME = "encoder.int8.onnx"


def quantize(source: Path, path: Path) -> None:
    """An int8 copy of the float export, written atomically like the export."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    quantize_dynamic(str(source), str(partial), weight_type=QuantType.QInt8, per_channel=True)
    partial.replace(path)


class OnnxEncoder:
    """An onnxruntime session called like the torch encoder."""

    def __init__(self, path: Path, config):
        self.path = path  # which graph runs (the float export or its int8 copy)
        self.session = one_thread_session(path)
        self.config = config  # the torch encoder's (hidden_size is read from it)

    def __call__(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> SimpleNamespace:
        hidden = self.session.run(None, {"input_ids": input_ids.numpy(), "attention_mask": attention_mask.numpy()})[0]
        return SimpleNamespace(last_hidden_state=torch.from_numpy(hidden))


def onnx_encoder(encoder, fingerprint: str, cache: Path | None = None, quantized: bool = False) -> OnnxEncoder | None:
    """The encoder under onnxruntime, exported first if this adapter has no export in the cache
    (and, `quantized`, its int8 copy made once from that export); None (the caller keeps torch)
    when onnxruntime or onnx is not installed or the export fails. A failed quantization keeps
    the float export (logged)."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        logger.info("onnxruntime is not installed; the learned extractor runs on torch")
        return None
    path = (cache or cache_root()) / fingerprint / FILE_NAME
    try:
        if not path.is_file():
            logger.info("exporting the learned extractor's encoder to %s (once per adapter)", path)
            export(encoder, path)
        if quantized:
            small = path.with_name(INT8_FILE_NAME)
            try:
                if not small.is_file():
                    logger.info("quantizing the learned extractor's encoder to int8 in %s (once per adapter)", small)
                    quantize(path, small)
                return OnnxEncoder(small, encoder.config)
            except Exception as err:  # the float graph still runs
                logger.warning("the learned extractor runs its float ONNX encoder: int8 quantization in %s failed (%s: %s)",
                               path.parent, type(err).__name__, err)
        return OnnxEncoder(path, encoder.config)
    except Exception as err:  # a missing `onnx` package, an exporter or runtime error: torch still works
        logger.warning("the learned extractor runs on torch: its ONNX export in %s failed (%s: %s)",
                       path.parent, type(err).__name__, err)
        return None
