"""Upsert, no-op, restore and history semantics of the versioned store, and its behaviour under stress."""

import datetime as dt
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import duckdb
import pyarrow as pa
import pytest
from factory import make_rows, parquet_bytes, write_parquet

from analytics.access.roles import ANALYST, Actor
from analytics.errors import StoreError
from analytics.store import ingest, staging
from analytics.store.table import Store


def add(store, df, name="w.parquet", user="analyst"):
    prepared = ingest.prepare(store, name, parquet_bytes(df))
    assert prepared.report.ok, prepared.report.text("en")
    return prepared, ingest.commit(store, prepared, Actor(user, ANALYST))


def rows_of(store, version=None):
    con = duckdb.connect()
    return con.execute("SELECT * FROM read_parquet($f) ORDER BY snapshot_date, platform, account_id",
                       {"f": store.files(version)}).df()


def test_first_commit_creates_version_0_with_metadata(store):
    prepared, result = add(store, make_rows(), name="week1.parquet")
    assert result.version == 0 and result.rows_added == 8 and result.rows_replaced == 0
    (info,) = store.history()
    assert (info.version, info.action, info.user, info.source) == (0, "ingest", "analyst", "week1.parquet")
    assert info.sha256 == prepared.report.sha256 and info.rows_added == 8
    assert len(rows_of(store)) == 8


def test_upsert_replaces_existing_keys_and_appends_new(store):
    add(store, make_rows(weeks=2))
    changed = make_rows(weeks=3)
    changed.loc[changed["snapshot_date"] == dt.date(2024, 1, 10), "followers"] = 7
    prepared, result = add(store, changed, name="fix.parquet")
    assert prepared.report.impact.rows_new == 4
    assert prepared.report.impact.rows_replaced == 4
    assert prepared.report.impact.rows_unchanged == 4
    assert (result.version, result.rows_added, result.rows_replaced) == (1, 4, 4)
    stored = rows_of(store)
    assert len(stored) == 12
    assert set(stored.loc[stored["snapshot_date"] == "2024-01-10", "followers"]) == {7}
    assert store.history()[0].rows_replaced == 4


def test_same_file_twice_is_a_noop(store):
    add(store, make_rows())
    prepared, result = add(store, make_rows())
    assert prepared.report.already_committed_in == 0 and prepared.report.nothing_to_do
    assert result.nothing_to_do and store.version() == 0


def test_identical_rows_in_another_file_write_nothing(store):
    add(store, make_rows())
    df = make_rows()
    df["remark"] = "a different file, the same rows"
    prepared, result = add(store, df)
    assert prepared.report.already_committed_in is None
    assert prepared.report.impact.rows_unchanged == 8 and prepared.report.nothing_to_do
    assert result.nothing_to_do and store.version() == 0


def test_accounts_new_and_changed(store):
    add(store, make_rows(weeks=1))
    df = make_rows(weeks=1, start=dt.date(2024, 1, 10))
    df.loc[df["account_id"] == "1001", "account_name"] = "杭州公安"
    extra = make_rows(weeks=1, start=dt.date(2024, 1, 10),
                      accounts=[("kuaishou", "k9", "新账号", "浙江", "宁波", "county", "教育")])
    prepared = ingest.prepare(store, "w.parquet", parquet_bytes(pa.concat_tables(
        [pa.Table.from_pandas(df, preserve_index=False), pa.Table.from_pandas(extra, preserve_index=False)],
        promote_options="permissive")))
    assert prepared.report.impact.accounts_new == 1
    assert prepared.report.impact.accounts_changed == 1


def test_zero_row_file_is_nothing_to_do(store):
    prepared = ingest.prepare(store, "empty.parquet", parquet_bytes(make_rows().iloc[0:0]))
    assert prepared.report.ok and prepared.report.nothing_to_do
    assert ingest.commit(store, prepared, Actor("a", ANALYST)).nothing_to_do and not store.exists()


def test_rejected_file_changes_nothing(store):
    add(store, make_rows())
    before = sorted(os.listdir(store.table_path))
    bad = make_rows()
    bad["likes"] = -1
    prepared = ingest.prepare(store, "bad.parquet", parquet_bytes(bad))
    assert not prepared.report.ok and not prepared.committable
    assert ingest.commit(store, prepared, Actor("a", ANALYST)).nothing_to_do
    assert sorted(os.listdir(store.table_path)) == before and store.version() == 0


