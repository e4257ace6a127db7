"""Peak memory of checking a large upload, the same file committed, and the time to refuse a compression bomb.

    python -m bench upload --mb 200"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from bench.data import BENCH, base_file, base_label, scaled_by_year
from bench.harness import in_child, peak_mb

ROWS_PER_MB = 61_500  # zstd parquet of the sample's shape

def _prepare_upload(root: str, path: str):
    from analytics.store import ingest
    from analytics.store.table import Store

    data = Path(path).read_bytes()
    start = time.perf_counter()
    prepared = ingest.prepare(Store(root), Path(path).name, data)
    return time.perf_counter() - start, prepared.report.ok, prepared.report.text("en").splitlines()[-1], peak_mb()

def _commit_upload(root: str, path: str):
    from analytics.store import ingest
    from analytics.store.table import Store

    store, base = Store(root), base_file()
    ingest.commit(store, ingest.prepare(store, base.name, base.read_bytes()), BENCH)
    data = Path(path).read_bytes()
    start = time.perf_counter()
    prepared = ingest.prepare(store, Path(path).name, data)
    result = ingest.commit(store, prepared, BENCH)
    return time.perf_counter() - start, result.rows_added, peak_mb()

def bomb(path: str) -> int:
    """A parquet file of a few KB whose strings decode to 2 GB (long runs compress to almost nothing)."""
    n = 2000
    table = pa.table({"snapshot_date": pa.array(["2024-01-03"] * n), "platform": ["weibo"] * n,
                      "account_id": [str(i) for i in range(n)], "account_name": ["a" * 1_000_000] * n})
    pq.write_table(table, path, compression="brotli", use_dictionary=False)
    return Path(path).stat().st_size

def run(megabytes: int) -> None:
    """Peak memory of checking an upload of `megabytes` (read, validate, compare; nothing committed), and
    the time to refuse a compression bomb."""
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "upload.parquet")
        parts = list(scaled_by_year(megabytes * ROWS_PER_MB))
        pq.write_table(pa.concat_tables(parts), path, compression="zstd")
        del parts
        size = Path(path).stat().st_size / 1e6
        secs, ok, last, peak = in_child(_prepare_upload, str(Path(tmp) / "data"), path)
        print(f"upload: a {size:,.0f} MB parquet ({megabytes * ROWS_PER_MB:,} rows) checked in {secs:.1f} s, "
              f"peak {peak:,.0f} MB ({peak / size:.1f}× the file; target ≤ 2048 MB), {'valid' if ok else last}")
        secs, added, peak = in_child(_commit_upload, str(Path(tmp) / "committed"), path)
        print(f"upload: the same file checked and committed into a store holding {base_label()} (rollup rebuilt) "
              f"in {secs:.1f} s, {added:,} rows added, peak {peak:,.0f} MB")
        bombed = str(Path(tmp) / "bomb.parquet")
        packed = bomb(bombed)
        secs, ok, last, peak = in_child(_prepare_upload, str(Path(tmp) / "data"), bombed)
        print(f"upload: a {packed / 1e3:.0f} KB compression bomb (2 GB of strings) refused in {secs * 1e3:.1f} ms, "
              f"peak {peak:,.0f} MB (target < 1 s): {last.strip()}")
