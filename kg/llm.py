"""The LLM Protocol and the registry of backends, picked by name and imported lazily.

Backends: `local` (transformers in-process, kg/llms/local.py) and `openai` (any
OpenAI-compatible chat-completions endpoint, kg/llms/openai_compat.py). The graph answerer
needs no model and is not an LLM.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from kg.runtime.settings import Settings
from kg.core.errors import LLMError

BACKENDS = {
    "local": ("kg.llms.local", "TransformersLocalLLM"),
    "openai": ("kg.llms.openai_compat", "OpenAICompatibleLLM"),
}


@runtime_checkable
class LLM(Protocol):
    name: str

    def available(self) -> tuple[bool, str]:
        """Can this backend run here? If not, a one-line reason."""

    def stream(self, system: str, user: str, max_new_tokens: int) -> Iterator[str]:
        """The reply as text chunks; raises LLMError on failure or timeout."""


def make_llm(name: str, settings: Settings) -> LLM:
    if name not in BACKENDS:
        raise LLMError(f"Unknown LLM {name!r}: use graph, {', or '.join(BACKENDS)}.")
    module_name, class_name = BACKENDS[name]
    import importlib

    return getattr(importlib.import_module(module_name), class_name)(settings)


def complete(llm: LLM, system: str, user: str, max_new_tokens: int) -> str:
    return "".join(llm.stream(system, user, max_new_tokens)).strip()
