"""Faults a server room has, tried on the store: a killed writer at every step of a commit, a torn commit
file, flipped bits and truncated files, two processes rebuilding at once, a full disk. After each, no
committed row is lost, no partial version is visible, the report tells the truth, `verify` names the
damage, and reading either works or says exactly what is wrong."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pandas as pd
import pytest
import views_data
from factory import parquet_bytes

from analytics.access import audit
from analytics.access.roles import ADMIN, ANALYST, Actor
from analytics.actions import data as actions
from analytics.actions.base import Caller
from analytics.cli import main
from analytics.errors import StoreError
from analytics.query.engine import Engine, Query
from analytics.store import accounts, derived, ingest, rollup, verify
from analytics.store.table import Store

ROOT = Path(__file__).resolve().parent.parent
TOTALS = Query.make("SELECT count(*) AS n, sum(followers) AS f FROM read_parquet($rollup)")
ROWS = Query.make("SELECT count(*) AS n, sum(followers) AS f FROM read_parquet($files)")
WHO = Actor("王分析", ANALYST)
CHILD_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _week() -> pd.DataFrame:
    """The last week of the small data set again, a week later: an append (the weekly upload)."""
    df = views_data.frame()
    last = df[df["snapshot_date"] == df["snapshot_date"].max()].copy()
    last["snapshot_date"] = last["snapshot_date"] + dt.timedelta(days=7)
    last["followers"] = last["followers"] + 5
    return last


def _commit(store: Store, df: pd.DataFrame, name: str):
    prepared = ingest.prepare(store, name, parquet_bytes(df))
    assert prepared.report.ok, prepared.report.text("en")
    return ingest.commit(store, prepared, WHO)


@pytest.fixture
def small(small_engine, tmp_path) -> Store:
    """A private copy of the session's small store (views_data, one version), safe to damage."""
    root = tmp_path / "data"
    shutil.copytree(small_engine.store.root, root)
    return Store(root)


def _totals(root: Path) -> tuple[int, float]:
    df = Engine(Store(root)).execute(TOTALS, Store(root).version())
    return int(df["n"].iloc[0]), float(df["f"].iloc[0])


def _flip(path: Path, at: float = 0.5) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * at)] ^= 0x10
    path.write_bytes(bytes(data))


