"""A side table kept beside the data as numbered versions: `FOLDER/v0001/{table}.parquet` with a
`version.json` record, the highest number being the table in force.

Added events, contacts and published rankings are each one. A change reads the table in force and
writes the next version under an exclusive lock on the folder, so two writers never compute from the
same state: the second waits, reads what the first wrote and gets its own number. Each version is
written under a hidden name and renamed into place, so a reader sees a whole version or none."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable
from dataclasses import asdict, fields
from pathlib import Path
from typing import Generic, TypeVar

import pandas as pd

from analytics import durable
from analytics.errors import ConcurrentCommitError, StoreError
from analytics.store import locks

LOCK_TIMEOUT_S = 10.0
RECORD = "version.json"

V = TypeVar("V")


class VersionedTable(Generic[V]):
    """`record` is a dataclass whose `version` field holds the number; `file` names the parquet file."""

    def __init__(self, folder: Path, file: str, record: type[V]):
        self.folder = Path(folder)
        self.file = file
        self.record = record
        self._fields = {f.name for f in fields(record)}

    def versions(self) -> list[V]:
        found = []
        for path in self.folder.glob("v*"):
            if path.name[1:].isdigit() and (path / RECORD).exists():
                found.append(self._load(path / RECORD))
        return sorted(found, key=lambda v: v.version)

    def latest(self, at_most: int | None = None) -> V | None:
        found = [v for v in self.versions() if at_most is None or v.version <= at_most]
        return found[-1] if found else None

    def read(self, version: V) -> pd.DataFrame:
        path = self._path(version.version) / self.file
        try:
            return pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise StoreError(f"无法读取 {path.parent.name}/{self.file}（文件已损坏或缺失）",
                             f"cannot read {path.parent.name}/{self.file} (the file is damaged or missing)") from exc

    def change(self, build: Callable[[int], tuple[V, pd.DataFrame]]) -> V:
        """Write the next version. `build(number)` runs under the lock, reads the table in force and
        returns the record and the whole new table; an error it raises writes nothing."""
        try:
            with locks.exclusive(self.folder / ".lock", LOCK_TIMEOUT_S,
                                 (f"另一位用户正在修改 {self.folder.name}，请稍后重试",
                                  f"someone else is changing {self.folder.name}; please try again shortly")):
                number = 1 + max((v.version for v in self.versions()), default=0)
                record, table = build(number)
                self._write(number, record, table)
                return record
        except OSError as exc:
            raise StoreError(f"无法写入 {self.folder.name}/：{exc.strerror or exc}",
                             f"cannot write {self.folder.name}/: {exc.strerror or exc}") from exc

    def _write(self, number: int, record: V, table: pd.DataFrame) -> None:
        tmp = self.folder / f".v{number:04d}.{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        try:
            table.to_parquet(tmp / self.file, index=False)
            (tmp / RECORD).write_text(json.dumps(asdict(record), ensure_ascii=False, indent=2), encoding="utf-8")
            durable.rename_dir(tmp, self._path(number))
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if not self._path(number).exists():
                raise
            # a writer that bypassed the lock took the number
            raise ConcurrentCommitError(f"另一位用户刚刚修改了 {self.folder.name}，请重试",
                                        f"someone else changed {self.folder.name} just now; please try again") from exc

    def _path(self, number: int) -> Path:
        return self.folder / f"v{number:04d}"

    def _load(self, path: Path) -> V:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return self.record(**{k: v for k, v in data.items() if k in self._fields})
        except (ValueError, TypeError) as exc:
            raise StoreError(f"版本记录 {path.parent.name}/{RECORD} 已损坏", f"the version record {path.parent.name}/{RECORD} is damaged") from exc