def test_restore_commits_old_state_as_new_version(store):
    add(store, make_rows(weeks=1))
    add(store, make_rows(weeks=2))
    assert len(rows_of(store)) == 8
    result = store.restore(0, user="lead")
    assert result.version == 2 and len(rows_of(store)) == 4
    head = store.history()[0]
    assert (head.action, head.user, head.restored_from) == ("restore", "lead", 0)
    assert len(rows_of(store, 1)) == 8  # history is kept


def test_restore_rejects_unknown_versions(store):
    add(store, make_rows())
    with pytest.raises(StoreError):
        store.restore(5, user="x")
    with pytest.raises(StoreError):
        store.restore(-1, user="x")


def test_file_rolled_back_can_be_ingested_again(store):
    add(store, make_rows(weeks=1), name="a.parquet")
    second = make_rows(weeks=2)
    add(store, second, name="b.parquet")
    store.restore(0, user="lead")
    prepared, result = add(store, second, name="b.parquet")
    assert prepared.report.already_committed_in is None
    assert result.version == 3 and len(rows_of(store)) == 8


def test_commit_hook_runs_after_commit_and_restore(store):
    seen = []
    store.on_commit(lambda s, v, changed: seen.append((v, changed)))
    add(store, make_rows(weeks=1))
    add(store, make_rows(weeks=2))
    store.restore(0, user="x")
    assert seen == [(0, (dt.date(2024, 1, 3), dt.date(2024, 1, 3))), (1, (dt.date(2024, 1, 10), dt.date(2024, 1, 10))),
                    (2, None)]


def _ingest_in_process(data_dir, path, user, queue):
    from analytics.access.roles import Actor as A
    from analytics.store import ingest as ing
    from analytics.store.table import Store as S

    s = S(data_dir)
    try:
        p = ing.prepare(s, os.path.basename(path), open(path, "rb").read())
        queue.put(("ok", ing.commit(s, p, A(user, "analyst")).version))
    except Exception as exc:  # reported to the parent, which asserts on it
        queue.put(("error", repr(exc)))


@pytest.mark.slow
def test_two_processes_ingesting_at_once_both_land(store, tmp_path):
    add(store, make_rows(weeks=1))
    files = []
    for i in range(4):
        df = make_rows(weeks=1, start=dt.date(2024, 2, 7) + dt.timedelta(days=7 * i))
        files.append(write_parquet(tmp_path / f"w{i}.parquet", df))
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_ingest_in_process, args=(str(store.root), str(f), f"u{i}", queue))
             for i, f in enumerate(files)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    results = [queue.get(timeout=5) for _ in procs]
    assert all(kind == "ok" for kind, _ in results), results
    assert sorted(v for _, v in results) == [1, 2, 3, 4]
    assert len(rows_of(store)) == 4 * 5
    assert {h.user for h in store.history()} == {"analyst", "u0", "u1", "u2", "u3"}


@pytest.mark.slow
def test_killed_commit_leaves_last_version_readable(store, tmp_path):
    add(store, make_rows(weeks=1))
    big = make_rows(weeks=1, start=dt.date(2024, 3, 6),
                    accounts=[("weibo", str(i), f"账号{i}", "浙江", None, "county", "公安") for i in range(200_000)])
    path = write_parquet(tmp_path / "big.parquet", big)
    code = ("import sys; from analytics.store import ingest; from analytics.store.table import Store; s = Store(sys.argv[1]); "
            "p = ingest.prepare(s, 'big.parquet', open(sys.argv[2], 'rb').read()); print('committing', flush=True); "
            "from analytics.access.roles import Actor; ingest.commit(s, p, Actor('k', 'analyst'))")
    for delay in (0.0, 0.3, 0.8):
        proc = subprocess.Popen([sys.executable, "-c", code, str(store.root), str(path)], stdout=subprocess.PIPE,
                                cwd=os.path.dirname(os.path.dirname(__file__)), text=True)
        assert proc.stdout.readline().strip() == "committing"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        version = Store(store.root).version()
        rows = rows_of(Store(store.root))
        assert len(rows) in (4, 4 + 200_000)
        assert version in (0, 1)
        if version == 1:
            break
    prepared, result = add(store, make_rows(weeks=2))
    assert result.version is not None and store.version() == result.version


