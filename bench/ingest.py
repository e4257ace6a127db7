"""Ingest against a bare parquet write: new weeks onto a stored history, and a first load into an empty store.

    python -m bench ingest --rows 1M"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from analytics.store import rollup
from bench.data import BENCH, weekly_split
from bench.harness import in_child, peak_mb


def _bare_write(path: str) -> tuple[float, float]:
    table = pq.read_table(path)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        pq.write_table(table, Path(tmp) / "bare.parquet")
        return time.perf_counter() - start, peak_mb()

def _ingest(path: str, base_path: str | None) -> tuple[float, float, float, int, float]:
    from analytics import durable
    from analytics.store import ingest
    from analytics.store.table import Store

    data = Path(path).read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "data")
        if base_path:
            base = ingest.prepare(store, "base.parquet", Path(base_path).read_bytes())
            ingest.commit(store, base, BENCH)
        durable.SYNCS.reset()
        start = time.perf_counter()
        prepared = ingest.prepare(store, Path(path).name, data)
        result = ingest.commit(store, prepared, BENCH)
        elapsed = time.perf_counter() - start
        syncs, synced = durable.SYNCS.calls, durable.SYNCS.seconds
        assert prepared.report.ok and result.rows_added == prepared.report.rows, prepared.report.text("en")
        # The same rollup update again, in a scratch copy, to show its share of the commit.
        scratch = Path(tmp) / "scratch"
        shutil.copytree(store.root / rollup.ROLLUP_DIR, scratch / rollup.ROLLUP_DIR)
        rollup.manifest(scratch, result.version).unlink()
        report = prepared.report
        start = time.perf_counter()
        rollup.build(scratch, result.version, store.files(result.version),
                     changed=(dt.date.fromisoformat(report.first_date), dt.date.fromisoformat(report.last_date))
                     if base_path else None)
        return elapsed, peak_mb(), time.perf_counter() - start, syncs, synced

def run(rows: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        upload = Path(tmp) / "upload.parquet"
        base = Path(tmp) / "base.parquet"
        history, new_weeks = weekly_split(rows)
        pq.write_table(new_weeks, upload)
        pq.write_table(history, base)
        size_mb = upload.stat().st_size / 1e6
        print(f"ingest: {rows:,} rows ({size_mb:.0f} MB parquet), median of {repeat} runs, each in a fresh process")
        bare = [in_child(_bare_write, str(upload)) for _ in range(repeat)]
        append = [in_child(_ingest, str(upload), str(base)) for _ in range(repeat)]
        first = [in_child(_ingest, str(upload), None) for _ in range(repeat)]
    t_bare = statistics.median(r[0] for r in bare)
    rows_out = [
        ("bare pyarrow.parquet.write_table", t_bare, max(r[1] for r in bare), None),
        (f"ingest new weeks onto {history.num_rows:,} stored rows", statistics.median(r[0] for r in append),
         max(r[1] for r in append), statistics.median(r[2] for r in append)),
        ("ingest, first load into an empty store", statistics.median(r[0] for r in first), max(r[1] for r in first),
         statistics.median(r[2] for r in first)),
    ]
    print(f"  {'':46} {'seconds':>8} {'rows/s':>12} {'× bare':>7} {'peak MB':>8} {'rollup s':>9} {'× bare w/o':>10}")
    for label, secs, peak, roll in rows_out:
        extra = f" {roll:9.2f} {(secs - roll) / t_bare:10.2f}" if roll is not None else ""
        print(f"  {label:46} {secs:8.2f} {rows / secs:12,.0f} {secs / t_bare:7.2f} {peak:8.0f}{extra}")
    for label, runs in (("new weeks", append), ("first load", first)):
        secs = statistics.median(r[0] for r in runs)
        synced = statistics.median(r[4] for r in runs)
        print(f"  durability, {label}: {statistics.median(r[3] for r in runs):.0f} fsync calls, {synced:.3f} s "
              f"({synced / secs:.1%} of the ingest)")
    print("  (ingest = read + validate + compare with stored rows + commit a new version + update the rollup;"
          " target ≤ 3× bare; 'w/o' leaves the rollup update out)")
