"""The engine: bound parameters, results cached per version, new versions seen at once, many threads."""

import datetime as dt
import threading

import pytest
from factory import make_rows, parquet_bytes

from analytics.access.roles import ANALYST, Actor
from analytics.errors import StoreError
from analytics.query.engine import Engine, Query, where
from analytics.query.filters import Filters
from analytics.store import ingest, rollup
from analytics.views import trends


def commit(store, df, name):
    return ingest.commit(store, ingest.prepare(store, name, parquet_bytes(df)), Actor("t", ANALYST))


@pytest.mark.parametrize("f, sql, params", [
    (Filters(), "TRUE", {}),
    (Filters(start=dt.date(2024, 1, 1)), "snapshot_date >= $start", {"start": dt.date(2024, 1, 1)}),
    (Filters(provinces=("浙江",), platforms=("weibo", "douyin")),
     "list_contains($provinces, province) AND list_contains($platforms, platform)",
     {"provinces": ["浙江"], "platforms": ["weibo", "douyin"]}),
])
def test_where_binds_values(f, sql, params):
    assert where(f) == (sql, params)


def test_new_version_is_seen_without_restart(store):
    commit(store, make_rows(weeks=1), "a.parquet")
    engine = Engine(store)
    f = Filters(granularity="week", metric="posts")
    assert len(trends.trend(engine, f)) == 1
    commit(store, make_rows(weeks=2), "b.parquet")
    assert len(trends.trend(engine, f)) == 2
    store.restore(0, user="t")
    assert len(trends.trend(engine, f)) == 1


def test_results_are_cached_per_version_and_copies(store):
    commit(store, make_rows(), "a.parquet")
    engine = Engine(store)
    q = Query.make("SELECT count(*) AS n FROM read_parquet($files) WHERE platform = $p", {"p": "weibo"})
    first = engine.run(q)
    first.loc[0, "n"] = -1  # callers cannot corrupt the cache
    calls = []
    original = engine._execute
    engine._execute = lambda *a: calls.append(a) or original(*a)
    assert engine.run(q)["n"].iloc[0] == 4 and calls == []


def test_cache_is_bounded(store):
    commit(store, make_rows(), "a.parquet")
    engine = Engine(store, cache_entries=2)
    for i in range(5):
        engine.run(Query.make("SELECT $i AS i", {"i": i}))
    assert len(engine._cache) == 2


def test_a_burst_of_queries_from_one_session_replaces_only_its_own_results(store, monkeypatch):
    """With 8 entries and a 25 % share, one session's 50 new queries keep at most 2 of its results and
    every other session's stay; a result another session also used is shared and no longer counts."""
    monkeypatch.setenv("GOVMEDIA_CACHE_SESSION_PERCENT", "25")
    commit(store, make_rows(), "a.parquet")
    engine = Engine(store, cache_entries=8)
    alice, bob = engine.with_scope(engine.scope, owner="alice"), engine.with_scope(engine.scope, owner="bob")
    mine = [Query.make("SELECT $i AS alice", {"i": i}) for i in range(2)]
    both = Query.make("SELECT 'both' AS both")
    alice.run(both)
    bob.run(both)  # now shared: it no longer counts against alice
    for q in mine:
        alice.run(q)
    for i in range(50):
        bob.run(Query.make("SELECT $i AS bob", {"i": i}))
    calls = []
    original = engine._execute
    engine._execute = lambda *a: calls.append(a) or original(*a)
    for q in [*mine, both]:
        alice.run(q)
    assert calls == []  # alice's results and the shared one survived bob's burst
    assert len(engine._owned["bob"]) == 2 and len(engine._cache) <= 8
    bob.run(Query.make("SELECT 49 AS bob_again"))
    assert len(engine._owned["bob"]) == 2


def test_empty_store_is_a_clear_error(store):
    with pytest.raises(StoreError) as err:
        Engine(store).run(Query.make("SELECT 1"))
    assert "ingest" in err.value.en or "import" in err.value.en


def test_rollup_is_rebuilt_when_missing(store):
    commit(store, make_rows(), "a.parquet")
    rollup.manifest(store.root, 0).unlink()
    df = trends.trend(Engine(store), Filters(metric="followers"))
    assert len(df) == 1 and rollup.segments(store.root, 0)


def test_old_rollups_are_pruned(store):
    for i in range(5):
        commit(store, make_rows(weeks=i + 1), f"w{i}.parquet")
    folder = store.root / rollup.ROLLUP_DIR
    assert sorted(p.name for p in folder.glob("v*.json")) == ["v00000002.json", "v00000003.json", "v00000004.json"]
    used = {rollup.grain_file(name, suffix) for v in (2, 3, 4) for name in (rollup.segments(store.root, v) or [])
            for suffix in ("", *(g for g, _ in rollup.GRAINS))}
    assert {str(p) for p in folder.glob("s*.parquet")} == used


def test_many_threads_share_one_engine(small_engine):
    small_engine.clear()
    errors, results = [], []

    def work(i):
        try:
            f = Filters(granularity=("week", "month", "quarter", "half", "year")[i % 5], metric="reads")
            results.append(trends.trend(small_engine, f)["value"].sum())
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 16 and set(results) == {174025.0}


