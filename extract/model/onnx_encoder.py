"""The learned extractor's encoder (LoRA merged into MiniLM) run by onnxruntime.

The encoder's forward pass is most of the learned extractor's cost at ingest. onnxruntime
runs the same graph with fused kernels on one thread; the graph is exported from the merged
torch encoder once, on first use, into a cache folder keyed by the adapter's fingerprint (a
retrained adapter gets a new export; nothing large is committed). The returned object is
called like the torch encoder (`input_ids`, `attention_mask` -> `.last_hidden_state`), so
the pooling and the head stay the same torch code.

One thread, always: a single-process ingest is measured against `nlp.pipe` on one core, and
`extract.parallel` forks workers that inherit this session (a session with a thread pool
must not be forked).
"""

from __future__ import annotations

import copy
import logging
import os
from pathlib import Path
from types import SimpleNamespace

import torch

logger = logging.getLogger(__name__)

OPSET = 17
FILE_NAME = "encoder.onnx"


def cache_root() -> Path:
    """Where exports are kept: the user's cache folder ($XDG_CACHE_HOME, else ~/.cache)."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "evergreen" / "onnx"


class _HiddenStates(torch.nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids, attention_mask):
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


def export(encoder, path: Path) -> None:
    """The torch encoder as an ONNX graph with dynamic batch and length, written atomically
    (two processes may export at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A copy: the exporter leaves the module it traced changed (its outputs moved, seen with
    # torch 2.13), and the caller keeps using the torch encoder.
    module = _HiddenStates(copy.deepcopy(encoder)).eval()
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]])
    mask = (ids > 0).long()
    axes = {0: "batch", 1: "length"}
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    with torch.no_grad():
        torch.onnx.export(module, (ids, mask), str(partial), input_names=["input_ids", "attention_mask"],
                          output_names=["hidden"], opset_version=OPSET, dynamo=False,
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes})
    partial.replace(path)


class OnnxEncoder:
    """An onnxruntime session called like the torch encoder."""

    def __init__(self, path: Path, config):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.config = config  # the torch encoder's (hidden_size is read from it)

    def __call__(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> SimpleNamespace:
        hidden = self.session.run(None, {"input_ids": input_ids.numpy(), "attention_mask": attention_mask.numpy()})[0]
        return SimpleNamespace(last_hidden_state=torch.from_numpy(hidden))


def onnx_encoder(encoder, fingerprint: str, cache: Path | None = None) -> OnnxEncoder | None:
    """The encoder under onnxruntime, exported first if this adapter has no export in the cache;
    None (the caller keeps torch) when onnxruntime or onnx is not installed or the export fails."""
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
        return OnnxEncoder(path, encoder.config)
    except Exception as err:  # a missing `onnx` package, an exporter or runtime error: torch still works
        logger.warning("the learned extractor runs on torch: its ONNX export in %s failed (%s: %s)",
                       path.parent, type(err).__name__, err)
        return None