def _truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def _verify_json(root: Path, *extra: str, capsys) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["verify", "--data-dir", str(root), "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


# -- a killed writer --------------------------------------------------------------------------------------

_CHILD = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    import pandas as pd
    from analytics.access.roles import ANALYST, Actor
    from analytics.store import ingest
    from analytics.store.table import Store

    kill_at = int(sys.argv[2])
    store = Store(sys.argv[1])
    prepared = ingest.prepare(store, "week.parquet", Path(sys.argv[3]).read_bytes())
    assert prepared.report.ok
    steps = [0]

    def counted(real):
        def step(*args, **kwargs):
            steps[0] += 1
            if steps[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return step

    os.fsync, os.replace, os.rename = counted(os.fsync), counted(os.replace), counted(os.rename)
    ingest.commit(store, prepared, Actor("kill", ANALYST))
    print("steps", steps[0])
""")


@pytest.mark.slow
def test_a_writer_killed_at_any_step_of_a_commit_loses_nothing_and_shows_no_partial_version(small, tmp_path, capsys):
    """kill -9 before each sync and each rename of a commit (the data file, the commit, checksums, every
    derived file): the table is at the old version with its rows, or at the new one with all of them."""
    week = tmp_path / "week.parquet"
    week.write_bytes(parquet_bytes(_week()))
    script = tmp_path / "child.py"
    script.write_text(_CHILD.format(tests=str(ROOT / "tests")))
    before = _totals(small.root)
    added = len(_week())
    step, outcomes = 1, []
    while True:
        root = tmp_path / f"k{step}"
        shutil.copytree(small.root, root)
        run = subprocess.run([sys.executable, str(script), str(root), str(step), str(week)], capture_output=True,
                             text=True, cwd=ROOT, env=CHILD_ENV, timeout=120)
        store = Store(root)
        version = store.version()
        if run.returncode == 0:
            assert version == 1
            total_steps = int(run.stdout.split()[-1])
            break
        assert run.returncode == -9, run.stderr
        assert version in (0, 1), step
        rows = Engine(store).execute(ROWS, version)
        assert int(rows["n"].iloc[0]) == before[0] + (added if version == 1 else 0), step
        # The pages read the rollup: whatever the kill left, it is the rows' numbers (rebuilt when needed).
        assert _totals(root) == (before[0] + (added if version == 1 else 0), pytest.approx(rows["f"].iloc[0])), step
        code, found = _verify_json(root, capsys=capsys)
        assert code == 0, (step, found)
        outcomes.append(version)
        step += 1
    assert total_steps == step - 1 and total_steps >= 10
    assert 0 in outcomes and 1 in outcomes  # killed both before and after the commit landed


# -- a torn commit file -----------------------------------------------------------------------------------

def test_a_torn_last_commit_file_leaves_the_table_at_the_last_complete_version_and_repair_sets_it_aside(small, capsys):
    before = _totals(small.root)
    _commit(small, _week(), "week.parquet")
    commit = small.table_path / "_delta_log" / f"{1:020d}.json"
    _truncate(commit, 0.6)
    store = Store(small.root)
    assert store.version() == 0
    assert [h.version for h in store.history()] == [0]
    assert _totals(small.root) == before
    assert main(["versions", "--data-dir", str(small.root), "--json"]) == 0
    assert main(["stats", "--data-dir", str(small.root), "--json"]) == 0
    with pytest.raises(StoreError, match="torn commit file") as refused:
        _commit(store, _week(), "week again.parquet")
    assert "verify --repair" in refused.value.zh
    code, found = _verify_json(small.root, capsys=capsys)
    assert code == 1 and [p["file"] for p in found["problems"]] == [f"snapshots/_delta_log/{commit.name}"]
    assert "torn" in found["problems"][0]["en"]
    torn_bytes = commit.read_bytes()
    code, found = _verify_json(small.root, "--repair", capsys=capsys)
    assert code == 0 and found["problems"] == [] and "aside" in found["repaired"][0]
    kept = list((small.table_path / "_govmedia_torn").iterdir())
    assert [k.read_bytes() for k in kept] == [torn_bytes] and not commit.exists()
    result = _commit(Store(small.root), _week(), "week again.parquet")
    assert result.version == 1 and _totals(small.root)[0] == before[0] + len(_week())


# -- damaged files ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("damage", [_truncate, _flip])
def test_a_damaged_rollup_file_is_set_aside_and_rebuilt_with_the_same_numbers(small, damage, capsys):
    before = _totals(small.root)
    segment = Path(rollup.segments(small.root, 0)[0])
    damage(segment)
    code, found = _verify_json(small.root, capsys=capsys)
    assert code == 1 and any(p["file"] == f"rollup/{segment.name}" for p in found["problems"]), found
    if damage is _truncate:
        # A reader meets it unreadable: set aside, rebuilt once, the same numbers.
        assert _totals(small.root) == before
        assert [i["what"] for i in derived.incidents(small.root)][:1] == ["set_aside"]
    else:
        assert main(["verify", "--data-dir", str(small.root), "--repair"]) == 0
        assert _totals(small.root) == before
    assert list((small.root / derived.DAMAGED_DIR).iterdir())  # kept for inspection
    assert _verify_json(small.root, capsys=capsys)[0] == 0


def test_a_damaged_account_summary_is_rebuilt(small, capsys):
    summary = accounts.path(small.root, 0)
    _flip(summary, 0.3)
    code, found = _verify_json(small.root, capsys=capsys)
    assert code == 1 and found["problems"][0]["file"] == f"accounts/{summary.name}"
    assert main(["verify", "--data-dir", str(small.root), "--repair"]) == 0
    assert _verify_json(small.root, capsys=capsys)[0] == 0


@pytest.mark.parametrize("damage", [_truncate, _flip])
def test_a_damaged_data_file_is_named_by_verify_and_a_reader_gets_a_clear_message(small, damage, capsys):
    data = Path(small.files(0)[0].removeprefix("file://"))
    damage(data, 0.5)
    code, found = _verify_json(small.root, capsys=capsys)
    assert code == 1
    assert [(p["file"], p["version"]) for p in found["problems"]] == [(f"snapshots/{data.name}", 0)]
    assert "restore-backup" in found["problems"][0]["fix_en"]
    if damage is _truncate:
        with pytest.raises(StoreError) as caught:
            Engine(Store(small.root)).execute(ROWS, 0)
        assert data.name in caught.value.en and data.name in caught.value.zh and "verify" in caught.value.en


def test_the_overview_page_names_a_damaged_data_file_without_a_traceback(app_env):
    from apptest import open_app

    root = app_env.root
    store = Store(root)
    rollup_files = rollup.files_of(rollup.segments(root, store.version()))
    for f in rollup_files:
        f.unlink()  # the page must read the rows to rebuild them, and meets the damaged file
    data = Path(store.files()[0].removeprefix("file://"))
    _truncate(data)
    at = open_app(page="overview")
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert data.name in shown and "verify" in shown


# -- two processes, two writers ---------------------------------------------------------------------------

_READER = textwrap.dedent("""
    import sys
    from analytics.query.engine import Engine, Query
    from analytics.store.table import Store
    store = Store(sys.argv[1])
    df = Engine(store).execute(Query.make("SELECT count(*) AS n FROM read_parquet($rollup)"), store.version())
    print(int(df["n"].iloc[0]))
""")


@pytest.mark.slow
def test_two_processes_meeting_a_missing_rollup_build_it_once_and_both_read(small, tmp_path):
    expected = _totals(small.root)[0]
    manifest = rollup.manifest(small.root, 0)
    for f in rollup.files_of(rollup.segments(small.root, 0)):
        f.unlink()
    manifest.unlink()
    script = tmp_path / "reader.py"
    script.write_text(_READER)
    runs = [subprocess.Popen([sys.executable, str(script), str(small.root)], cwd=ROOT, env=CHILD_ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], [e for _, e in outs]
    assert [int(o.split()[-1]) for o, _ in outs] == [expected, expected]
    rebuilt = [i for i in derived.incidents(small.root) if i["what"] == "rebuilt" and i.get("table") == "rollup"]
    assert len(rebuilt) == 1  # the second waited for the first and used its files
    assert _totals(small.root)[0] == expected and not rollup.unsound(rollup.segments(small.root, 0), deep=True)


def test_while_a_build_runs_elsewhere_pages_show_the_previous_version_with_a_note(small):
    before = _totals(small.root)
    _commit(small, _week(), "week.parquet")
    shared = set(rollup.files_of(rollup.segments(small.root, 0)))  # the weekly append keeps v0's segments
    for f in set(rollup.files_of(rollup.segments(small.root, 1))) - shared:
        f.unlink()
    taken, release = threading.Event(), threading.Event()

    def hold():
        with derived.lock(small.root):
            taken.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(10)
    try:
        engine = Engine(Store(small.root))
        assert engine.behind() == (1, 0)
        df = engine.run(TOTALS)
        assert (int(df["n"].iloc[0]), float(df["f"].iloc[0])) == before
    finally:
        release.set()
        holder.join()
    assert engine.behind() is None and int(engine.run(TOTALS)["n"].iloc[0]) == before[0] + len(_week())


def test_a_failed_build_is_retried_after_a_pause_not_on_every_call(small, monkeypatch):
    """Pages ask for the version many times a rerun: a build that failed (a full disk) is not tried again
    by each of those calls, and is tried again once the pause has passed."""
    from analytics.query import engine as engine_module

    before = _totals(small.root)
    _commit(small, _week(), "week.parquet")
    shared = set(rollup.files_of(rollup.segments(small.root, 0)))
    for f in set(rollup.files_of(rollup.segments(small.root, 1))) - shared:
        f.unlink()
    attempts = []
    real = rollup.ensure

    def full_disk(root, version, *args, **kwargs):
        if version == 0:
            return real(root, version, *args, **kwargs)
        attempts.append(version)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rollup, "ensure", full_disk)
    engine = Engine(Store(small.root))
    assert [engine.version() for _ in range(5)] == [0] * 5 and len(attempts) == 1
    assert engine.behind() == (1, 0) and len(attempts) == 1
    df = engine.run(TOTALS)
    assert (int(df["n"].iloc[0]), float(df["f"].iloc[0])) == before
    assert [i["what"] for i in derived.incidents(small.root)].count("derived_pending") == 1
    monkeypatch.setattr(rollup, "ensure", real)
    monkeypatch.setattr(engine_module, "RETRY_BUILD_S", 0.0)
    assert engine.version() == 1 and engine.behind() is None


def test_two_rounds_opened_at_the_same_moment_get_their_own_revisions(sample_store):
    from analytics.supervision import rounds

    engine = Engine(sample_store)
    opened, errors = [], []

    def open_one():
        try:
            opened.append(rounds.open_round(engine, "2024Q2", user="督查"))
        except Exception as exc:  # collected: the test shows any error a writer met
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and sorted(r.revision for r in opened) == [1, 2, 3]


# -- a full disk ------------------------------------------------------------------------------------------

def _mount_small_disk(where: Path, size_kb: int) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)], capture_output=True)
    return made.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root (CI runs as root)")
def test_a_full_disk_at_each_step_of_a_commit_is_reported_truthfully_and_heals(small, tmp_path):
    """The data directory on a small tmpfs, filled to leave less and less room: the commit either does not
    land (and says so, recorded as failed) or lands, and says whether its derived tables are pending."""
    disk = tmp_path / "disk"
    assert _mount_small_disk(disk, 16 * 1024)
    seen = set()
    try:
        for free_kb in (2048, 256, 96, 64, 48, 32, 24, 16, 8, 4, 1):
            root = disk / "data"
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(small.root, root)
            store = Store(root)
            caller = Caller(Actor("督查", ADMIN), root, "cli")
            prepared = actions.check_upload(caller, store, "week.parquet", parquet_bytes(_week()))
            stat = os.statvfs(disk)
            filler = disk / "filler"
            with open(filler, "wb") as out:
                out.write(b"\0" * max(0, stat.f_bavail * stat.f_frsize - free_kb * 1024))
            before = len(audit.read(root))
            try:
                result = actions.commit_upload(caller, store, prepared)
            except StoreError as exc:
                assert Store(root).version() == 0, free_kb
                assert "no version was made" in exc.en or "cannot" in exc.en, exc.en
                seen.add("not written")
                outcome = "failed"
            else:
                assert result.version == 1
                outcome = "ok"
                seen.add("pending" if result.pending else "whole")
                if result.pending:
                    assert "derived tables pending" in result.pending_note()[1]
            filler.unlink()
            written = audit.read(root)[before:]
            assert [r["outcome"] for r in written] == [outcome], free_kb
            if outcome == "ok" and result.pending:
                assert written[0]["details"]["derived"] == "pending"
            version = Store(root).version()
            assert _totals(root)[0] == len(views_data.frame()) + (len(_week()) if version == 1 else 0), free_kb
            assert verify.check(Store(root)) == [], free_kb
            shutil.rmtree(root)
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
    assert {"not written", "whole"} <= seen, seen
    assert "pending" in seen, seen


def test_an_administrator_sees_the_store_check_on_the_data_page(app_env):
    from apptest import signed_in

    at = signed_in({"督查": {"role": "admin"}}, "a long password")
    assert any("存储检查：版本 0 的日志与文件完好" in c.value for c in at.caption)
    data = Path(app_env.files()[0].removeprefix("file://"))
    _truncate(data)
    from ui import data as ui_data

    ui_data._checked.clear()  # what the next start (or the hourly recheck) does
    at.switch_page("pages/data.py").run()
    assert not at.exception
    shown = (" ".join(e.value for e in at.error) + " ".join(m.value for m in at.markdown)).replace("\\", "")
    assert "存储检查发现 1 个问题" in shown and data.name in shown and "restore-backup" in shown
