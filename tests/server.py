"""The dashboard as a real server on a free local port, for the browser tests and the load benchmark."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

@contextmanager
def app(script: str, data_dir: Path, env: dict | None = None, args: tuple[str, ...] = (), port: int | None = None):
    """Start `streamlit run script` on `port` (default: a free local port); yields (url, pid). Its output
    goes to a temporary file, shown when it fails to start."""
    port = port or free_port()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.address",
             "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false", *args],
            cwd=ROOT, env={**os.environ, "GOVMEDIA_DATA_DIR": str(data_dir), **(env or {})},
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                        break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        log.seek(0)
                        raise RuntimeError(f"{script} did not start:\n" + log.read().decode(errors="replace")[-3000:])
                    time.sleep(0.3)
            yield url, proc.pid
        finally:
            stop(proc, 15)

def stop(proc: subprocess.Popen, grace_s: float) -> None:
    """End a process started in its own session, with everything it started: politely, then by force."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
