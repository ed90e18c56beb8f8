"""LLM backends against real servers and the real local model (few, short: they are slow)."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from kg.core.errors import LLMError
from kg.llms.base import make_llm
from tests.llm_servers import FixedReplyServer, TransformersServer, smollm2_folder
from tests.servers import free_port

pytestmark = pytest.mark.slow
QUESTION = "Who is the chief executive of Halvorsen Marine?"


@pytest.fixture(scope="session")
def openai_server(tmp_path_factory):
    folder = smollm2_folder(tmp_path_factory.mktemp("smollm2"))
    server = TransformersServer(folder, tmp_path_factory.mktemp("hf-cache")).start()
    yield server
    server.stop()


def with_settings(service, **changes):
    service.settings = dataclasses.replace(service.settings, **changes)
    service.__dict__.pop("_llms", None)
    return service


@pytest.fixture
def llm_service(graph_service):
    original = graph_service.settings
    yield graph_service
    graph_service.settings = original
    graph_service.__dict__.pop("_llms", None)


def test_openai_streams_from_a_real_server_and_is_checked(llm_service, openai_server, caplog):
    service = with_settings(llm_service, openai_base_url=openai_server.base_url,
                            openai_model=str(openai_server.model_dir), openai_api_key="sk-secret-123",
                            max_new_tokens=24, llm_timeout=120.0)
    assert service.llm_available("openai") == (True, "")
    answer = service.ask(QUESTION)
    caplog.set_level(logging.DEBUG)
    chunks = list(service.stream_llm(answer, "openai"))
    assert len(chunks) > 1 and "".join(chunks).strip()
    verified, why = service.verify(answer, "".join(chunks))
    assert isinstance(verified, bool) and why
    assert "sk-secret-123" not in caplog.text and "sk-secret-123" not in repr(service._llm("openai"))


def test_openai_endpoint_down_is_a_clear_error(llm_service):
    service = with_settings(llm_service, openai_base_url=f"http://127.0.0.1:{free_port()}/v1",
                            openai_model="m", llm_timeout=5.0)
    ok, why = service.llm_available("openai")
    assert not ok and "cannot be reached" in why
    answer = service.ask(QUESTION, llm="openai")
    assert "Tomas Berg" in answer.text and answer.verified is False and "failed" in answer.verification


@pytest.mark.parametrize("body, content_type", [
    (b"data: this is not json\n\n", "text/event-stream"),
    (b"<html>proxy error</html>", "text/html"),
    (b'{"unexpected": true}', "application/json"),
])
def test_openai_garbage_is_a_clear_error(llm_service, body, content_type):
    with FixedReplyServer(body, content_type=content_type) as server:
        llm = make_llm("openai", dataclasses.replace(llm_service.settings, openai_base_url=server.base_url,
                                                      openai_model="m", llm_timeout=5.0))
        with pytest.raises(LLMError):
            list(llm.stream("system", "user", 8))


def test_openai_slow_endpoint_times_out(llm_service):
    with FixedReplyServer(b"data: [DONE]\n\n", delay=3.0) as server:
        llm = make_llm("openai", dataclasses.replace(llm_service.settings, openai_base_url=server.base_url,
                                                      openai_model="m", llm_timeout=1.0))
        with pytest.raises(LLMError, match="did not answer"):
            list(llm.stream("system", "user", 8))


def test_openai_retries_server_errors_then_gives_up(llm_service):
    with FixedReplyServer(b"overloaded", status=503, content_type="text/plain") as server:
        llm = make_llm("openai", dataclasses.replace(llm_service.settings, openai_base_url=server.base_url,
                                                      openai_model="m", openai_api_key="k", llm_timeout=5.0))
        llm.backoff = 0.01
        with pytest.raises(LLMError, match="503"):
            list(llm.stream("system", "user", 8))
        assert server.requests == 3 and server.auth[0] == "Bearer k"


def test_local_model_answers_and_is_checked(llm_service):
    service = with_settings(llm_service, max_new_tokens=16)
    assert service.llm_available("local") == (True, "")
    answer = service.ask(QUESTION, llm="local")
    assert answer.llm_name == "local" and answer.llm_text
    assert isinstance(answer.verified, bool) and answer.verification
    assert answer.text.startswith("Tomas Berg")  # the graph's answer stays the answer


def test_unknown_llm_is_reported(llm_service):
    ok, why = llm_service.llm_available("gpt-17")
    assert not ok and "Unknown LLM" in why
