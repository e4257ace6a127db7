"""What the store derives from the rows (rollup segments, the account summary): one build at a time across
every process, files checked before they are trusted, and a damaged one moved aside and rebuilt.

A reader that finds a version's derived files missing or unreadable takes the derive lock, looks again
(another process may have just built them) and builds only if they are still not sound. Every incident
(a file missing, unreadable, moved aside) is appended to `incidents.jsonl` beside the data."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

import pyarrow.parquet as pq

from analytics import durable
from analytics.store import locks

LOCK_FILE = ".derive.lock"
BUILD_TIMEOUT_S = 3600.0  # a national rebuild takes minutes; a second process waits for it rather than building too
DAMAGED_DIR = "damaged"
INCIDENTS = "incidents.jsonl"
LOG = logging.getLogger("govmedia.store")


def lock(root: Path):
    return locks.exclusive(Path(root) / LOCK_FILE, BUILD_TIMEOUT_S,
                           ("派生数据正在由另一进程生成，请稍后重试", "another process is building the derived tables; try again shortly"))


def building(root: Path) -> bool:
    """True while another process (or thread) builds derived tables."""
    return locks.held(Path(root) / LOCK_FILE)


def problem(path: Path | str) -> str | None:
    """Why the parquet file cannot be trusted ('missing', 'unreadable: …'), or None when its footer reads."""
    try:
        pq.read_metadata(path)
    except FileNotFoundError:
        return "missing"
    except Exception as exc:  # pyarrow raises several types for a damaged footer
        return f"unreadable: {str(exc)[:200]}"
    return None


def set_aside(root: Path, path: Path | str, reason: str) -> Path | None:
    """Move a damaged file into `damaged/` (kept for inspection, never deleted) and log the incident."""
    path = Path(path)
    target = Path(root) / DAMAGED_DIR / f"{path.name}.{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S%f}"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(path, target)
    except FileNotFoundError:
        target = None
    else:
        durable.sync_dir(target.parent)
        durable.sync_dir(path.parent)
    incident(root, "set_aside", file=_relative(root, path), reason=reason, kept=_relative(root, target) if target else "")
    return target


def incident(root: Path, what: str, **details: object) -> None:
    """Append to the incident log; on a full disk it goes to the process's log instead (the incident must
    never turn a landed commit or a working read into a failure)."""
    entry = {"time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "what": what, **details}
    text = json.dumps(entry, ensure_ascii=False, default=str)
    try:
        with open(Path(root) / INCIDENTS, "a", encoding="utf-8") as out:
            out.write(text + "\n")
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        LOG.warning("incident not written to %s (%s): %s", INCIDENTS, exc.strerror, text)


def incidents(root: Path) -> list[dict]:
    try:
        lines = (Path(root) / INCIDENTS).read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:
        return []
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a line cut short by a crash
    return out


def _relative(root: Path, path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)