def test_incremental_rollup_equals_a_full_rebuild(store, tmp_path):
    import duckdb

    weeks = make_rows(weeks=20, start=dt.date(2024, 1, 3))
    weeks.loc[weeks["account_id"] == "gh_a1", "posts"] = 0  # dormant: exercises the 90-day window
    commit(store, weeks[weeks["snapshot_date"] < dt.date(2024, 5, 1)], "old.parquet")
    commit(store, weeks[weeks["snapshot_date"] >= dt.date(2024, 5, 1)], "new.parquet")
    incremental = rollup.segments(store.root, 1)
    assert len(incremental) == 2  # the first version's segment, and one for the new dates
    full = rollup.build(tmp_path / "full", 1, store.files(1))
    q = "SELECT * FROM read_parquet($p) ORDER BY ALL"
    con = duckdb.connect()
    assert con.execute(q, {"p": incremental}).fetchall() == con.execute(q, {"p": full}).fetchall()
    dormant = con.execute("SELECT sum(dormant) FROM read_parquet($p) WHERE snapshot_date = '2024-05-15'",
                          {"p": incremental}).fetchone()[0]
    assert dormant == 1


def test_correcting_an_old_week_rebuilds_the_rollup(store):
    import duckdb

    commit(store, make_rows(weeks=3), "a.parquet")
    fix = make_rows(weeks=1)
    fix["followers"] = 1
    commit(store, fix, "fix.parquet")
    got = duckdb.connect().execute("SELECT sum(followers) FROM read_parquet($p) WHERE snapshot_date = '2024-01-03'",
                                   {"p": rollup.segments(store.root, 1)}).fetchone()[0]
    assert got == 4


def test_filter_choices_are_worked_out_once_per_version(store):
    from analytics.query import catalog

    commit(store, make_rows(weeks=1), "a.parquet")
    engine = Engine(store)
    calls = []
    original = engine._execute
    engine._execute = lambda *a: calls.append(a) or original(*a)
    first = catalog.choices(engine)
    assert catalog.choices(engine) is first and len(calls) == 1
    assert first.known["province"] == sorted(set(make_rows()["province"]))
    commit(store, make_rows(weeks=2).assign(city="宁波", province="浙江"), "b.parquet")
    again = catalog.choices(engine)
    assert again is not first and again.cities["浙江"] == ["宁波"] and len(calls) == 2


@pytest.mark.parametrize("sql, suffix", [
    ("SELECT sum(accounts) FROM read_parquet($rollup)", "p"),
    ("SELECT province, sum(reads) FROM read_parquet($rollup) WHERE list_contains($levels, level) GROUP BY ALL", "pl"),
    ("SELECT sector, sum(reads) FROM read_parquet($rollup) GROUP BY ALL", "ps"),
    ("SELECT level, sector, sum(reads) FROM read_parquet($rollup) GROUP BY ALL", "pls"),
    ("SELECT city, sum(reads) FROM read_parquet($rollup) GROUP BY ALL", ""),
])
def test_a_query_reads_the_smallest_grain_holding_its_dimensions(sql, suffix):
    assert rollup.grain(sql) == suffix


def test_every_grain_adds_up_to_the_full_grain(store):
    import duckdb

    commit(store, make_rows(weeks=6), "a.parquet")
    segments = rollup.segments(store.root, 0)
    con = duckdb.connect()
    measures = "sum(accounts), sum(active_accounts), sum(compliant), sum(dormant), sum(followers), sum(interactions)"
    for suffix, kept in rollup.GRAINS:
        dims = ", ".join(("snapshot_date", "platform", "province", *kept))
        q = f"SELECT {dims}, {measures} FROM read_parquet($p) GROUP BY ALL ORDER BY ALL"
        files = [rollup.grain_file(s, suffix) for s in segments]
        assert con.execute(q, {"p": files}).fetchall() == con.execute(q, {"p": segments}).fetchall()
        assert con.execute("SELECT count(*) FROM read_parquet($p)", {"p": files}).fetchone()[0] \
            == con.execute(f"SELECT count(*) FROM (SELECT DISTINCT {dims} FROM read_parquet($p))", {"p": segments}).fetchone()[0]


def test_weekly_segments_are_merged_and_still_equal_a_full_rebuild(store, tmp_path):
    import duckdb

    weeks = make_rows(weeks=rollup.MAX_SEGMENTS + 3, start=dt.date(2024, 1, 3))
    dates = sorted(weeks["snapshot_date"].unique())
    for i, day in enumerate(dates):
        commit(store, weeks[weeks["snapshot_date"] == day], f"w{i}.parquet")
    last = len(dates) - 1
    kept = rollup.segments(store.root, last)
    assert 1 <= len(kept) <= rollup.MAX_SEGMENTS
    full = rollup.build(tmp_path / "full", last, store.files(last))
    con = duckdb.connect()
    for suffix in ("", *(g for g, _ in rollup.GRAINS)):
        q = "SELECT * FROM read_parquet($p) ORDER BY ALL"
        assert con.execute(q, {"p": [rollup.grain_file(f, suffix) for f in kept]}).fetchall() \
            == con.execute(q, {"p": [rollup.grain_file(f, suffix) for f in full]}).fetchall()


def test_a_rebuild_in_runs_of_dates_equals_one_in_a_single_run(store, tmp_path, monkeypatch):
    import duckdb

    weeks = make_rows(weeks=30, start=dt.date(2024, 1, 3))
    weeks.loc[weeks["account_id"] == "gh_a1", "posts"] = 0  # dormant across run boundaries
    commit(store, weeks, "all.parquet")
    whole = rollup.build(tmp_path / "whole", 0, store.files(0))
    monkeypatch.setattr(rollup, "CHUNK_ROWS", len(weeks) // 30 * 4)  # runs of four weeks
    runs = rollup.build(tmp_path / "runs", 0, store.files(0))
    assert len(whole) == 1 and len(runs) == 8
    q = "SELECT * FROM read_parquet($p) ORDER BY ALL"
    con = duckdb.connect()
    assert con.execute(q, {"p": runs}).fetchall() == con.execute(q, {"p": whole}).fetchall()
