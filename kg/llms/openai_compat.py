"""Any OpenAI-compatible chat-completions endpoint (Ollama, vLLM, llama.cpp, LM Studio, OpenAI).

Streams server-sent events; connect/read timeouts and an overall deadline (`llm_timeout`);
retries on connection errors, 429 and 5xx before the first token. The API key goes only into
the Authorization header: never into logs, errors or reprs.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator

import httpx

from kg.runtime.settings import Settings
from kg.core.errors import LLMError

logger = logging.getLogger(__name__)
RETRY_STATUS = {408, 429, 500, 502, 503, 504}


class OpenAICompatibleLLM:
    name = "openai"

    def __init__(self, settings: Settings, retries: int = 2, backoff: float = 0.5):
        self.base_url = settings.openai_base_url.rstrip("/")
        self.model = settings.openai_model
        self._key = settings.openai_api_key
        self.timeout = settings.llm_timeout
        self.retries = retries
        self.backoff = backoff

    def __repr__(self) -> str:
        return f"OpenAICompatibleLLM(base_url={self.base_url!r}, model={self.model!r}, key=•••)"

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "text/event-stream"}
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        return headers

    def available(self) -> tuple[bool, str]:
        if not self.base_url or not self.model:
            return False, "Set openai_base_url and openai_model (settings or EVERGREEN_OPENAI_*)."
        try:
            response = httpx.get(f"{self.base_url}/models", headers=self._headers(),
                                 timeout=min(5.0, self.timeout))
        except httpx.HTTPError as err:
            return False, f"The endpoint {self.base_url} cannot be reached ({type(err).__name__})."
        if response.status_code in (401, 403):
            return False, f"The endpoint {self.base_url} refused the API key (HTTP {response.status_code})."
        return True, ""

    def stream(self, system: str, user: str, max_new_tokens: int) -> Iterator[str]:
        if not self.base_url or not self.model:
            raise LLMError("No OpenAI-compatible endpoint is configured: set openai_base_url and openai_model.")
        payload = {"model": self.model, "stream": True, "max_tokens": max_new_tokens,
                   "temperature": 0, "messages": [{"role": "system", "content": system},
                                                  {"role": "user", "content": user}]}
        deadline = time.monotonic() + self.timeout
        timeout = httpx.Timeout(self.timeout, connect=min(10.0, self.timeout))
        for attempt in range(self.retries + 1):
            started = False
            try:
                with httpx.stream("POST", f"{self.base_url}/chat/completions", json=payload,
                                  headers=self._headers(), timeout=timeout) as response:
                    if response.status_code in RETRY_STATUS and attempt < self.retries:
                        logger.warning("LLM endpoint answered HTTP %d; retrying", response.status_code)
                        time.sleep(self.backoff * 2 ** attempt)
                        continue
                    if response.status_code >= 400:
                        response.read()
                        raise LLMError(f"The LLM endpoint answered HTTP {response.status_code}: "
                                       f"{_short(response.text)}")
                    for chunk in _chunks(response, deadline, self.timeout):
                        started = True
                        yield chunk
                    return
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as err:
                if started or attempt >= self.retries:
                    raise LLMError(f"The LLM endpoint {self.base_url} failed: {type(err).__name__}. "
                                   "Check that it is running, or use --llm graph.") from None
                time.sleep(self.backoff * 2 ** attempt)
            except httpx.TimeoutException:
                raise LLMError(f"The LLM endpoint {self.base_url} did not answer within "
                               f"{self.timeout:.0f} s (llm_timeout).") from None
            except httpx.HTTPError as err:
                raise LLMError(f"The LLM endpoint {self.base_url} failed: {type(err).__name__}.") from None
        raise LLMError(f"The LLM endpoint {self.base_url} kept failing after {self.retries + 1} tries.")


def _chunks(response: httpx.Response, deadline: float, timeout: float) -> Iterator[str]:
    """Text deltas from an SSE stream (or from one JSON body, for servers that ignore stream)."""
    if "json" in response.headers.get("content-type", "") and "event-stream" not in response.headers.get("content-type", ""):
        response.read()
        yield _content(_json(response.text), stream=False)
        return
    seen_data = False
    for line in response.iter_lines():
        if time.monotonic() > deadline:
            raise LLMError(f"The LLM endpoint kept streaming past {timeout:.0f} s (llm_timeout).")
        line = line.strip()
        if not line or line.startswith(":") or not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        seen_data = True
        text = _content(_json(data), stream=True)
        if text:
            yield text
    if not seen_data:
        raise LLMError("The LLM endpoint sent no completion data (is it an OpenAI-compatible endpoint?).")


def _json(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise LLMError(f"The LLM endpoint sent something that is not JSON: {_short(text)}") from None
    if not isinstance(data, dict):
        raise LLMError(f"The LLM endpoint sent unexpected JSON: {_short(text)}")
    return data


def _content(data: dict, stream: bool) -> str:
    if "error" in data:
        raise LLMError(f"The LLM endpoint reported an error: {_short(json.dumps(data['error']))}")
    try:
        choice = data["choices"][0] if data["choices"] else {}
        if not choice:
            return ""
        part = choice.get("delta" if stream else "message") or {}
        text = part.get("content") if isinstance(part, dict) else None
        if text is None:
            text = choice.get("text")
        return text or ""
    except (KeyError, IndexError, TypeError, AttributeError):
        raise LLMError(f"The LLM endpoint sent an unexpected reply: {_short(json.dumps(data))}") from None


def _short(text: str) -> str:
    return " ".join(str(text).split())[:200]
