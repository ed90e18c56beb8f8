"""Real HTTP servers for the LLM tests: `transformers serve` with SmolLM2, and small
misbehaving servers (garbage, slow) built on the standard library's http.server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.servers import free_port


def smollm2_folder(target: Path) -> Path:
    """SmolLM2 as a transformers model folder: `transformers serve` 5.23 cannot load a local
    GGUF file (its config has no architectures), so the weights are dequantized once."""
    from kg.llms.local import load
    from kg.runtime.local_models import smollm2_gguf

    tokenizer, model = load(str(smollm2_gguf()))
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.config.architectures = [type(model).__name__]
    model.save_pretrained(target)
    tokenizer.save_pretrained(target)
    return target


class TransformersServer:
    def __init__(self, model_dir: Path, cache: Path):
        self.model_dir, self.cache, self.port = model_dir, cache, free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, timeout: float = 240.0) -> TransformersServer:
        binary = Path(sys.executable).with_name("transformers")
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_CACHE": str(self.cache)}
        self.process = subprocess.Popen(
            [str(binary), "serve", str(self.model_dir), "--host", "127.0.0.1", "--port",
             str(self.port), "--device", "cpu"], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("transformers serve exited; is transformers[serving] installed?")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2)
                return self
            except OSError as err:
                if getattr(err, "code", None):  # any HTTP answer means it is up
                    return self
                time.sleep(1)
        self.stop()
        raise RuntimeError("transformers serve did not start in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


class _QuietHandler(BaseHTTPRequestHandler):
    def reply(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class _LocalServer:
    """A standard-library HTTP server on a free port, serving in a thread inside `with`."""

    def _listen(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class FixedReplyServer(_LocalServer):
    """Answers every request with `body` after `delay` seconds (garbage and slow endpoints)."""

    def __init__(self, body: bytes, delay: float = 0.0, content_type: str = "text/event-stream",
                 status: int = 200):
        outer = self

        class Handler(_QuietHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                outer.requests += 1
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.auth.append(self.headers.get("Authorization"))
                time.sleep(delay)
                self.reply(status, content_type, body)

        self.requests = 0
        self.auth: list[str | None] = []
        self._listen(Handler)


class ScriptedChatServer(_LocalServer):
    """An OpenAI-compatible chat-completions endpoint with scripted replies: the first
    (needle, reply) whose needle is in the request's user message gives the reply, streamed as
    server-sent events; `default` otherwise. Keeps every request's messages in `prompts`."""

    def __init__(self, replies: list[tuple[str, str]], default: str = "[]"):
        outer = self

        class Handler(_QuietHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                user = body["messages"][-1]["content"]
                with outer.lock:
                    outer.prompts.append(body["messages"])
                reply = next((r for needle, r in outer.replies if needle in user), outer.default)
                events = "".join(
                    "data: " + json.dumps({"choices": [{"delta": {"content": reply[i:i + 40]}}]}) + "\n\n"
                    for i in range(0, len(reply), 40)) + "data: [DONE]\n\n"
                self.reply(200, "text/event-stream", events.encode("utf-8"))

        self.replies, self.default = replies, default
        self.prompts: list[list[dict]] = []
        self.lock = threading.Lock()
        self._listen(Handler)
