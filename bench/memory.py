"""Peak resident memory of a command, measured by the kernel for its process tree.

    .venv/bin/python -m bench.memory -- .venv/bin/evergreen --store memory ingest data/samples
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


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    print(json.dumps(peak_mb(args)))
