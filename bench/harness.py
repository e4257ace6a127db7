"""What every benchmark shares: sizes written like 1M, peak memory, a measurement in a fresh process, medians."""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import time
import traceback
from collections.abc import Callable
from pathlib import Path


def parse_rows(text: str) -> int:
    text = text.strip().upper()
    scale = {"K": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("KM")) * scale)

def peak_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the address space; ru_maxrss would also
    carry the parent's peak across the fork and exec that starts each measurement process."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def _child(target: Callable, args: tuple, queue) -> None:
    try:
        queue.put(("ok", target(*args)))
    except BaseException:  # handed to the parent, which raises it; a silent child would hang it
        queue.put(("error", traceback.format_exc()))

def in_child(target: Callable, *args):
    """Run target in a fresh spawned process; returns what it returns (seconds, peak MB, …)."""
    ctx = multiprocessing.get_context("spawn")  # deltalake must never be forked
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(target, args, queue))
    proc.start()
    kind, result = queue.get()
    proc.join()
    if kind == "error":
        raise RuntimeError(f"benchmark step {target.__name__} failed:\n{result}")
    return result


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
