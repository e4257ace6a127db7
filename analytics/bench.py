"""Benchmark (python -m analytics.bench --rows 1M): ingest speed against a bare parquet write.

Data of the sample's shape at any size: the bundled sample repeated with fresh account ids and
scaled metrics. Each measurement runs in its own process so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import io
import math
import multiprocessing
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import schema, settings

SAMPLE = settings.SAMPLE_DIR / "snapshots.parquet"


def parse_rows(text: str) -> int:
    text = text.strip().upper()
    scale = {"K": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("KM")) * scale)


def scaled_sample(rows: int, tag: str = "") -> pa.Table:
    """`rows` rows shaped like the sample: copy k renames every account_id with a suffix."""
    base = pq.read_table(SAMPLE).cast(schema.ARROW_SCHEMA)
    parts = []
    for k in range(math.ceil(rows / base.num_rows)):
        part = base
        suffix = f"{tag}~{k}" if k or tag else ""
        if suffix:
            part = part.set_column(2, "account_id", pc.binary_join_element_wise(part["account_id"], suffix, ""))
            factor = 0.8 + 0.4 * ((k * 37) % 10) / 10
            for col in ("followers", "reads", "likes"):
                i = part.schema.get_field_index(col)
                part = part.set_column(i, col, pc.cast(pc.round(pc.multiply(part[col], factor)), pa.int64()))
        parts.append(part)
    return pa.concat_tables(parts).slice(0, rows).cast(schema.ARROW_SCHEMA)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(target: Callable, args: tuple, queue) -> None:
    queue.put(target(*args))


def in_child(target: Callable, *args):
    """Run target in a fresh spawned process; returns what it returns (seconds, peak MB, …)."""
    ctx = multiprocessing.get_context("spawn")  # deltalake must never be forked
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(target, args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def _bare_write(path: str) -> tuple[float, float]:
    table = pq.read_table(path)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        pq.write_table(table, Path(tmp) / "bare.parquet")
        return time.perf_counter() - start, peak_mb()


def _ingest(path: str, base_path: str | None) -> tuple[float, float, int | None]:
    from . import ingest
    from .store import Store

    data = Path(path).read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "data")
        if base_path:
            base = ingest.prepare(store, "base.parquet", Path(base_path).read_bytes())
            ingest.commit(store, base, user="bench")
        start = time.perf_counter()
        prepared = ingest.prepare(store, Path(path).name, data)
        result = ingest.commit(store, prepared, user="bench")
        elapsed = time.perf_counter() - start
        assert prepared.report.ok and result.rows_added == prepared.report.rows, prepared.report.text("en")
        return elapsed, peak_mb(), result.version


def bench_ingest(rows: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        upload = Path(tmp) / "upload.parquet"
        base = Path(tmp) / "base.parquet"
        # Exports arrive in date order; an unsorted upload costs one extra sort (≈ 0.1 s per 1M rows).
        pq.write_table(scaled_sample(rows, tag="u").sort_by("snapshot_date"), upload)
        pq.write_table(scaled_sample(50_000), base)
        size_mb = upload.stat().st_size / 1e6
        print(f"ingest: {rows:,} rows ({size_mb:.0f} MB parquet), median of {repeat} runs, each in a fresh process")
        bare = [in_child(_bare_write, str(upload)) for _ in range(repeat)]
        append = [in_child(_ingest, str(upload), str(base)) for _ in range(repeat)]
        first = [in_child(_ingest, str(upload), None) for _ in range(repeat)]
    t_bare = statistics.median(r[0] for r in bare)
    rows_out = [
        ("bare pyarrow.parquet.write_table", t_bare, max(r[1] for r in bare)),
        ("ingest, append to a store (weekly case)", statistics.median(r[0] for r in append), max(r[1] for r in append)),
        ("ingest, first load into an empty store", statistics.median(r[0] for r in first), max(r[1] for r in first)),
    ]
    print(f"  {'':42} {'seconds':>8} {'rows/s':>12} {'× bare':>7} {'peak MB':>8}")
    for label, secs, peak in rows_out:
        print(f"  {label:42} {secs:8.2f} {rows / secs:12,.0f} {secs / t_bare:7.2f} {peak:8.0f}")
    print("  (ingest = read + validate + compare with stored rows + commit a new version; target ≤ 3× bare)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m analytics.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1M", help="rows to generate, e.g. 200K, 1M, 10M")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    bench_ingest(parse_rows(args.rows), args.repeat)


if __name__ == "__main__":
    main()