def test_checked_uploads_wait_on_disk_until_committed_or_discarded(tmp_path):
    store = Store(tmp_path / "data")
    folder = store.root / staging.STAGING_DIR
    rejected = ingest.prepare(store, "bad.parquet", parquet_bytes(make_rows(platform="火星")))
    assert rejected.rows is None and list(folder.glob("*.parquet")) == []
    kept = ingest.prepare(store, "a.parquet", parquet_bytes(make_rows(weeks=1)))
    dropped = ingest.prepare(store, "b.parquet", parquet_bytes(make_rows(weeks=2)))
    assert sorted(folder.glob("*.parquet")) == sorted([kept.rows, dropped.rows])
    dropped.discard()
    assert dropped.rows is None and not dropped.committable
    ingest.commit(store, kept, Actor("t", ANALYST))
    assert list(folder.glob("*.parquet")) == [] and store.version() == 0


def test_a_staged_file_left_by_a_vanished_session_is_removed_a_day_later(tmp_path):
    store = Store(tmp_path / "data")
    old = ingest.prepare(store, "a.parquet", parquet_bytes(make_rows(weeks=1))).rows
    recent = ingest.prepare(store, "b.parquet", parquet_bytes(make_rows(weeks=2))).rows
    stale = time.time() - staging.STALE_AFTER_S - 60
    os.utime(old, (stale, stale))
    staging.new_file(store.root)
    assert not old.exists() and recent.exists()



def test_version_is_reread_after_every_commit_even_when_the_listing_is_reused(tmp_path):
    writer, reader = Store(tmp_path / "data"), Store(tmp_path / "data")
    add(writer, make_rows(weeks=1), "a.parquet")
    log = reader.table_path / "_delta_log"
    long_ago = time.time() - 3600
    os.utime(log, (long_ago, long_ago))  # an old, unchanged directory: its listing is reused
    assert reader.version() == 0 and reader.version() == 0
    add(writer, make_rows(weeks=2), "b.parquet")
    assert reader.version() == 1


def _summary_rows(path):
    return duckdb.connect().execute("SELECT * FROM read_parquet($p) ORDER BY platform, account_id",
                                    {"p": str(path)}).fetchall()


def test_account_summary_kept_by_each_commit_equals_one_built_from_every_row(tmp_path):
    from analytics.store import accounts

    store = Store(tmp_path / "data")
    add(store, make_rows(weeks=2), "a.parquet")
    later = make_rows(weeks=1, start=dt.date(2024, 1, 17))
    later.loc[0, "account_name"] = "新名字"  # a rename in the newest week
    add(store, later, "b.parquet")
    old_fix = make_rows(weeks=1)
    old_fix.loc[1, "account_name"] = "旧周更正"  # a correction of an old week leaves the latest name alone
    old_fix.loc[1, "followers"] = 1
    add(store, old_fix, "c.parquet")
    store.restore(1, user="t")
    for version in range(store.version() + 1):
        kept = accounts.path(store.root, version)
        if not kept.exists():
            continue
        rebuilt = accounts.build(tmp_path / f"scratch{version}", version, store.files(version))
        assert _summary_rows(kept) == _summary_rows(rebuilt), version
    con = duckdb.connect()
    latest = con.execute("SELECT account_name, names, last_post FROM read_parquet($p) WHERE account_id = $a",
                         {"p": str(accounts.path(store.root, 2)), "a": later.loc[0, "account_id"]}).fetchall()[0]
    assert latest[0] == "新名字" and latest[1].split(accounts.NAME_SEPARATOR) == sorted([make_rows().loc[0, "account_name"], "新名字"])
    assert latest[2] == dt.date(2024, 1, 17)
    fixed = con.execute("SELECT account_name, names FROM read_parquet($p) WHERE account_id = $a",
                        {"p": str(accounts.path(store.root, 2)), "a": old_fix.loc[1, "account_id"]}).fetchall()[0]
    assert fixed[0] != "旧周更正" and "旧周更正" in fixed[1].split(accounts.NAME_SEPARATOR)


def test_a_summary_written_by_an_earlier_release_is_rebuilt_not_merged(tmp_path):
    from analytics.store import accounts

    store = Store(tmp_path / "data")
    add(store, make_rows(weeks=2), "a.parquet")
    old = accounts.path(store.root, 0)
    duckdb.connect().execute(f"COPY (SELECT platform, account_id, first_seen, last_seen, account_name FROM "
                             f"read_parquet('{old}')) TO '{old}.tmp' (FORMAT parquet)")
    os.replace(f"{old}.tmp", old)
    assert not accounts.current(old)
    add(store, make_rows(weeks=1, start=dt.date(2024, 1, 17)), "b.parquet")
    rebuilt = accounts.build(tmp_path / "scratch", 1, store.files(1))
    assert _summary_rows(accounts.path(store.root, 1)) == _summary_rows(rebuilt)
    assert accounts.current(accounts.ensure(store.root, 0, store.files(0)))
