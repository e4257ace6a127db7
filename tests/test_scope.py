"""Scopes: one SQL condition on province, city and platform, applied by the engine to every source a query
reads, so that every view computes within the scope only; exact values against the raw sample."""

import duckdb
import pytest

from analytics.access.scope import NATIONAL, Scope
from analytics.errors import PermissionDenied, SettingError, UnscopedSourceError
from analytics.query.engine import Query, ScopedEngine, scoped
from analytics.query.filters import Filters
from analytics.views import account, overview, rankings

ZJ = Scope.make(provinces=["浙江"])


@pytest.fixture
def seeded_engine(sample_store):
    from analytics.query.engine import Engine

    return Engine(sample_store)

HZ = Scope.make(provinces=["浙江"], cities=["杭州"])


def test_make_checks_and_normalises():
    assert HZ == Scope((), ("浙江/杭州",), ())
    assert Scope.make(cities=["浙江/杭州", "广东/深圳"], platforms=["微博", "douyin"]).platforms == ("douyin", "weibo")
    with pytest.raises(SettingError):
        Scope.make(provinces=["浙江", "广东"], cities=["杭州"])
    with pytest.raises(SettingError):
        Scope.make(platforms=["myspace"])
    assert NATIONAL.national and not ZJ.national and ZJ.regional
    assert HZ.allows("浙江", "杭州", "weibo") and not HZ.allows("浙江", "宁波", "weibo") and not ZJ.allows("山西", "", "weibo")
    assert HZ.describe("zh") == "浙江/杭州" and ZJ.describe("en") == "浙江"


def test_every_source_of_a_query_is_narrowed():
    q = Query.make("SELECT * FROM read_parquet($files) a JOIN read_parquet($accounts) b USING (account_id) "
                   "UNION ALL SELECT * FROM read_parquet($rollup)", {"x": 1})
    s = scoped(q, ZJ)
    assert s.sql.count("list_contains($scope_provinces, province)") == 3 and "read_parquet($files) a" not in s.sql
    assert dict(s.params) == {"x": 1, "scope_provinces": ("浙江",)}
    assert scoped(q, NATIONAL) is q


@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_parquet($files, filename = true)",
    "SELECT * FROM read_parquet( $rollup )",
    "SELECT * FROM read_parquet($files) UNION ALL SELECT * FROM parquet_scan($accounts)",
    "SELECT len($files) AS n",
])
@pytest.mark.parametrize("scope", [ZJ, NATIONAL], ids=["zhejiang", "national"])
def test_a_source_the_scope_cannot_wrap_is_refused(seeded_engine, sql, scope):
    """Fails closed: a source named other than `read_parquet($name)` would be bound without the scope."""
    with pytest.raises(UnscopedSourceError) as caught:
        seeded_engine.with_scope(scope).run(Query.make(sql))
    assert "$" in caught.value.zh and "refused" in caught.value.en
    with pytest.raises(UnscopedSourceError):
        scoped(Query.make(sql), scope)


def test_a_scoped_reader_shares_the_engine_and_cannot_be_widened(seeded_engine):
    zj = seeded_engine.with_scope(ZJ)
    assert isinstance(zj, ScopedEngine) and zj.with_scope(ZJ) is zj and seeded_engine.with_scope(NATIONAL) is seeded_engine
    with pytest.raises(PermissionDenied):
        zj.with_scope(NATIONAL)
    with pytest.raises(PermissionDenied):
        zj.with_scope(Scope.make(provinces=["山西"]))
    zj.run(Query.make("SELECT count(*) AS n FROM read_parquet($rollup)"))
    assert any(ZJ.provinces[0] in str(key) for key in seeded_engine._cache)  # one cache, keyed by the scope


@pytest.mark.parametrize("scope, where", [(ZJ, "province = '浙江'"), (HZ, "province = '浙江' AND city = '杭州'"),
                                          (Scope.make(platforms=["douyin"]), "platform = 'douyin'")])
def test_kpis_are_those_of_the_scoped_rows(seeded_engine, scope, where):
    engine = seeded_engine.with_scope(scope)
    files = seeded_engine.store.files()
    last = duckdb.connect().execute(f"SELECT max(snapshot_date) FROM read_parquet($f) WHERE {where}", {"f": files}).fetchone()[0]
    want_accounts, want_followers = duckdb.connect().execute(
        f"SELECT count(*), sum(followers) FROM read_parquet($f) WHERE {where} AND snapshot_date = $d",
        {"f": files, "d": last}).fetchone()
    got = overview.kpis(engine, Filters()).set_index("metric")["current"]
    assert int(got["accounts"]) == want_accounts and int(got["followers"]) == want_followers


def test_a_filter_outside_the_scope_finds_nothing_and_an_account_outside_is_not_found(seeded_engine):
    engine = seeded_engine.with_scope(ZJ)
    assert rankings.rankings(engine, Filters(provinces=("山西",))).empty
    outside = duckdb.connect().execute("SELECT platform, account_id FROM read_parquet($f) WHERE province = '山西' LIMIT 1",
                                       {"f": seeded_engine.store.files()}).fetchone()
    assert account.profile(seeded_engine, *outside) is not None
    assert account.profile(engine, *outside) is None
    assert account.search(engine, outside[1], Filters()).empty


def test_scoped_results_never_reach_another_scope_through_the_cache(seeded_engine):
    national = rankings.rankings(seeded_engine, Filters())
    zj = rankings.rankings(seeded_engine.with_scope(ZJ), Filters())
    assert not national.equals(zj) and len(zj)
    assert rankings.rankings(seeded_engine, Filters()).equals(national)


