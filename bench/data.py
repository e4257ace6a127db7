"""Data of the sample's shape at any size: the bundled sample repeated with fresh account ids and scaled
metrics, in yearly chunks (a store filling week by week) or as new weeks onto a stored history."""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analytics import settings
from analytics.access.roles import ANALYST, Actor
from analytics.store import schema
from bench.harness import peak_mb

BENCH = Actor("bench", ANALYST)

BASE_VARIABLE = "GOVMEDIA_BENCH_BASE"


def base_file() -> Path:
    """The snapshot file the data is shaped on; kept in the environment so every spawned step reads the same."""
    return Path(os.environ.get(BASE_VARIABLE) or settings.SAMPLE_DIR / "snapshots.parquet")


def base_label() -> str:
    return "the sample" if BASE_VARIABLE not in os.environ else base_file().name


def use_base(path: Path) -> None:
    os.environ[BASE_VARIABLE] = str(path.resolve())


def _copy(base: pa.Table, k: int, tag: str) -> pa.Table:
    suffix = f"{tag}~{k}" if k or tag else ""
    if not suffix:
        return base
    part = base.set_column(2, "account_id", pc.binary_join_element_wise(base["account_id"], suffix, ""))
    factor = 0.8 + 0.4 * ((k * 37) % 10) / 10
    for col in ("followers", "reads", "likes"):
        i = part.schema.get_field_index(col)
        part = part.set_column(i, col, pc.cast(pc.round(pc.multiply(part[col], factor)), pa.int64()))
    return part.cast(schema.ARROW_SCHEMA)

def scaled_by_year(rows: int):
    """About `rows` rows in yearly chunks, oldest first, as a store fills week by week. The last,
    partial copy takes a share of the accounts (not of the dates), so every year keeps its shape."""
    base = pq.read_table(base_file()).cast(schema.ARROW_SCHEMA)
    copies = rows / base.num_rows
    index = pc.dictionary_encode(base["account_id"].combine_chunks()).indices.to_numpy()
    share = (index * 7919 % 1000) / 1000
    years = pc.year(base["snapshot_date"]).to_numpy()
    for year in sorted(set(years)):
        parts = []
        for k in range(math.ceil(copies)):
            keep = (years == year) & (share < min(1.0, copies - k))
            parts.append(_copy(base.filter(pa.array(keep)), k, "b"))
        yield pa.concat_tables(parts)

RECENT_WEEKS = 26

def weekly_split(rows: int) -> tuple[pa.Table, pa.Table]:
    """(history, upload): the sample before its last 26 weeks, and `rows` rows of those weeks — the
    sample's own accounts continuing plus copies of them as new accounts — as a store receives new weeks."""
    base = pq.read_table(base_file()).cast(schema.ARROW_SCHEMA)
    cut = pc.max(base["snapshot_date"]).as_py() - dt.timedelta(weeks=RECENT_WEEKS)
    history = base.filter(pc.less_equal(base["snapshot_date"], cut))
    recent = base.filter(pc.greater(base["snapshot_date"], cut))
    copies = [_copy(recent, k, "w") for k in range(math.ceil(rows / recent.num_rows))]
    # Exports arrive in date order; an unsorted upload costs one extra sort (≈ 0.1 s per 1M rows).
    return history, pa.concat_tables(copies).slice(0, rows).sort_by("snapshot_date")

def fill_store(root: str, rows: int) -> tuple[int, float, float]:
    """Ingest data of the sample's shape year by year; returns (rows, seconds, peak MB)."""
    from analytics.store import ingest
    from analytics.store.table import Store

    store = Store(root)
    total, start = 0, time.perf_counter()
    for chunk in scaled_by_year(rows):
        buf = io.BytesIO()
        pq.write_table(chunk, buf)
        prepared = ingest.prepare(store, "year.parquet", buf.getvalue())
        ingest.commit(store, prepared, BENCH)
        total += chunk.num_rows
    return total, time.perf_counter() - start, peak_mb()
