"""DuckDB in this process: the default backend, one connection shared by every session, a cursor per query."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analytics import settings
from analytics.query.backend import Sources
from analytics.store import staging


class DuckDBBackend:
    name = "duckdb"
    aggregate = None  # the store's rollup build runs its statements on its own DuckDB connection

    def __init__(self, root: Path):
        self._con = duckdb.connect()
        self._con.execute("SET enable_progress_bar = false")
        # DuckDB's own default (80 % of RAM) lets one national-scale scan hold gigabytes of cached pages.
        self._con.execute(f"SET memory_limit = '{settings.get_int('GOVMEDIA_QUERY_MEMORY_MB')}MB'")
        self._con.execute("SET temp_directory = ?", [str(staging.directory(Path(root)) / staging.SPILL_DIR)])
        self._lock = threading.Lock()

    def execute(self, sql: str, params: dict[str, Any], sources: Sources) -> pd.DataFrame:
        # Sources stay `read_parquet($name)`: DuckDB binds a list of files as a parameter there.
        bound = {**params, **{name: files[0] if name == "accounts" else files for name, files in sources.items()}}
        with self._lock:
            cursor = self._con.cursor()
        try:
            return cursor.execute(sql, bound).df()
        finally:
            cursor.close()

    def check_readable(self, store, version: int) -> None:
        """deltalake resolves the version's files, so DuckDB reads whatever the table needs."""
