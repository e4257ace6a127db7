"""Checked uploads wait as parquet files under the data directory until they are committed or cancelled,
and every query over them runs in DuckDB with a memory limit, so an upload's size never becomes the
process's size."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb

STAGING_DIR = ".uploads"
SPILL_DIR = "spill"
QUERY_MEMORY = "768MB"
STALE_AFTER_S = 24 * 3600  # a session that never confirmed nor cancelled leaves its file this long


def directory(root: Path) -> Path:
    path = root / STAGING_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_file(root: Path) -> Path:
    """A fresh staging file's path; files older than a day are removed on the way."""
    folder = directory(root)
    cutoff = time.time() - STALE_AFTER_S
    for old in folder.glob("*.parquet"):
        with contextlib.suppress(FileNotFoundError):
            if old.stat().st_mtime < cutoff:
                old.unlink()
    return folder / f"{uuid.uuid4().hex}.parquet"


def discard(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def connect(root: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection that spills to the data directory beyond its memory limit."""
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET memory_limit = '{QUERY_MEMORY}'")
        con.execute("SET temp_directory = ?", [str(directory(root) / SPILL_DIR)])
        yield con
    finally:
        con.close()
