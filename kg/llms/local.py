"""A causal LM run in-process with transformers on CPU, from a model directory or a GGUF file.

Loaded once per process (per path); greedy decoding; streamed with TextIteratorStreamer,
bounded by `llm_timeout` (transformers' max_time) so a slow machine cannot hang a request.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from kg.runtime.settings import Settings
from kg.core.errors import LLMError, ModelMissingError
from kg.runtime.local_models import offline, smollm2_gguf

logger = logging.getLogger(__name__)
_lock = threading.Lock()


def model_location(settings: Settings) -> Path:
    return Path(settings.local_model) if settings.local_model else smollm2_gguf()


@lru_cache(maxsize=2)
def load(path: str):
    """(tokenizer, model) for a model directory or a .gguf file (cached per process)."""
    offline()
    from transformers import AutoModelForCausalLM, AutoTokenizer

    location = Path(path)
    if location.suffix == ".gguf":
        folder, options = str(location.parent), {"gguf_file": location.name}
    else:
        folder, options = str(location), {}
    with _lock:
        try:
            tokenizer = AutoTokenizer.from_pretrained(folder, **options)
            model = AutoModelForCausalLM.from_pretrained(folder, **options)
        except (OSError, ValueError) as err:
            raise ModelMissingError(
                f"Cannot load the local model from {path}: {str(err).splitlines()[0][:200]} "
                "Set local_model to a transformers model directory or a .gguf file."
            ) from err
    model.eval()
    logger.info("loaded local LLM from %s", path)
    return tokenizer, model


class TransformersLocalLLM:
    name = "local"

    def __init__(self, settings: Settings):
        self.settings = settings

    def available(self) -> tuple[bool, str]:
        try:
            location = model_location(self.settings)
        except ModelMissingError as err:
            return False, str(err)
        if not location.exists():
            return False, f"The local model {location} does not exist; set local_model."
        return True, ""

    def warm(self) -> None:
        """Load the tokenizer and weights now (about 20 s on CPU), not on the first question."""
        load(str(model_location(self.settings)))

    def stream(self, system: str, user: str, max_new_tokens: int) -> Iterator[str]:
        from transformers import TextIteratorStreamer

        tokenizer, model = load(str(model_location(self.settings)))
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True,
                                               return_tensors="pt", return_dict=True)
        timeout = self.settings.llm_timeout
        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True,
                                        timeout=timeout)
        failure: list[BaseException] = []

        def generate() -> None:
            try:
                model.generate(**inputs, streamer=streamer, max_new_tokens=max_new_tokens,
                               do_sample=False, max_time=timeout,
                               pad_token_id=tokenizer.pad_token_id or tokenizer.eos_token_id)
            except Exception as err:  # reported to the reader below
                failure.append(err)
                streamer.end()

        worker = threading.Thread(target=generate, daemon=True)
        worker.start()
        try:
            yield from streamer
        except queue.Empty:
            raise LLMError(f"The local model produced nothing for {timeout:.0f} s (llm_timeout).") from None
        worker.join(timeout)
        if failure:
            raise LLMError(f"The local model failed: {str(failure[0]).splitlines()[0][:200]}")
