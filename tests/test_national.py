"""The national-scale generator: deterministic, valid by the ingest rules, and shaped like the field
(platform shares, heavy tails, adoption, quiet and dormant accounts, closures, renames, reform merges)."""

import datetime as dt
import hashlib

import duckdb
import pytest

from analytics.store import ingest
from analytics.store.table import Store
from sample_data import national

START, END = dt.date(2018, 1, 3), dt.date(2019, 12, 25)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("national")
    files, rows = national.write(6_000, START, END, out)
    return out, files, rows


def _con(out):
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{out}/*.parquet')")
    return con


def test_one_file_per_week_and_the_same_bytes_from_the_same_seed(generated, tmp_path):
    out, files, rows = generated
    assert files == len(list(out.glob("*.parquet"))) == 104
    assert sorted(p.name for p in out.glob("*.parquet"))[:2] == ["2018-01-03.parquet", "2018-01-10.parquet"]
    again = tmp_path / "again"
    assert national.write(6_000, START, END, again) == (files, rows)
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert all(digest(p) == digest(again / p.name) for p in sorted(out.glob("*.parquet"))[::10])


def test_every_week_passes_the_ingest_rules(generated, tmp_path):
    out, _, _ = generated
    store = Store(tmp_path / "data")
    for path in sorted(out.glob("*.parquet"))[::13]:
        prepared = ingest.prepare(store, path.name, path.read_bytes(), today=dt.date(2026, 11, 29))
        assert prepared.report.ok, prepared.report.text("en")
        prepared.discard()


def test_the_field_is_in_the_data(generated):
    out, _, rows = generated
    con = _con(out)
    accounts = dict(con.execute("SELECT platform, count(DISTINCT account_id) FROM t GROUP BY 1").fetchall())
    assert accounts["weibo"] > accounts["toutiao"] > accounts["douyin"] > accounts["bilibili"]
    assert "xiaohongshu" not in accounts  # 小红书 accounts arrive from 2021
    first, last = con.execute("SELECT count(*) FILTER (WHERE snapshot_date = $a), count(*) FILTER "
                              "(WHERE snapshot_date = $b) FROM t", {"a": START, "b": END}).fetchone()
    assert last > first  # adoption of 抖音 and 快手 outpaces closures over 2018-2019
    top_share = con.execute("""
        WITH w AS (SELECT followers, ntile(100) OVER (ORDER BY followers DESC) AS q FROM t WHERE snapshot_date = $b)
        SELECT sum(followers) FILTER (WHERE q = 1) / sum(followers) FROM w""", {"b": END}).fetchone()[0]
    assert 0.2 < top_share < 0.8  # heavy-tailed: the top 1 % of accounts hold a large share of followers
    renamed = con.execute("SELECT count(*) FROM (SELECT platform, account_id FROM t GROUP BY ALL "
                          "HAVING count(DISTINCT account_name) > 1)").fetchone()[0]
    merged = con.execute("SELECT count(*) FROM (SELECT account_id FROM t WHERE account_name LIKE '%工商' "
                         "OR account_name LIKE '%旅游' GROUP BY ALL)").fetchone()[0]
    assert renamed > 0 and merged > 0
    closed = con.execute("SELECT count(*) FROM (SELECT platform, account_id, max(snapshot_date) AS last FROM t "
                         "GROUP BY ALL) WHERE last < $b", {"b": END}).fetchone()[0]
    assert closed > 0
    silent = con.execute("SELECT avg((posts = 0)::INT) FROM t").fetchone()[0]
    assert 0.05 < silent < 0.5  # quiet weeks and dormant accounts fail the two-week rule
    assert con.execute("SELECT count(*) FROM t").fetchone()[0] == rows
    levels = dict(con.execute("SELECT level, count(DISTINCT account_id) FROM t GROUP BY 1").fetchall())
    assert levels["county"] > levels["municipal"] > levels["provincial"] > levels["national"]
    assert con.execute("SELECT count(*) FROM t WHERE level = 'national' AND province <> '中央'").fetchone()[0] == 0


def test_account_ids_are_distinct_within_a_platform():
    weeks = national.weeks_between(START, END)
    accounts = national.build_accounts(20_000, weeks)
    keys = set(zip(accounts.platform, accounts.account_id))
    assert len(keys) == len(accounts)


def _every_page(store: Store, account: str) -> dict:
    """Each page's sections computed afresh (no shared cache) for all data and for a filtered view."""
    from analytics.pages import render
    from analytics.pages.link import Link
    from analytics.pages.registry import PAGES
    from analytics.query.engine import Engine
    from analytics.query.filters import Filters

    engine = Engine(store)
    shown = {}
    for name, filters in (("all", Filters()), ("filtered", Filters(provinces=("广东",), platforms=("weibo", "douyin")))):
        for page, spec in PAGES.items():
            if spec.build:
                link = Link(filters=filters).with_(account=account) if page == "account" else Link(filters=filters)
                shown[name, page] = spec.build(render.context(engine, page, link))
    return shown


def _assert_same(before: dict, after: dict) -> None:
    import pandas as pd

    assert before.keys() == after.keys()
    for key, sections in before.items():
        assert [s.key for s in sections] == [s.key for s in after[key]]
        for a, b in zip(sections, after[key]):
            pd.testing.assert_frame_equal(a.data.reset_index(drop=True), b.data.reset_index(drop=True), obj=f"{key} {a.key}")
            assert a.takeaway == b.takeaway


@pytest.mark.slow
def test_views_are_the_same_after_clustering_the_files_and_after_a_restore(tmp_path):
    """About two million generated rows loaded as two uploads; every page's numbers before the Z-order rewrite,
    after it, and after restoring the version before it."""
    import pyarrow.parquet as pq

    from analytics.access.roles import ADMIN, Actor
    from analytics.store import accounts, rollup
    from analytics.views import rankings

    out = tmp_path / "weeks"
    national.write(25_000, START, END, out)
    store, actor = Store(tmp_path / "data"), Actor("t", ADMIN)
    for year in ("2018", "2019"):
        table = pq.ParquetDataset(sorted(out.glob(f"{year}-*.parquet"))).read()
        path = tmp_path / f"{year}.parquet"
        pq.write_table(table, path)
        ingest.commit(store, ingest.prepare(store, path.name, path.read_bytes(), today=dt.date(2026, 11, 29)), actor)
    rows = sum(pq.read_metadata(f).num_rows for f in store.files())
    assert rows > 1_900_000
    from analytics.query.engine import Engine
    from analytics.query.filters import Filters

    top = rankings.rankings(Engine(store), Filters()).iloc[0]
    account = f"{top['platform']}:{top['account_id']}"
    before = _every_page(store, account)
    files_before = store.files()

    result = ingest.optimize(store, actor)
    assert result.version == 2 and store.history()[0].action == "optimize"
    assert set(store.files()).isdisjoint(files_before)
    # The rows are the same, so the new version shares the rollup and the summary of the one before.
    assert rollup.segments(store.root, 2) == rollup.segments(store.root, 1)
    assert accounts.path(store.root, 2).read_bytes() == accounts.path(store.root, 1).read_bytes()
    _assert_same(before, _every_page(store, account))

    ingest.restore(store, 1, actor)
    assert store.version() == 3 and sorted(store.files()) == sorted(files_before)
    _assert_same(before, _every_page(store, account))
    assert sum(pq.read_metadata(f).num_rows for f in store.files(2)) == rows
