"""What both ONNX runners share (the sentence encoder, kg/runtime/onnx_sentences.py, and the
learned extractor's encoder, extract/model/onnx_encoder.py): where exports are cached, the
export of a transformer's hidden states, and the one-thread session that runs them.

One thread, always: a single-process ingest is measured against `nlp.pipe` on one core, and
`extract.parallel` forks workers that inherit the session (a session with a thread pool must
not be forked).
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

OPSET = 17


def cache_root() -> Path:
    """Where exports are kept: the user's cache folder ($XDG_CACHE_HOME, else ~/.cache)."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "evergreen" / "onnx"


def export_hidden_states(transformer, path: Path) -> None:
    """The transformer's last hidden states as an ONNX graph with dynamic batch and length,
    written atomically (two processes may export at once)."""
    import torch

    class HiddenStates(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    path.parent.mkdir(parents=True, exist_ok=True)
    # A copy: the exporter leaves the module it traced changed (its outputs moved, seen with
    # torch 2.13), and the caller keeps using the torch model.
    module = HiddenStates(copy.deepcopy(transformer)).eval()
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]])
    mask = (ids > 0).long()
    axes = {0: "batch", 1: "length"}
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    with torch.no_grad():
        torch.onnx.export(module, (ids, mask), str(partial), input_names=["input_ids", "attention_mask"],
                          output_names=["hidden"], opset_version=OPSET, dynamo=False,
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes})
    partial.replace(path)


def one_thread_session(path: Path):
    """An onnxruntime session of the graph at `path`, on one thread with all graph optimisations."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
