"""Real servers started and stopped by tests: the Oxigraph SPARQL 1.1 server."""

from __future__ import annotations

import importlib.metadata
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def installed_script(distribution: str, name: str) -> str | None:
    """A console script as the package's install recorded it (a virtualenv that borrows its
    packages through a .pth file has no copy beside its own python)."""
    try:
        files = importlib.metadata.distribution(distribution).files or ()
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in files:
        if file.name == name and "bin" in file.parts:
            path = Path(file.locate()).resolve()
            if path.exists():
                return str(path)
    return None


def oxigraph_binary() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph") or installed_script("oxigraph", "oxigraph")
    if not found:
        raise RuntimeError("The oxigraph server binary is missing: pip install oxigraph==0.5.13")
    return found


class OxigraphServer:
    """`oxigraph serve` on a free loopback port, with its data in `location`."""

    def __init__(self, location: Path):
        self.location = location
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def start(self, timeout: float = 30.0) -> OxigraphServer:
        self.process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(self.location),
             "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {self.process.stderr.read().decode()[:500]}")
            try:
                query = urllib.request.Request(
                    self.url, data=b"query=ASK%7B%7D",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
                urllib.request.urlopen(query, timeout=2).read()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("oxigraph serve did not answer within the timeout")

    def stop(self, kill: bool = False) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill() if kill else self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def clear(self) -> None:
        request = urllib.request.Request(
            self.url.replace("/query", "/update"), data=b"update=DROP%20ALL",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        urllib.request.urlopen(request, timeout=10).read()
