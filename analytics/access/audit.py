"""The audit log: who signed in, uploaded, restored, exported or changed users, when, from where, with
what outcome. One JSON object per line in `DATA_DIR/audit/audit.jsonl`, beside the data.

Append-only: each record is one `write` to a file opened with O_APPEND, under an exclusive lock shared by
every process, and synced to disk before the call returns. A crash mid-write can leave at most a
partial last line; readers skip it and the next record starts on a line of its own."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import json
import os
from pathlib import Path
from typing import Any

from analytics.access.roles import Actor
from analytics.access.scope import NATIONAL, Scope

AUDIT_DIR = "audit"
AUDIT_FILE = "audit.jsonl"
RESERVE = ".reserve"
RESERVE_BYTES = 256 * 1024
EVENTS = ("sign_in", "sign_out", "upload", "restore", "posts_upload", "posts_restore",
          "optimize", "export", "users", "round", "contacts", "alerts", "events", "published", "verify", "backup", "denied")
OUTCOMES = ("ok", "rejected", "failed", "denied")


MAX_TEXT = 200  # characters of any one text in a record
MAX_ITEMS = 50  # entries of any one list or mapping in a record


def bounded(value: Any) -> Any:
    """The value with every text cut to MAX_TEXT characters and every collection to MAX_ITEMS: a record
    stays small whatever a name, a file name or a reason holds."""
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + f"…(+{len(value) - MAX_TEXT})"
    if isinstance(value, dict):
        items = list(value.items())
        out = {bounded(str(k)): bounded(v) for k, v in items[:MAX_ITEMS]}
        if len(items) > MAX_ITEMS:
            out["…"] = f"+{len(items) - MAX_ITEMS}"
        return out
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
        return [bounded(v) for v in items[:MAX_ITEMS]] + ([f"…(+{len(items) - MAX_ITEMS})"] if len(items) > MAX_ITEMS else [])
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return bounded(str(value))


def path(root: Path) -> Path:
    return Path(root) / AUDIT_DIR / AUDIT_FILE


def check(event: str, outcome: str) -> None:
    """Refuse an event or outcome the log does not know: a misspelt one would be missed by every reader."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r} (one of {', '.join(EVENTS)})")
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown audit outcome {outcome!r} (one of {', '.join(OUTCOMES)})")


def record(root: Path, event: str, actor: Actor, outcome: str, *, client: str | None = None,
           **details: Any) -> dict:
    """Append one record and return it."""
    check(event, outcome)
    entry = bounded({"time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"), "event": event,
                     "user": actor.name, "role": actor.role, "scope": actor.scope.describe("en"),
                     "within": actor.scope.as_dict(), "client": client or "",
                     "outcome": outcome, "details": details})
    line = json.dumps(entry, ensure_ascii=False, default=str).encode("utf-8")
    target = path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _append(target, line)
    except OSError as exc:
        if exc.errno != errno.ENOSPC or not _release_reserve(root):
            raise
        _append(target, line)  # the space the reserve held takes the record
    return entry


def _append(target: Path, line: bytes) -> None:
    fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        needs_break = size > 0 and os.pread(fd, 1, size - 1) != b"\n"
        os.write(fd, (b"\n" if needs_break else b"") + line + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)


def reserve(root: Path) -> None:
    """Hold RESERVE_BYTES of disk beside the log, given back when a record meets a full disk: the record of
    what happened on a full disk (a commit that landed, one that did not) is the one that must not be lost.
    Made again on the next action once there is room; without room, nothing is held."""
    held = Path(root) / AUDIT_DIR / RESERVE
    if held.exists():
        return
    with contextlib.suppress(OSError):
        held.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(held, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.posix_fallocate(fd, 0, RESERVE_BYTES)
        except OSError:
            os.close(fd)
            held.unlink(missing_ok=True)
            return
        os.close(fd)


def _release_reserve(root: Path) -> bool:
    try:
        (Path(root) / AUDIT_DIR / RESERVE).unlink()
    except FileNotFoundError:
        return False
    return True


def _within(entry: dict, scope: Scope) -> bool:
    acted = entry.get("within")
    return isinstance(acted, dict) and bool(entry.get("user")) and scope.contains(Scope.from_dict(acted))


def read(root: Path, since: dt.date | None = None, user: str | None = None, event: str | None = None,
         scope: Scope = NATIONAL) -> list[dict]:
    """Every readable record, oldest first, optionally from a date on, of one user or one event. A scoped
    reader (a regional administrator) gets the records of people acting within their scope only: not the
    national ones, nor those of anyone unknown (a failed sign-in)."""
    out = []
    with contextlib.suppress(FileNotFoundError), open(path(root), encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line cut by a crash
            if not isinstance(entry, dict) or "time" not in entry:
                continue
            if since and entry["time"][:10] < since.isoformat():
                continue
            if user and entry.get("user") != user:
                continue
            if event and entry.get("event") != event:
                continue
            if not scope.national and not _within(entry, scope):
                continue
            out.append(entry)
    return out
