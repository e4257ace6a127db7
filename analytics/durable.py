"""Writing files so that a power loss cannot leave a torn one: every file is synced before the rename that
makes it visible, and the directory after it, so the name and the bytes reach the disk together.

`SYNCS` counts the calls and their time, so the ingest benchmark can print what durability costs."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path


class _Syncs:
    def __init__(self) -> None:
        self.calls = 0
        self.seconds = 0.0

    def reset(self) -> None:
        self.calls, self.seconds = 0, 0.0


SYNCS = _Syncs()


def _sync(fd: int) -> None:
    start = time.perf_counter()
    os.fsync(fd)
    SYNCS.calls += 1
    SYNCS.seconds += time.perf_counter() - start


def sync_file(path: Path | str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        _sync(fd)
    finally:
        os.close(fd)


def sync_dir(path: Path | str) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _sync(fd)
    finally:
        os.close(fd)


def sync_tree(path: Path | str) -> None:
    """Sync a folder written whole under a hidden name (its files, then itself) before it is renamed."""
    for entry in Path(path).iterdir():
        if entry.is_file():
            sync_file(entry)
    sync_dir(path)


def replace(tmp: Path | str, target: Path | str) -> None:
    """Publish a fully written `tmp` as `target`: sync it, rename it, sync the directory."""
    sync_file(tmp)
    os.replace(tmp, target)
    sync_dir(Path(target).parent)


def rename_dir(tmp: Path | str, target: Path | str) -> None:
    """Publish a folder written under a hidden name; fails (OSError) when `target` exists."""
    sync_tree(tmp)
    os.rename(tmp, target)
    sync_dir(Path(target).parent)


def tmp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")


def write_bytes(target: Path | str, data: bytes) -> None:
    target = Path(target)
    tmp = tmp_name(target)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(target: Path | str, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))
