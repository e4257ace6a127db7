"""The side tables (added events, contacts, published rankings) share one VersionedTable: two writers
each get their own version computed from the other's, a failure is a typed bilingual error and a
failed change leaves nothing behind."""

import multiprocessing
import threading
from dataclasses import dataclass

import pandas as pd
import pytest

from analytics.access.scope import Scope
from analytics.errors import StoreError
from analytics.events import added, model
from analytics.store import versioned
from analytics.store.versioned import VersionedTable


@dataclass(frozen=True)
class Rec:
    version: int
    note: str


def _table(tmp_path):
    return VersionedTable(tmp_path / "side", "t.parquet", Rec)


def _append(table: VersionedTable, value: int, hold: float = 0.0):
    import time

    def build(number):
        latest = table.latest()
        before = table.read(latest)["n"].tolist() if latest else []
        time.sleep(hold)  # widen the read-modify-write window so an unlocked writer would lose an update
        return Rec(number, f"+{value}"), pd.DataFrame({"n": before + [value]})
    return table.change(build)


def test_versions_are_numbered_and_read_back(tmp_path):
    table = _table(tmp_path)
    assert table.versions() == [] and table.latest() is None
    _append(table, 1)
    _append(table, 2)
    assert [v.version for v in table.versions()] == [1, 2]
    assert table.read(table.latest())["n"].tolist() == [1, 2]
    assert table.read(table.latest(at_most=1))["n"].tolist() == [1]


def test_two_threads_each_get_their_own_version_and_lose_nothing(tmp_path):
    table = _table(tmp_path)
    threads = [threading.Thread(target=_append, args=(table, i, 0.2)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [v.version for v in table.versions()] == [1, 2, 3, 4]
    assert sorted(table.read(table.latest())["n"]) == [0, 1, 2, 3]


def _append_in_process(folder, value):
    _append(VersionedTable(folder, "t.parquet", Rec), value, 0.2)


def test_two_processes_each_get_their_own_version(tmp_path):
    folder = tmp_path / "side"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append_in_process, args=(folder, i)) for i in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    table = VersionedTable(folder, "t.parquet", Rec)
    assert sorted(table.read(table.latest())["n"]) == [0, 1, 2]


def test_a_held_lock_is_a_clear_error_not_a_hang(tmp_path, monkeypatch):
    table = _table(tmp_path)
    monkeypatch.setattr(versioned, "LOCK_TIMEOUT_S", 0.2)
    started, release = threading.Event(), threading.Event()

    def slow(number):
        started.set()
        release.wait(5)
        return Rec(number, "slow"), pd.DataFrame({"n": [1]})
    holder = threading.Thread(target=table.change, args=(slow,))
    holder.start()
    started.wait(5)
    with pytest.raises(StoreError) as caught:
        _append(table, 2)
    release.set()
    holder.join()
    assert "请稍后重试" in caught.value.zh and "try again" in caught.value.en
    assert [v.note for v in table.versions()] == ["slow"]


def test_a_disk_error_is_a_store_error_naming_the_folder(tmp_path):
    (tmp_path / "side").write_text("a file where the folder should be")
    with pytest.raises(StoreError) as caught:
        _append(_table(tmp_path), 1)
    assert "side/" in caught.value.zh and "cannot write side/" in caught.value.en


def test_a_failed_change_writes_nothing(tmp_path):
    table = _table(tmp_path)
    _append(table, 1)

    def refuse(number):
        raise StoreError("不行", "no")
    with pytest.raises(StoreError):
        table.change(refuse)
    assert [v.version for v in table.versions()] == [1]
    assert sorted(p.name for p in (tmp_path / "side").iterdir()) == [".lock", "v0001"]


def test_a_damaged_record_is_named(tmp_path):
    table = _table(tmp_path)
    _append(table, 1)
    (tmp_path / "side" / "v0001" / "version.json").write_text("{not json")
    with pytest.raises(StoreError) as caught:
        table.versions()
    assert "v0001/version.json" in caught.value.en


def _event(title: str) -> pd.DataFrame:
    rows, problems = model.normalise(pd.DataFrame({"title_zh": [title], "title_en": [title], "start": ["2020-06-01"],
                                                   "kind": ["policy"], "scope": ["province:浙江"]}), "added")
    assert not problems
    return rows


def test_two_analysts_adding_events_at_once_both_keep_theirs(tmp_path, monkeypatch):
    real = added.current

    def slow_current(root, version=None):
        import time
        time.sleep(0.2)
        return real(root, version)
    monkeypatch.setattr(added, "current", slow_current)
    scope = Scope.make(("浙江",))
    threads = [threading.Thread(target=added.add, args=(tmp_path, _event(t), "分析", scope)) for t in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    monkeypatch.setattr(added, "current", real)
    assert [v.version for v in added.versions(tmp_path)] == [1, 2]
    assert sorted(added.current(tmp_path)["title_zh"]) == ["乙", "甲"]
