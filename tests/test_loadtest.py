"""The load benchmark keeps working: a few sessions over Streamlit's websocket protocol, against an app it
starts itself (its figures are read by people, never asserted on)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.benchmark
@pytest.mark.slow
def test_load_benchmark_runs_two_sessions():
    out = subprocess.run([sys.executable, "-m", "bench", "load", "--sessions", "2", "--page", "trends",
                          "--query", "province=浙江", "--change", "granularity=quarter"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "first render   p50" in out.stdout and "filter change  p50" in out.stdout
    assert "errors         0" in out.stdout and "CPU s per session" in out.stdout


@pytest.mark.benchmark
def test_load_benchmark_refuses_a_remote_address():
    out = subprocess.run([sys.executable, "-m", "bench", "load", "--url", "http://192.0.2.1:8501"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "this machine" in out.stderr
