"""The query layer: one engine per process, its results cached by version, its SQL run by a backend.

Views describe their SQL as a `Query`; SQL reads the active snapshot files as `read_parquet($files)`,
the rollup as `read_parquet($rollup)` and the account summary as `read_parquet($accounts)` (see
`sources`), and the engine resolves them for the current version, so a new commit is seen on the next
call without a restart. User values are always bound parameters. The backend (DuckDB in this process,
or Spark) is chosen by name in `open_backend`."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from analytics import settings
from analytics.access.scope import NATIONAL, Scope
from analytics.errors import PermissionDenied, SettingError, StoreError
from analytics.posts import derived as post_derived
from analytics.posts.table import PostStore
from analytics.query import sources
from analytics.query.backend import Backend
from analytics.query.duckdb_backend import DuckDBBackend
from analytics.query.filters import DIMENSIONS, Filters
from analytics.query.spark_backend import SparkBackend
from analytics.store import accounts, derived, health, rollup
from analytics.store.table import Store

T = TypeVar("T")
RETRY_BUILD_S = 60.0


@dataclass(frozen=True)
class Query:
    sql: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def make(cls, sql: str, params: dict[str, Any] | None = None) -> Query:
        frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in (params or {}).items()))
        return cls(sql, frozen)

    def values(self) -> dict[str, Any]:
        """The bound values, lists as lists (the sources are bound by the backend)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.params}


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


def scoped(query: Query, scope: Scope) -> Query:
    """The query with every source it reads — rows, rollup, account summary — narrowed to `scope`.

    Applied by the engine to every query it runs, below the views, so that nothing a view builds
    from a link or a widget can reach a row outside the scope; the scope's values are bound
    parameters, and being part of the query they are part of every cache key. A source named in a
    way the scope cannot wrap is refused (`sources.check`), for every scope, national included."""
    if scope.national:
        sources.check(query.sql)
        return query
    cond, params = scope.sql()
    sql = sources.replace(query.sql, lambda name: f"(SELECT * FROM read_parquet(${name}) WHERE {cond})")
    return Query.make(sql, {**dict(query.params), **params})


class _Reader:
    """What a reader of the data may ask: the current version, query results, values derived from them.
    Everything runs through the one `Engine` (`_core`) with this reader's scope."""

    _core: Engine
    scope: Scope
    owner: str | None = None

    @property
    def store(self) -> Store:
        return self._core._store

    @property
    def posts(self) -> PostStore:
        return self._core._posts

    def posts_version(self) -> int | None:
        """The posts table's current version (None without posts); its queries are keyed by it."""
        return self._core._posts.version()

    @property
    def kind(self) -> str:
        return self._core.backend.name

    def version(self) -> int:
        """The version pages read: the current one, or while its derived tables are being built (or could
        not be, e.g. on a full disk) the latest earlier version that has them (see `behind`)."""
        v = self.store.version()
        if v is None:
            raise StoreError("还没有数据：请先在“数据管理”页导入快照文件",
                             "there is no data yet: import snapshot files on the Data page first")
        return self._core._usable(v)

    def behind(self) -> tuple[int, int] | None:
        """(the current version, the version shown instead) when pages show an earlier version's numbers."""
        current = self.store.version()
        shown = self.version()
        return (current, shown) if current is not None and shown != current else None

    def sources(self, version: int) -> tuple[list[str], list[str]]:
        """The version's snapshot files and rollup segments (the same for every scope)."""
        return self._core._resolve(version)

    def summary(self, version: int) -> str:
        """The version's account summary (built when missing, e.g. after a restore)."""
        return str(accounts.ensure(self.store.root, version, self.sources(version)[0]))

    def run(self, query: Query, version: int | None = None) -> pd.DataFrame:
        version = self.version() if version is None else version
        return self._core._cached(scoped(query, self.scope), version, self.owner)

    def execute(self, query: Query, version: int) -> pd.DataFrame:
        """Run without the cache (the benchmark's cold path)."""
        return self._core._execute(scoped(query, self.scope), version)

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """A value worked out from the current version once and shared, uncopied, by every caller: it
        must not be changed (choices, labels). Kept in the result cache under the version and scope."""
        return self._core._remember((self.version(), "derived", name, self.scope), build, self.owner)

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


