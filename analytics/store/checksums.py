"""Checksums of every file a version adds, so that bit rot is found rather than read as numbers.

Data files (those a Delta commit adds) are recorded per version in `snapshots/_govmedia_checksums/`,
beside the Delta log (Delta ignores folders starting with `_`); a derived file's checksum sits in its
own manifest or sidecar. Each entry is the file's size and SHA-256."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from analytics import durable

DIR = "_govmedia_checksums"
CHUNK = 1 << 20


def digest(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def entry(path: Path | str) -> dict:
    return {"size": Path(path).stat().st_size, "sha256": digest(path)}


def record_path(table_path: Path, version: int) -> Path:
    return Path(table_path) / DIR / f"{version:020d}.json"


def record(table_path: Path, version: int, files: dict[str, dict]) -> None:
    """Write version's record: {relative path: {size, sha256}} of the data files it added."""
    target = record_path(table_path, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    durable.write_text(target, json.dumps({"version": version, "files": files}, sort_keys=True))


def recorded(table_path: Path, version: int) -> dict[str, dict] | None:
    """The version's record, or None when it has none (written before checksums, or lost)."""
    try:
        return json.loads(record_path(table_path, version).read_text())["files"]
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def known(table_path: Path, upto: int) -> dict[str, dict]:
    """Every data file's recorded checksum from the records of versions up to `upto`."""
    found: dict[str, dict] = {}
    folder = Path(table_path) / DIR
    for f in sorted(folder.glob("*.json")):
        stem = f.name[:-5]
        if stem.isdigit() and int(stem) <= upto:
            found.update(recorded(table_path, int(stem)) or {})
    return found
