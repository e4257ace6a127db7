"""The dashboard as a real server on a free local port, for the browser tests and the load benchmark."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import ssl
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


def free_ports(n: int) -> int:
    """A port with the next n-1 free as well (serve.sh gives workers consecutive ports)."""
    for _ in range(50):
        base = free_port()
        if base + n < 65535 and all(_free(base + i) for i in range(1, n)):
            return base
    raise RuntimeError("no run of free ports")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for(condition, what: str, timeout_s: float = 180):
    """The first true value of `condition()` (a refused or failed connection counts as not yet)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            value = condition()
        except OSError:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.5)


def healthy(url: str) -> bool:
    # Over TLS the certificate is one a test made a moment ago: health is all that is asked here.
    context = ssl._create_unverified_context() if url.startswith("https") else None
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2, context=context) as response:
        return response.read() == b"ok"


@contextmanager
def served(data_dir: Path, workers: int = 2, env: dict | None = None, args: tuple[str, ...] = (),
           tls: tuple[Path, Path] | None = None):
    """scripts/serve.sh with `workers` app processes behind its proxy, on free consecutive local ports;
    yields (url, run folder). Its output is printed when it fails to start or the caller fails."""
    port = free_ports(workers + 1)
    run = Path(tempfile.mkdtemp(prefix="serve-run-"))
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        ["bash", "scripts/serve.sh", "--workers", str(workers), "--port", str(port), "--address", "127.0.0.1",
         "--run-dir", str(run), *(["--tls", str(tls[0]), str(tls[1])] if tls else []), *(["--", *args] if args else [])],
        cwd=ROOT, env={**os.environ, "GOVMEDIA_DATA_DIR": str(data_dir), **(env or {})},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    try:
        for i in range(workers):
            wait_for(lambda p=port + 1 + i: proc.poll() is None and healthy(f"http://127.0.0.1:{p}"), f"worker {i + 1}")
        wait_for(lambda: healthy(url), "the proxy")
        yield url, run
    except BaseException:
        log.seek(0)
        print(log.read().decode(errors="replace")[-4000:])
        raise
    finally:
        stop(proc, 30)
        log.close()
        shutil.rmtree(run, ignore_errors=True)

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