class Engine(_Reader):
    """Shared by every session of a process; thread-safe. It holds the version's sources, the result
    cache and the backend that runs the SQL; `with_scope` gives a user's view of it."""

    scope: Scope = NATIONAL

    def __init__(self, store: Store, backend: Backend | None = None, cache_entries: int | None = None):
        self._core = self
        self._store = store
        self._posts = PostStore.beside(store)
        self.backend = backend if backend is not None else DuckDBBackend(store.root)
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._max = cache_entries if cache_entries is not None else settings.get_int("GOVMEDIA_CACHE_ENTRIES")
        self._session_max = max(1, self._max * settings.get_int("GOVMEDIA_CACHE_SESSION_PERCENT") // 100)
        self._owner: dict[tuple, str] = {}  # entry -> the one session that has used it (shared ones have none)
        self._owned: dict[str, OrderedDict[tuple, None]] = {}  # session -> its own entries, oldest first
        self._sources: dict[int, tuple[list[str], list[str]]] = {}
        self._failed: dict[int, tuple[float, str]] = {}  # version -> (when its derived tables failed to build, why)

    def with_scope(self, scope: Scope, owner: str | None = None) -> _Reader:
        """This engine (backend, sources, caches) reading only `scope`'s rows, for the session `owner` (whose
        own results count against its share of the cache)."""
        return self if scope == self.scope and owner is None else ScopedEngine(self, scope, owner)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._owner.clear()
            self._owned.clear()
            self._sources.clear()
            self._failed.clear()

    def _usable(self, version: int) -> int:
        with self._lock:
            if version in self._sources:
                return version
        root = self.store.root
        with self._lock:
            failed = self._failed.get(version)
        # Every rerun of every session asks for the version: after a failed build, the next attempt waits
        # RETRY_BUILD_S instead of each of those calls rebuilding (and logging) again.
        retry = failed is None or time.monotonic() - failed[0] > RETRY_BUILD_S
        if retry and (health.present(root, version) or not derived.building(root)):
            try:
                self._resolve(version)
                return version
            except StoreError:
                raise
            except Exception as exc:  # a build that fails (a full disk) leaves the last complete version to show
                derived.incident(root, "derived_pending", version=version, reason=str(exc)[:200])
                failed = (time.monotonic(), str(exc)[:200])
                with self._lock:
                    self._failed = {version: failed}
        earlier = health.latest(root, version)
        if earlier is not None:
            return earlier
        if failed is not None:
            raise StoreError(f"版本 {version} 的汇总表无法生成（{failed[1]}），也没有更早的版本可显示",
                             f"the derived tables of version {version} cannot be built ({failed[1]}) and no earlier "
                             "version has them")
        return version

    def _resolve(self, version: int) -> tuple[list[str], list[str]]:
        with self._lock:
            hit = self._sources.get(version)
        if hit is None:
            self.backend.check_readable(self.store, version)
            files = self.store.files(version)
            try:
                hit = (files, rollup.ensure(self.store.root, version, files, run=self.store.aggregate))
            except Exception as exc:
                health.name_damaged_data(self.store, version, files, exc)  # a damaged data file stops the build
                raise
            with self._lock:
                self._sources = {version: hit}
        return hit

    def _remember(self, key: tuple, build: Callable[[], T], owner: str | None = None) -> T:
        """The cached value of `key`, built on a miss. An entry is owned by the session that built it until
        another session uses it too (then it is shared); a session already holding its share of the cache
        replaces its own oldest entry, so a burst of new queries from one session cannot empty the cache
        of everyone else."""
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                if self._owner.get(key) not in (None, owner):
                    self._disown(key)
        if hit is None:
            hit = build()
            with self._lock:
                if key not in self._cache and owner is not None:
                    mine = self._owned.setdefault(owner, OrderedDict())
                    while mine and len(mine) >= self._session_max:
                        self._drop(next(iter(mine)))
                    mine[key] = None
                    self._owner[key] = owner
                self._cache[key] = hit
                while len(self._cache) > self._max:
                    self._drop(next(iter(self._cache)))
        return hit

    def _disown(self, key: tuple) -> None:
        owner = self._owner.pop(key, None)
        mine = self._owned.get(owner)
        if mine is not None:
            mine.pop(key, None)
            if not mine:
                del self._owned[owner]

    def _drop(self, key: tuple) -> None:
        self._cache.pop(key, None)
        self._disown(key)

    def _cached(self, query: Query, version: int, owner: str | None = None) -> pd.DataFrame:
        # A query of the posts is a result of two versions: a commit to either table is a new key.
        posts = self.posts_version() if set(sources.used(query.sql)) & set(sources.POSTS) else None
        key = (version, posts, query.sql, query.params)
        return self._remember(key, lambda: self._execute(query, version, posts), owner).copy()

    def _execute(self, query: Query, version: int, posts: int | None = None) -> pd.DataFrame:
        if posts is None and set(sources.used(query.sql)) & set(sources.POSTS):
            posts = self.posts_version()
        named = self._named(query, version, posts)
        try:
            return self.backend.execute(query.sql, query.values(), named)
        except Exception as exc:
            if not health.heal(self.store, version, named, exc):
                raise
        # A damaged derived file was set aside; the query runs once more on the rebuilt one.
        with self._lock:
            self._sources.pop(version, None)
        return self.backend.execute(query.sql, query.values(), self._named(query, version, posts))

    def _named(self, query: Query, version: int, posts: int | None = None) -> dict[str, list[str]]:
        files, segments = self._resolve(version)
        named: dict[str, list[str]] = {}
        for name in sources.used(query.sql):
            if name == "files":
                named[name] = files
            elif name == "rollup":
                suffix = rollup.grain(query.sql)
                named[name] = [rollup.grain_file(f, suffix) for f in segments]
            elif name in sources.POSTS:
                index, words = post_derived.ensure(self._posts, self.store, posts, version)
                named[name] = [str(index if name == "posts" else words)]
            else:
                named[name] = [self.summary(version)]
        return named


class ScopedEngine(_Reader):
    """One reader's view of the shared engine: the same backend, sources and caches (the scope is part
    of every query and so of every cache key), every query narrowed to `scope`. It cannot be widened."""

    def __init__(self, core: Engine, scope: Scope, owner: str | None = None):
        self._core = core
        self.scope = scope
        self.owner = owner

    def with_scope(self, scope: Scope, owner: str | None = None) -> ScopedEngine:
        if scope != self.scope:
            raise PermissionDenied("不能改变已限定的数据范围", "a scoped reader cannot change its scope")
        return self


BACKENDS = ("duckdb", "spark")


def open_backend(name: str, root: Path) -> Backend:
    """The backend called `name` (the one place that chooses one)."""
    if name == "spark":
        return SparkBackend(settings.get("GOVMEDIA_SPARK_MASTER"))
    if name == "duckdb":
        return DuckDBBackend(root)
    raise SettingError(f"未知的查询引擎：{name}", f"unknown query engine: {name} (one of {', '.join(BACKENDS)})")


def open_engine(data_dir: str | Path | None = None) -> Engine:
    """The store and engine the settings choose: DuckDB in this process, or Spark (GOVMEDIA_ENGINE=spark),
    which then also runs the store's rollup builds."""
    root = settings.data_dir(data_dir)
    backend = open_backend(settings.engine(), root)
    return Engine(Store(root, aggregate=backend.aggregate), backend)
