"""Exclusive locks shared by every process on the host: an flock on a file beside what it guards."""

from __future__ import annotations

import contextlib
import fcntl
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from analytics.errors import ConcurrentCommitError

_HELD = threading.local()


@contextlib.contextmanager
def exclusive(path: Path, timeout: float, busy: tuple[str, str]) -> Iterator[None]:
    """Hold the lock on `path`, waiting up to `timeout` seconds; past it, ConcurrentCommitError(*busy).

    Re-entrant within a thread (a build that needs another derived table holds the lock already); flock
    belongs to the open file description, so each call's own open() contends properly, threads too."""
    held_here = getattr(_HELD, "paths", None)
    if held_here is None:
        held_here = _HELD.paths = set()
    key = str(path.resolve())
    if key in held_here:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ConcurrentCommitError(*busy) from None
                time.sleep(0.05)
        held_here.add(key)
        try:
            yield
        finally:
            held_here.discard(key)
            fcntl.flock(handle, fcntl.LOCK_UN)


def held(path: Path) -> bool:
    """True when another holder has the lock at this moment (a build under way elsewhere)."""
    if str(path.resolve()) in getattr(_HELD, "paths", ()) or not path.exists():
        return False
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
