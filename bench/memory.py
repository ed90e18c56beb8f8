"""Peak resident memory of a command, measured by the kernel for its process tree.

    .venv/bin/python bench/memory.py -- .venv/bin/evergreen --store memory ingest data/samples
    .venv/bin/python bench/memory.py app bench/out/store-1000000 "Who is the chief executive of X?"
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def peak_mb(command: list[str], env: dict | None = None, timeout: float = 3600) -> dict:
    """Run `command` to completion; its peak RSS (largest single process) in MB, and seconds."""
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    # ru_maxrss of waited-for children, in KiB on Linux; each measurement runs in a fresh process.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"command": " ".join(command), "exit": result.returncode, "peak_mb": round(peak),
            "seconds": round(seconds, 1), "stderr_tail": result.stderr[-300:] if result.returncode else ""}


def process_hwm_mb(pid: int) -> int:
    """The high-water mark of a running process's resident memory (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    raise RuntimeError(f"no VmHWM for process {pid}")


def app_peak_mb(store: str, questions: list[str]) -> dict:
    """Start the app on `store` as people do (`streamlit run app.py`), open it in headless
    Chromium, ask `questions` in the chat and open the Graph page; the app process's
    high-water mark of resident memory after that."""
    import os
    import tempfile
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, AppServer
    from tests.browser.streamlit_ui import go, open_app, settle

    with tempfile.TemporaryDirectory() as home:
        os.environ["XDG_CONFIG_HOME"] = str(Path(home) / "xdg")
        started = time.perf_counter()
        server = AppServer(Path(store).resolve(), Path(home), {"EVERGREEN_APP_LLM": "none"})
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.set_default_timeout(600_000)
                open_app(page, server.url)
                for question in questions:
                    box = page.get_by_test_id("stChatInputTextArea")
                    box.fill(question)
                    box.press("Enter")
                    page.get_by_text("Graph answer").last.wait_for()
                    settle(page, timeout=600_000)
                answer = page.get_by_test_id("stChatMessageContent").last.inner_text().strip()
                go(page, "Graph")
                browser.close()
            peak = process_hwm_mb(server.process.pid)
        finally:
            server.stop()
    return {"store": store, "questions": len(questions), "last_answer": answer[:120],
            "app_peak_mb": peak, "seconds": round(time.perf_counter() - started, 1)}


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "app":  # python bench/memory.py app STORE [QUESTION ...]
        print(json.dumps(app_peak_mb(args[1], args[2:] or ["Who is the chief executive of Senmek Holdings 0?"])))
        raise SystemExit
    if args and args[0] == "--":
        args = args[1:]
    print(json.dumps(peak_mb(args)))
