"""The same views on Apache Spark: every page's sections (view results, the tables shown) are identical
on DuckDB and on a real Spark session (local[2]) over the same Delta version — over the sample, filtered
and not, and over rows built with ties, where a LIMIT or a rank must keep the same rows on both."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest
from factory import make_rows, parquet_bytes

from analytics.access.roles import ANALYST, Actor
from analytics.errors import StoreError
from analytics.pages import render
from analytics.pages.link import Link
from analytics.pages.registry import PAGES
from analytics.query.engine import Engine
from analytics.query.filters import Filters
from analytics.store import ingest
from analytics.store.table import Store
from analytics.views import account, rankings

pytestmark = [pytest.mark.spark, pytest.mark.slow]
spark_module = pytest.importorskip("analytics.query.spark_backend")


@pytest.fixture(scope="module")
def engines(_seeded_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("spark") / "data"
    shutil.copytree(_seeded_template, root)
    store = Store(root)
    return Engine(store), Engine(store, spark_module.SparkBackend("local[2]"))


def _numbers(df: pd.DataFrame) -> pd.DataFrame:
    """Whole numbers with gaps compared as numbers: DuckDB sums BIGINT to HUGEINT (floats, NaN) where Spark
    keeps BIGINT (nullable integers, NA); the values are what must agree."""
    out = df.reset_index(drop=True)
    for column in out.columns:
        if isinstance(out[column].dtype, pd.Int64Dtype):
            out[column] = out[column].astype("float64")
    return out


def _same(a: pd.DataFrame, b: pd.DataFrame, what: str) -> None:
    pd.testing.assert_frame_equal(_numbers(a), _numbers(b), check_dtype=False, check_exact=False, rtol=1e-9, obj=what)


def _account_link(duck: Engine) -> str:
    top = rankings.rankings(duck, Filters()).iloc[0]
    return f"{top['platform']}:{top['account_id']}"


LINKS = {
    "all": {},
    "filtered": {"province": ("浙江", "广东"), "platform": ("weibo", "douyin"), "granularity": "week"},
}


@pytest.mark.parametrize("page", [p for p, spec in PAGES.items() if spec.build])
@pytest.mark.parametrize("which", LINKS)
def test_every_page_shows_the_same_numbers_on_both_engines(engines, page, which):
    duck, spark = engines
    chosen = LINKS[which]
    link = Link(filters=Filters(provinces=chosen.get("province", ()), platforms=chosen.get("platform", ()),
                                granularity=chosen.get("granularity", "month")))
    if page == "account":
        link = link.with_(account=_account_link(duck))
    ours = render.sections(duck, page, link)
    theirs = render.sections(spark, page, link)
    assert [s.key for s in ours] == [s.key for s in theirs] and ours
    for a, b in zip(ours, theirs):
        _same(a.data, b.data, f"{page}/{a.key} data")
        if a.table is not None:
            _same(a.table, b.table, f"{page}/{a.key} table")
        assert a.takeaway == b.takeaway


@pytest.fixture(scope="module")
def tied(tmp_path_factory):
    """Accounts whose every metric is equal, so rankings and searches must break ties the same way."""
    store = Store(tmp_path_factory.mktemp("ties") / "data")
    rows = make_rows(weeks=3)
    for column in ("followers", "posts", "reads", "likes", "comments", "shares"):
        rows[column] = rows.groupby("snapshot_date")[column].transform("max")
    rows["account_name"] = "平安" + rows["account_id"].str[-2:]
    ingest.commit(store, ingest.prepare(store, "ties.parquet", parquet_bytes(rows)), Actor("t", ANALYST))
    return Engine(store), Engine(store, spark_module.SparkBackend("local[2]"))


def test_ties_keep_the_same_rows_on_both_engines(tied):
    duck, spark = tied
    week = Filters(start=dt.date(2024, 1, 17), end=dt.date(2024, 1, 17))
    _same(rankings.rankings(duck, week), rankings.rankings(spark, week), "rankings with ties")
    _same(account.search(duck, "平安", Filters(), limit=2), account.search(spark, "平安", Filters(), limit=2),
          "search with ties under a limit")


def test_sql_is_translated_once_with_sources_and_parameters_kept():
    sql = spark_module.translate("SELECT arg_max(a, d) FROM read_parquet($files) WHERE list_contains($provinces, p) "
                                 "AND d >= $start UNION ALL SELECT 1 FROM read_parquet($rollup)")
    assert "{files}" in sql and "{rollup}" in sql and ":provinces" in sql and ":start" in sql
    assert "MAX_BY" in sql and "read_parquet" not in sql


def test_a_table_spark_cannot_read_exactly_is_refused(tmp_path):
    from deltalake import write_deltalake

    path = tmp_path / "data" / "snapshots"
    rows = make_rows(weeks=1)
    write_deltalake(str(path), rows, configuration={"delta.enableDeletionVectors": "true"})
    with pytest.raises(StoreError) as caught:
        spark_module.SparkBackend("local[2]").check_readable(Store(tmp_path / "data"), 0)
    assert "DuckDB" in caught.value.en


def _sample_slice(root):
    """A fifth of the sample's accounts, and every renamed or moved one: the sample's shapes at a size a
    two-core Spark session builds in seconds."""
    import zlib

    import pyarrow.parquet as pq

    from analytics import settings

    rows = pq.read_table(settings.SAMPLE_DIR / ingest.SAMPLE_FILE).to_pandas()
    keys = rows["platform"] + ":" + rows["account_id"]
    changing = rows.groupby(keys)[["account_name", "province", "city"]].transform("nunique").max(axis=1) > 1
    picked = keys.map(lambda k: zlib.crc32(k.encode()) % 5 == 0) | changing
    store = Store(root)
    ingest.commit(store, ingest.prepare(store, "slice.parquet", parquet_bytes(rows[picked])), Actor("t", ANALYST))
    return store


def test_the_rollup_built_on_spark_equals_duckdbs(tmp_path, monkeypatch):
    """The heavy part of the build — the windows over every row — run by Spark gives DuckDB's rollup,
    in every grain; and a Spark engine builds a version's missing rollup with its own session."""
    import duckdb

    from analytics.query.engine import open_engine
    from analytics.store import rollup

    backend = spark_module.SparkBackend("local[2]")
    sample = _sample_slice(tmp_path / "slice")
    version, files = sample.version(), sample.files()
    theirs = rollup.build(tmp_path / "spark", version, files, run=backend.aggregate)
    ours = rollup.build(tmp_path / "duck", version, files)
    con = duckdb.connect()
    for suffix in ("", *(g for g, _ in rollup.GRAINS)):
        q = "SELECT * FROM read_parquet($p) ORDER BY ALL"
        a = con.execute(q, {"p": [rollup.grain_file(f, suffix) for f in ours]}).fetchall()
        assert a == con.execute(q, {"p": [rollup.grain_file(f, suffix) for f in theirs]}).fetchall() and a

    root = tmp_path / "data"
    ingest.commit(Store(root), ingest.prepare(Store(root), "w.parquet", parquet_bytes(make_rows(weeks=2))),
                  Actor("t", ANALYST))
    monkeypatch.setenv("GOVMEDIA_ENGINE", "spark")
    chosen = open_engine(root)
    assert isinstance(chosen.backend, spark_module.SparkBackend) and chosen.store.aggregate == chosen.backend.aggregate
    calls = []
    store = Store(root, aggregate=lambda *a: calls.append(a) or chosen.backend.aggregate(*a))
    rollup.manifest(root, store.version()).unlink()
    assert Engine(store, chosen.backend).sources(store.version())[1] and calls
