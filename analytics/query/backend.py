"""What an engine asks of the system that runs its SQL: the `Backend` protocol DuckDB and Spark implement.

A backend knows nothing of versions, caches or scopes (the engine holds those); it is given a query whose
sources are already scoped, with the files each source stands for, and returns a frame."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

# Source name ("files", "rollup", "accounts") -> the parquet files it stands for in this query.
Sources = dict[str, list[str]]


class Backend(Protocol):
    name: str  # part of every shared cache key: backends may differ in the last digit

    def execute(self, sql: str, params: dict[str, Any], sources: Sources) -> pd.DataFrame:
        """Run DuckDB-dialect `sql` (sources named `read_parquet($name)`, values as `$name` parameters)."""

    # Runs one statement of the rollup build and writes its result to a parquet file (see
    # `rollup.Runner`); None leaves the build to DuckDB in the store's own connection.
    aggregate: Callable[[str, dict[str, Any], Path], None] | None

    def check_readable(self, store, version: int) -> None:
        """Refuse a version of the store's Delta table this backend could not read exactly (called once per
        version; a backend with nothing to check opens nothing)."""
