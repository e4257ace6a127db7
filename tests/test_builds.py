"""Heavy exports built once and shared: one build per key whoever asks, a bounded number at once with the
rest in order, one unfinished build per reader, a bounded queue, failures named, memory bounded."""

from __future__ import annotations

import threading
import time

import pytest

from analytics.errors import StoreError
from analytics.output.builds import Builds, Busy


def _wait(build, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while build.unfinished and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not build.unfinished


def _gated(gate: threading.Event, result: bytes = b"deck", calls: list | None = None):
    def build(progress):
        if calls is not None:
            calls.append(result)
        progress(0.5, "渲染", "rendering")
        assert gate.wait(10)
        return result
    return build


def test_twenty_readers_asking_for_the_same_file_get_one_build():
    builds, gate, calls = Builds(workers=1, queue=4), threading.Event(), []
    first = builds.request("briefing", "reader-0", _gated(gate, calls=calls))
    same = [builds.request("briefing", f"reader-{i}", _gated(gate, calls=calls)) for i in range(1, 20)]
    assert all(b is first for b in same)
    gate.set()
    _wait(first)
    assert calls == [b"deck"] and first.result == b"deck" and first.fraction == 1.0
    assert builds.request("briefing", "reader-5", _gated(gate, calls=calls)) is first and calls == [b"deck"]


def test_builds_beyond_the_workers_wait_in_order_with_their_place():
    builds, gate = Builds(workers=1, queue=4), threading.Event()
    running = builds.request("a", "r1", _gated(gate, b"a"))
    deadline = time.monotonic() + 5
    while running.state != "building" and time.monotonic() < deadline:
        time.sleep(0.01)
    second, third = builds.request("b", "r2", _gated(gate, b"b")), builds.request("c", "r3", _gated(gate, b"c"))
    assert (running.state, second.state, third.state) == ("building", "queued", "queued")
    assert (builds.position(second), builds.position(third)) == (0, 1)
    assert running.step == ("渲染", "rendering")
    gate.set()
    for b in (running, second, third):
        _wait(b)
    assert [b.result for b in (running, second, third)] == [b"a", b"b", b"c"]


def test_one_reader_has_one_unfinished_build_and_the_queue_is_bounded():
    builds, gate = Builds(workers=1, queue=2), threading.Event()
    builds.request("a", "r1", _gated(gate))
    with pytest.raises(Busy) as busy:
        builds.request("other link", "r1", _gated(gate))
    assert "上一个导出仍在生成" in busy.value.zh
    builds.request("b", "r2", _gated(gate))
    builds.request("c", "r3", _gated(gate))
    with pytest.raises(Busy) as full:
        builds.request("d", "r4", _gated(gate))
    assert "导出队列已满" in full.value.zh and "queue is full" in full.value.en
    gate.set()
    _wait(builds.get("c"))
    assert builds.request("d", "r4", _gated(gate)).key == "d"


def test_a_failed_build_is_named_without_a_traceback_and_tried_again():
    builds = Builds(workers=1, queue=2)

    def broken(progress):
        raise RuntimeError("/srv/secret/path exploded")

    def refused(progress):
        raise StoreError("数据版本已删除", "the data version is gone")

    crashed = builds.request("x", "r1", broken)
    _wait(crashed)
    assert crashed.state == "failed" and crashed.error == ("导出失败，请稍后重试", "the export failed: try again later")
    named = builds.request("y", "r1", refused)
    _wait(named)
    assert named.error == ("数据版本已删除", "the data version is gone")
    again = builds.request("x", "r1", lambda progress: b"ok")
    _wait(again)
    assert again is not crashed and again.result == b"ok"


def test_finished_files_are_kept_within_the_memory_budget():
    builds = Builds(workers=1, queue=2, keep_mb=1)
    for key in ("a", "b", "c"):
        _wait(builds.request(key, "r", lambda progress: b"x" * 600_000))
    assert builds.get("a") is None and builds.get("b") is None and builds.get("c").result
