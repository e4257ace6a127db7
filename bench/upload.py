"""Peak memory of checking a large upload (parquet, CSV, XLSX), the parquet file committed, and the time and
memory to refuse compression bombs of each kind.

    python -m bench upload --mb 200"""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
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

def dictionary_bomb(path: str) -> int:
    """A 100 KB value referenced by 200,000 rows: the footer counts it once per row group (10 MB in all),
    decoding gives it 200,000 times (20 GB)."""
    return _repeated(path, use_dictionary=True)


def delta_bomb(path: str) -> int:
    """The same 100 KB value 200,000 times in DELTA_BYTE_ARRAY: each value stored as 'all of the previous one'."""
    return _repeated(path, use_dictionary=["snapshot_date", "platform", "account_id"],
                     column_encoding={"account_name": "DELTA_BYTE_ARRAY"})


def _repeated(path: str, **options) -> int:
    n = 2000
    chunk = pa.table({"snapshot_date": pa.array(["2024-01-03"] * n), "platform": ["weibo"] * n,
                      "account_id": [str(i) for i in range(n)], "account_name": ["a" * 100_000] * n})
    with pq.ParquetWriter(path, chunk.schema, compression="zstd", **options) as writer:
        for _ in range(100):
            writer.write_table(chunk, row_group_size=n * 100)
    return Path(path).stat().st_size


def _write_xlsx(table: pa.Table, path: str) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(table.column_names)
    for batch in table.to_batches(50_000):
        for row in zip(*(c.to_pylist() for c in batch.columns)):
            sheet.append(row)
    book.save(path)


def run(megabytes: int, xlsx_rows: int = 100_000) -> None:
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
        table = pq.read_table(path)
        csv_path = str(Path(tmp) / "upload.csv")
        # A CSV of the same size (text takes about ten times the bytes of zstd parquet): the bound is per upload size.
        probe = io.BytesIO()
        pacsv.write_csv(table.slice(0, 10_000), probe)
        csv_rows = min(table.num_rows, int(megabytes * 1e6 / (probe.tell() / 10_000)))
        pacsv.write_csv(table.slice(0, csv_rows), csv_path)
        secs, ok, last, peak = in_child(_prepare_upload, str(Path(tmp) / "data"), csv_path)
        csv_mb = Path(csv_path).stat().st_size / 1e6
        print(f"upload: a {csv_mb:,.0f} MB CSV ({csv_rows:,} of the rows) checked in {secs:.1f} s, peak {peak:,.0f} MB "
              f"(target ≤ 2048 MB), {'valid' if ok else last}")
        Path(csv_path).unlink()
        xlsx_path = str(Path(tmp) / "upload.xlsx")
        _write_xlsx(table.slice(0, xlsx_rows), xlsx_path)
        del table
        secs, ok, last, peak = in_child(_prepare_upload, str(Path(tmp) / "data"), xlsx_path)
        xlsx_mb = Path(xlsx_path).stat().st_size / 1e6
        print(f"upload: {xlsx_rows:,} of them as a {xlsx_mb:,.1f} MB XLSX checked in {secs:.1f} s ({xlsx_rows / secs:,.0f} rows/s), "
              f"peak {peak:,.0f} MB, {'valid' if ok else last}")
        for label, made in (("strings, no dictionary", bomb), ("one long value in a dictionary", dictionary_bomb),
                            ("a DELTA_BYTE_ARRAY column", delta_bomb)):
            bombed = str(Path(tmp) / "bomb.parquet")
            packed = made(bombed)
            secs, ok, last, peak = in_child(_prepare_upload, str(Path(tmp) / "data"), bombed)
            print(f"upload: a {packed / 1e3:.0f} KB compression bomb ({label}) refused in {secs * 1e3:.1f} ms, "
                  f"peak {peak:,.0f} MB (target < 1 s): {last.strip()}")