def test_an_upload_with_rows_outside_the_scope_is_rejected_whole(sample_store):
    from factory import make_rows, parquet_bytes

    from analytics.access.roles import ANALYST, Actor
    from analytics.errors import PermissionDenied
    from analytics.store import ingest

    rows = make_rows(weeks=1, start=__import__("datetime").date(2026, 7, 1))
    rows["province"] = ["浙江", "山西", "山西", "浙江"][: len(rows)] + ["浙江"] * max(0, len(rows) - 4)
    before = sample_store.version()
    prepared = ingest.prepare(sample_store, "mixed.parquet", parquet_bytes(rows), scope=ZJ)
    assert not prepared.report.ok and prepared.rows is None
    problem = next(p for p in prepared.report.problems if p.code == "outside_scope")
    assert problem.count == (rows["province"] == "山西").sum() and "山西" in problem.text("en") and "山西" in problem.text("zh")
    inside = rows[rows["province"] == "浙江"]
    ok = ingest.prepare(sample_store, "zj.parquet", parquet_bytes(inside), scope=ZJ)
    assert ok.report.ok, ok.report.text("en")
    with pytest.raises(PermissionDenied):  # a national upload committed by a scoped analyst is refused too
        ingest.commit(sample_store, ingest.prepare(sample_store, "mixed.parquet", parquet_bytes(rows)), Actor("zj", ANALYST, ZJ))
    assert sample_store.version() == before
    ingest.commit(sample_store, ok, Actor("zj", ANALYST, ZJ))
    assert sample_store.version() == before + 1


def test_the_scope_of_nobody_sees_no_row(seeded_engine):
    from analytics.access.scope import NOTHING

    assert seeded_engine.has_data() and not seeded_engine.with_scope(NOTHING).has_data()


def _stored(store, where: str, n: int = 1):
    import duckdb

    return duckdb.connect().execute(f"SELECT * FROM read_parquet($f) WHERE {where} ORDER BY ALL LIMIT {n}",
                                    {"f": store.files()}).fetch_df()


def _latest(store):
    import duckdb

    return duckdb.connect().execute("SELECT max(snapshot_date) FROM read_parquet($f)", {"f": store.files()}).fetchall()[0][0]


def test_a_scoped_upload_cannot_replace_or_take_over_another_regions_rows(sample_store):
    """A 浙江 analyst relabels a stored 北京 row as 浙江 (same key), or adds a later week to a 北京 account:
    both would change what 北京 sees. The file is refused whole, naming only its own row numbers."""
    import datetime as dt

    import pandas as pd
    from factory import parquet_bytes

    from analytics.access.roles import ANALYST, Actor
    from analytics.store import ingest

    beijing = _stored(sample_store, "province = '北京'", 1)
    own = _stored(sample_store, "province = '浙江'", 1)
    name = beijing["account_name"][0]
    before = sample_store.version()
    replace = beijing.assign(province="浙江", city="杭州")
    take_over = beijing.assign(province="浙江", city="杭州", snapshot_date=pd.Timestamp(_latest(sample_store) + dt.timedelta(days=7)))
    for label, foreign in (("replace", replace), ("take over", take_over)):
        rows = pd.concat([own.assign(followers=own["followers"] + 1), foreign], ignore_index=True)
        prepared = ingest.prepare(sample_store, "zj.parquet", parquet_bytes(rows), scope=ZJ)
        assert not prepared.report.ok and prepared.rows is None, label
        problem = next(p for p in prepared.report.problems if p.code == "foreign_rows")
        assert problem.rows == (2,) and problem.count == 1, label
        for lang in ("zh", "en"):
            text = prepared.report.text(lang)
            assert "北京" not in text and name not in text and "Beijing" not in text, (label, text)
        assert prepared.report.impact is None or prepared.report.impact.rows_replaced == 0
    assert sample_store.version() == before
    assert _stored(sample_store, f"account_id = '{beijing['account_id'][0]}'", 1)["province"][0] == "北京"
    inside = ingest.prepare(sample_store, "zj.parquet", parquet_bytes(own.assign(followers=own["followers"] + 1)), scope=ZJ)
    assert inside.report.ok, inside.report.text("en")
    assert ingest.commit(sample_store, inside, Actor("zj", ANALYST, ZJ)).version == before + 1


def test_the_scope_is_checked_again_against_the_rows_stored_at_commit(sample_store):
    """Checked against version N, confirmed after a national analyst made the account 北京's in N+1: the
    commit checks under the write lock and refuses."""
    import datetime as dt

    from factory import make_rows, parquet_bytes

    from analytics.access.roles import ANALYST, Actor
    from analytics.store import ingest

    week = _latest(sample_store) + dt.timedelta(days=7)
    rows = make_rows(weeks=1, start=week)
    rows["province"], rows["city"] = "浙江", "杭州"
    mine = ingest.prepare(sample_store, "zj.parquet", parquet_bytes(rows), scope=ZJ)
    assert mine.report.ok, mine.report.text("en")
    earlier = rows.assign(province="北京", city="北京", snapshot_date=week - dt.timedelta(days=7))
    theirs = ingest.prepare(sample_store, "bj.parquet", parquet_bytes(earlier))
    ingest.commit(sample_store, theirs, Actor("national", ANALYST))
    before = sample_store.version()
    with pytest.raises(PermissionDenied):
        ingest.commit(sample_store, mine, Actor("zj", ANALYST, ZJ))
    assert sample_store.version() == before
