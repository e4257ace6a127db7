"""The query layer: one DuckDB connection per process, a cursor per call, results cached by version.

Views describe their SQL as a `Query`; SQL reads the active snapshot files as `read_parquet($files)`,
the rollup as `read_parquet($rollup)` and the account summary as `read_parquet($accounts)`, and the
engine binds them for the current version, so a new commit is seen on the next call without a
restart. User values are always bound parameters."""

from __future__ import annotations

import copy
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import duckdb
import pandas as pd

from analytics.store import accounts, rollup, staging
from analytics import settings
from analytics.errors import StoreError
from analytics.scope import NATIONAL, Scope
from analytics.query.filters import DIMENSIONS, Filters
from analytics.store.table import Store

T = TypeVar("T")


@dataclass(frozen=True)
class Query:
    sql: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def make(cls, sql: str, params: dict[str, Any] | None = None) -> Query:
        frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in (params or {}).items()))
        return cls(sql, frozen)

    def bound(self, **sources: Any) -> dict[str, Any]:
        params = {k: list(v) if isinstance(v, tuple) else v for k, v in self.params}
        for name, value in sources.items():
            if f"${name}" in self.sql:
                params[name] = value
        return params


def where(f: Filters, *, dates: bool = True, prefix: str = "") -> tuple[str, dict[str, Any]]:
    """The filters as one SQL condition with bound parameters (only those it uses)."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if dates and f.start:
        clauses.append(f"{prefix}snapshot_date >= $start")
        params["start"] = f.start
    if dates and f.end:
        clauses.append(f"{prefix}snapshot_date <= $end")
        params["end"] = f.end
    for d in DIMENSIONS:
        if f.values(d):
            clauses.append(f"list_contains(${d.attr}, {prefix}{d.param})")
            params[d.attr] = list(f.values(d))
    return (" AND ".join(clauses) or "TRUE"), params


_SOURCE = re.compile(r"read_parquet\(\$(files|rollup|accounts)\)")


def scoped(query: Query, scope: Scope) -> Query:
    """The query with every source it reads — rows, rollup, account summary — narrowed to `scope`.

    Applied by the engine to every query it runs, below the views, so that nothing a view builds
    from a link or a widget can reach a row outside the scope; the scope's values are bound
    parameters, and being part of the query they are part of every cache key."""
    if scope.national:
        return query
    cond, params = scope.sql()
    sql = _SOURCE.sub(lambda m: f"(SELECT * FROM read_parquet(${m.group(1)}) WHERE {cond})", query.sql)
    return Query.make(sql, {**dict(query.params), **params})


class Engine:
    """Shared by every session of a process; thread-safe. `with_scope` gives a user's view of it."""

    kind = "duckdb"  # part of every shared cache key: engines may differ in the last digit
    scope: Scope = NATIONAL

    def __init__(self, store: Store, cache_entries: int | None = None):
        self.store = store
        self._con = duckdb.connect()
        self._con.execute("SET enable_progress_bar = false")
        # DuckDB's own default (80 % of RAM) lets one national-scale scan hold gigabytes of cached pages.
        self._con.execute(f"SET memory_limit = '{settings.get_int('GOVMEDIA_QUERY_MEMORY_MB')}MB'")
        self._con.execute("SET temp_directory = ?", [str(staging.directory(store.root) / staging.SPILL_DIR)])
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._max = cache_entries if cache_entries is not None else settings.get_int("GOVMEDIA_CACHE_ENTRIES")
        self._sources: dict[int, tuple[list[str], list[str]]] = {}

    def with_scope(self, scope: Scope) -> Engine:
        """The same engine (connection, caches, sources) reading only `scope`'s rows."""
        if scope == self.scope:
            return self
        view = copy.copy(self)
        view.scope = scope
        return view

    def version(self) -> int:
        v = self.store.version()
        if v is None:
            raise StoreError("还没有数据：请先在“数据管理”页导入快照文件",
                             "there is no data yet: import snapshot files on the Data page first")
        return v

    def sources(self, version: int) -> tuple[list[str], list[str]]:
        with self._lock:
            hit = self._sources.get(version)
        if hit is None:
            files = self.store.files(version)
            hit = (files, rollup.ensure(self.store.root, version, files, run=self.store.aggregate))
            with self._lock:
                self._sources = {version: hit}
        return hit

    def summary(self, version: int) -> str:
        """The version's account summary (built when missing, e.g. after a restore)."""
        return str(accounts.ensure(self.store.root, version, self.sources(version)[0]))

    def run(self, query: Query, version: int | None = None) -> pd.DataFrame:
        version = self.version() if version is None else version
        query = scoped(query, self.scope)
        key = (version, query.sql, query.params)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
        if cached is not None:
            return cached.copy()
        result = self._execute(query, version)
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > self._max:
                self._cache.popitem(last=False)
        return result.copy()

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """A value worked out from the current version once and shared, uncopied, by every caller: it
        must not be changed (choices, labels). Kept in the result cache under the version."""
        key = (self.version(), "derived", name, self.scope)
        with self._lock:
            hit = self._cache.get(key)
        if hit is None:
            hit = build()
            with self._lock:
                self._cache[key] = hit
                while len(self._cache) > self._max:
                    self._cache.popitem(last=False)
        return hit

    def execute(self, query: Query, version: int) -> pd.DataFrame:
        """Run without the cache (the benchmark's cold path)."""
        return self._execute(scoped(query, self.scope), version)

    def _execute(self, query: Query, version: int) -> pd.DataFrame:
        files, rollup_files = self.sources(version)
        with self._lock:
            cursor = self._con.cursor()
        try:
            suffix = rollup.grain(query.sql)
            grain = [rollup.grain_file(f, suffix) for f in rollup_files]
            summary = self.summary(version) if "$accounts" in query.sql else None
            return cursor.execute(query.sql, query.bound(files=files, rollup=grain, accounts=summary)).df()
        finally:
            cursor.close()

    def has_data(self) -> bool:
        """False for a store with no version yet, and for a version without rows (e.g. restored to empty)."""
        version = self.store.version()
        if version is None:
            return False
        df = self.run(Query.make("SELECT count(*) AS n FROM read_parquet($rollup)"), version)
        return int(df["n"].iloc[0]) > 0

    def date_bounds(self) -> tuple:
        """First and last snapshot dates of the current version."""
        df = self.run(Query.make("SELECT min(snapshot_date) AS first, max(snapshot_date) AS last FROM read_parquet($rollup)"))
        return df["first"].iloc[0].date(), df["last"].iloc[0].date()

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._sources.clear()


def open_engine(store: Store) -> Engine:
    """The engine the settings choose: DuckDB in this process, or Spark (GOVMEDIA_ENGINE=spark)."""
    if settings.engine() == "spark":
        from analytics.query.spark import SparkEngine

        return SparkEngine(store, settings.get("GOVMEDIA_SPARK_MASTER"))
    return Engine(store)
