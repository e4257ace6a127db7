"""Apache Spark as the query engine, for data one machine cannot carry (GOVMEDIA_ENGINE=spark).

The views keep their one SQL text, written for DuckDB; here it is translated to Spark SQL by sqlglot,
each `read_parquet($name)` becomes a temporary view over the very files the engine resolved for it (the
Delta version's, by deltalake, as for DuckDB), and `$name` parameters are bound by Spark. The engine
above caches results by version as it does for DuckDB."""

from __future__ import annotations

import functools
import shutil
import threading
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from analytics import durable
from analytics.errors import StoreError
from analytics.query import sources
from analytics.query.backend import Sources

_SESSION_LOCK = threading.Lock()


@functools.lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """DuckDB SQL of a view → Spark SQL, with each `read_parquet($name)` → a `{name}` marker for the
    temporary view over that source's files."""
    import sqlglot

    marked = sources.replace(sql, lambda name: f"__source_{name}__")
    spark_sql = sqlglot.transpile(marked, read="duckdb", write="spark")[0]
    for name in sources.NAMES:
        spark_sql = spark_sql.replace(f"__source_{name}__", "{" + name + "}")
    return spark_sql


class SparkBackend:
    """Spark runs the SQL (local, a standalone cluster or Spark Connect); one session per process."""

    name = "spark"

    def __init__(self, master: str):
        self.master = master
        self._lock = threading.Lock()
        self._views: dict[tuple[str, ...], str] = {}

    def check_readable(self, store, version: int) -> None:
        """Spark reads the version's parquet files itself, which is exact only for a plain Delta table:
        a table that needs reader features (deletion vectors, column mapping) is refused."""
        protocol = store.table(version).protocol()
        features = getattr(protocol, "reader_features", None) or []
        if protocol.min_reader_version > 1 or features:
            raise StoreError("数据表使用了 Spark 读取方式不支持的 Delta 特性，请改用 DuckDB 引擎",
                             f"the Delta table needs reader features Spark is not given here "
                             f"(reader version {protocol.min_reader_version}, features {features}): use the DuckDB engine")

    def execute(self, sql: str, params: dict[str, Any], named: Sources) -> pd.DataFrame:
        spark_sql = translate(sql)
        for name, files in named.items():
            spark_sql = spark_sql.replace("{" + name + "}", self._view(files))
        args = {k: _spark_value(v) for k, v in params.items() if f":{k}" in spark_sql}
        return _like_duckdb(self.session.sql(spark_sql, args=args).toArrow())

    def aggregate(self, sql: str, params: dict, target: Path) -> None:
        """One statement of the rollup build (DuckDB SQL over its sources) run on Spark, its result written
        to `target` in the types DuckDB writes."""
        spark_sql = translate(sql)
        tag = uuid.uuid4().hex[:12]
        views = []
        for name in sources.NAMES:
            if "{" + name + "}" in spark_sql:
                paths = params[name] if isinstance(params[name], list) else [params[name]]
                views.append(f"build_{name}_{tag}")
                self.session.read.parquet(*paths).createOrReplaceTempView(views[-1])
                spark_sql = spark_sql.replace("{" + name + "}", views[-1])
        args = {k: _spark_value(v) for k, v in params.items() if k not in sources.NAMES and f":{k}" in spark_sql}
        # Spark writes the result itself, into one file: a segment can hold millions of rows, which
        # collecting through the driver would have to hold in memory (and a local run can lose).
        written = target.with_name(f"{target.name}.{tag}.spark")
        try:
            (self.session.sql(spark_sql, args=args).coalesce(1).write.mode("overwrite")
             .option("compression", "zstd").parquet(str(written)))
            durable.replace(next(written.glob("part-*.parquet")), target)
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

    def _view(self, files: list[str]) -> str:
        """The temporary view over `files`, registered once per process (a version's files never change)."""
        key = tuple(files)
        with self._lock:
            known = self._views.get(key)
        if known is None:
            known = f"source_{uuid.uuid4().hex[:16]}"
            self.session.read.parquet(*files).createOrReplaceTempView(known)
            with self._lock:
                self._views[key] = known
        return known


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
