"""Apache Spark as the query engine, for data one machine cannot carry (GOVMEDIA_ENGINE=spark).

The views keep their one SQL text, written for DuckDB; here it is translated to Spark SQL by sqlglot,
`read_parquet($files)`, `read_parquet($rollup)` and `read_parquet($accounts)` become temporary views over
the very files of the Delta version (resolved by deltalake, as for DuckDB), and `$name` parameters are
bound by Spark. One session per process is shared by all sessions; results are cached by version like
DuckDB's."""

from __future__ import annotations

import functools
import os
import shutil
import threading
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from analytics.errors import StoreError
from analytics.query.engine import Engine, Query
from analytics.store import rollup
from analytics.store.table import Store

_SOURCES = {"files": "snapshots_v{v}", "rollup": "rollup_v{v}", "accounts": "accounts_v{v}"}
_SESSION_LOCK = threading.Lock()


@functools.lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """DuckDB SQL of a view → Spark SQL, with `read_parquet($name)` → `{name}` placeholders for the
    version's view names."""
    import sqlglot

    marked = sql
    for name in _SOURCES:
        marked = marked.replace(f"read_parquet(${name})", f"__source_{name}__")
    spark_sql = sqlglot.transpile(marked, read="duckdb", write="spark")[0]
    for name in _SOURCES:
        spark_sql = spark_sql.replace(f"__source_{name}__", "{" + name + "}")
    return spark_sql


def readable(store: Store, version: int) -> None:
    """Spark reads the version's parquet files itself, which is exact only for a plain Delta table:
    a table that needs reader features (deletion vectors, column mapping) is refused."""
    protocol = store.table(version).protocol()
    features = getattr(protocol, "reader_features", None) or []
    if protocol.min_reader_version > 1 or features:
        raise StoreError("数据表使用了 Spark 读取方式不支持的 Delta 特性，请改用 DuckDB 引擎",
                         f"the Delta table needs reader features Spark is not given here "
                         f"(reader version {protocol.min_reader_version}, features {features}): use the DuckDB engine")


class SparkEngine(Engine):
    """The DuckDB engine's interface (cache, version, sources) with Spark running the SQL."""

    kind = "spark"

    def __init__(self, store: Store, master: str, cache_entries: int | None = None):
        super().__init__(store, cache_entries)
        self.master = master
        self._registered: dict[tuple[int, str], str] = {}
        store.aggregate = self.aggregate

    def aggregate(self, sql: str, params: dict, target: Path) -> None:
        """One statement of the rollup build (DuckDB SQL over `$files` and `$accounts`) run on Spark, its
        result written to `target` in the types DuckDB writes."""
        spark_sql = translate(sql)
        tag = uuid.uuid4().hex[:12]
        views = []
        for name in _SOURCES:
            if "{" + name + "}" in spark_sql:
                paths = params[name] if isinstance(params[name], list) else [params[name]]
                views.append(f"build_{name}_{tag}")
                self.session.read.parquet(*paths).createOrReplaceTempView(views[-1])
                spark_sql = spark_sql.replace("{" + name + "}", views[-1])
        args = {k: _spark_value(v) for k, v in params.items() if k not in _SOURCES and f":{k}" in spark_sql}
        # Spark writes the result itself, into one file: a segment can hold millions of rows, which
        # collecting through the driver would have to hold in memory (and a local run can lose).
        written = target.with_name(f"{target.name}.{tag}.spark")
        try:
            (self.session.sql(spark_sql, args=args).coalesce(1).write.mode("overwrite")
             .option("compression", "zstd").parquet(str(written)))
            os.replace(next(written.glob("part-*.parquet")), target)
        finally:
            shutil.rmtree(written, ignore_errors=True)
            for view in views:
                self.session.catalog.dropTempView(view)

    @functools.cached_property
    def session(self):
        from pyspark.sql import SparkSession

        with _SESSION_LOCK:
            builder = SparkSession.builder.appName("govmedia")
            builder = builder.remote(self.master) if self.master.startswith("sc://") else builder.master(self.master)
            session = (builder.config("spark.sql.session.timeZone", "UTC")
                       .config("spark.sql.ansi.enabled", "false")
                       .config("spark.ui.enabled", "false")
                       .config("spark.ui.showConsoleProgress", "false")
                       .getOrCreate())
            if not self.master.startswith("sc://"):
                session.sparkContext.setLogLevel("ERROR")  # its warnings are about plans, not for the app's log
            return session

    def _view(self, version: int, source: str, suffix: str) -> str:
        """The temporary view over the version's rows (`files`) or one grain of its rollup."""
        key = (version, f"{source}{suffix}")
        with self._lock:
            known = self._registered.get(key)
        if known is not None:
            return known
        readable(self.store, version)
        files, rollup_files = self.sources(version)
        paths = {"files": lambda: files, "accounts": lambda: [self.summary(version)],
                 "rollup": lambda: [rollup.grain_file(f, suffix) for f in rollup_files]}[source]()
        view = _SOURCES[source].format(v=version) + (f"_{suffix}" if suffix else "")
        self.session.read.parquet(*paths).createOrReplaceTempView(view)
        with self._lock:
            self._registered[key] = view
        return view

    def _execute(self, query: Query, version: int) -> pd.DataFrame:
        sql = translate(query.sql)
        suffix = rollup.grain(query.sql)
        for name in _SOURCES:
            if "{" + name + "}" in sql:
                sql = sql.replace("{" + name + "}", self._view(version, name, suffix if name == "rollup" else ""))
        params = {k: _spark_value(v) for k, v in query.bound().items() if f":{k}" in sql}
        return _like_duckdb(self.session.sql(sql, args=params).toArrow())


def _like_duckdb(table: pa.Table) -> pd.DataFrame:
    """The frame in the shape DuckDB gives: whole numbers with gaps as nullable integers (not floats), and
    text columns as pandas strings, except a column with no value at all (Python objects, None)."""
    df = table.to_pandas(date_as_object=False)
    for field in table.schema:
        column = table.column(field.name)
        if pa.types.is_integer(field.type) and column.null_count:
            df[field.name] = pd.array(column.to_pylist(), dtype="Int64")
        elif pa.types.is_string(field.type) and len(df) and column.null_count == len(df):
            df[field.name] = pd.Series([None] * len(df), index=df.index, dtype=object)
    return df


def _spark_value(value: Any) -> Any:
    from pyspark.sql import functions

    if isinstance(value, (list, tuple)):
        return functions.array(*[functions.lit(v) for v in value])
    return value
