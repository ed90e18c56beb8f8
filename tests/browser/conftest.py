"""A real `streamlit run app.py` on a free port with a temporary store, and headless Chromium.

Chromium comes from Debian (`/usr/bin/chromium`, installed by scripts/setup --test); Playwright
only drives it: never `playwright install`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_command(app: Path) -> list[str]:
    """The command `evergreen serve` runs (subprocess.call caught, not run)."""
    from unittest import mock

    from kg.app.cli import serve
    from kg.runtime.settings import Settings

    with mock.patch("subprocess.call", return_value=0) as call:
        serve(Settings(store="memory"))
    command = call.call_args.args[0]
    assert Path(command[command.index("run") + 1]) == app
    return command


class AppServer:
    """`streamlit run app.py` as people start it, on its own store; stopped at the end."""

    def __init__(self, store: Path, home: Path, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = home / "streamlit.log"
        environ = {k: v for k, v in os.environ.items() if not k.startswith("EVERGREEN_")}
        environ.update({"EVERGREEN_STORE": str(store), "HOME": str(home),
                        "XDG_CONFIG_HOME": str(home / "config"), "HF_HUB_OFFLINE": "1",
                        "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(ROOT), **(env or {})})
        # launched as `evergreen serve` launches it (the app's .streamlit/config.toml included),
        # on a free port of its own and from another folder, as users start it
        command = serve_command(ROOT / "app.py") + [
            "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--server.fileWatcherType", "none"]
        self.process = subprocess.Popen(command, cwd=home, env=environ,
                                        stdout=self.log.open("wb"), stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self) -> None:
        for _ in range(600):
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=1) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("streamlit did not answer its health check")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/setup --test installs it)")
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("xdg"))
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def start_app(tmp_path):
    servers = []

    def start(store: Path | None = None, **env) -> AppServer:
        server = AppServer(store or tmp_path / "store", tmp_path, env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def page_for(browser, request):
    """A fresh browser page of the given size; screenshots go to test-artifacts/browser/."""
    contexts = []

    def open_page(width: int = 1280, height: int = 900, dark: bool = False):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      color_scheme="dark" if dark else "light")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield open_page
    for context in contexts:  # what the page looked like at the end, for failures
        for i, page in enumerate(context.pages):
            try:
                page.screenshot(path=str(ARTIFACTS / f"last-{request.node.name}-{i}.png"))
            except Exception:
                pass
    for context in contexts:
        context.close()


def shot(page, name: str) -> Path:
    """The whole page: Streamlit scrolls inside its main block, so grow the window to fit first."""
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stMainBlockContainer], [data-testid=stAppScrollToBottomContainer]')]"
        ".map(e => e.scrollHeight), window.innerHeight)")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 6000)})
    page.wait_for_timeout(700)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path
