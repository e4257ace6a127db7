"""Backup and restore of a whole data directory, online.

A backup is one folder `DEST/<UTC time>/` holding the current version's data files, the Delta log up to
that version, its checksum records and derived tables, every side table (events, contacts, published
lists, rounds, alerts), the audit log and, when given, the users file; `BACKUP.json` lists every file
with its size and checksum. Nothing is locked: a version's files never change once committed, the
derived tables of the last few versions are kept, side tables are published by renames, and the audit
log is append-only (copied up to its last whole line), so a commit during the backup only means the
backup holds the version before it. Every copied file is read back and compared with the checksum of
what was read; a data file is also compared with the checksum recorded when it was committed.

`--incremental` links (hard links, same file system) the files the previous backup in DEST already
holds with the same size and checksum, and copies only the rest; every backup folder is complete."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from deltalake import DeltaTable

from analytics import durable
from analytics.errors import StoreError
from analytics.store import accounts, checksums, derived, health, rollup, staging
from analytics.store.table import LOCK_FILE, TABLE_DIR, TORN_DIR, Store

MANIFEST = "BACKUP.json"
SECRETS = "secrets.toml"
# Working files that are not data: staged uploads, locks, files already set aside, the empty-table file.
_SKIP_TOP = {staging.STAGING_DIR, "damaged", LOCK_FILE, ".derive.lock", "empty.parquet", TABLE_DIR,
             rollup.ROLLUP_DIR, accounts.SUMMARY_DIR}


@dataclass
class Backup:
    folder: Path
    version: int | None
    files: dict[str, dict] = field(default_factory=dict)
    copied: int = 0
    linked: int = 0

    @property
    def bytes(self) -> int:
        return sum(e["size"] for e in self.files.values())

    def text(self, lang: str) -> str:
        if lang == "en":
            return (f"Backup {self.folder}: version {self.version}, {len(self.files):,} files, {self.bytes:,} bytes "
                    f"({self.copied:,} copied, {self.linked:,} linked from the previous backup); every copy verified.")
        return (f"备份 {self.folder}：版本 {self.version}，{len(self.files):,} 个文件，{self.bytes:,} 字节"
                f"（复制 {self.copied:,} 个，沿用上一备份 {self.linked:,} 个）；每个副本均已校验。")


def backup(store: Store, dest: Path, incremental: bool = False, secrets: Path | None = None) -> Backup:
    dest = Path(dest)
    if dest.resolve().is_relative_to(store.root.resolve()):
        raise StoreError("备份目录不能位于数据目录之内", "the backup folder cannot be inside the data directory")
    previous = latest(dest) if incremental else None
    before = _manifest(previous)["files"] if previous else {}
    version = store.version()
    if version is not None and not health.present(store.root, version):
        with derived.lock(store.root):
            pass  # a commit's build under way: wait for it, so the backup holds the derived tables too
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = dest / stamp
    work = dest / f".{stamp}.partial"
    work.mkdir(parents=True)
    result = Backup(target, version)
    recorded = checksums.known(store.table_path, version) if version is not None else {}
    try:
        for rel, source in _plan(store, version, secrets):
            want = recorded.get(rel.removeprefix(f"{TABLE_DIR}/")) if rel.startswith(TABLE_DIR + "/") else None
            old = before.get(rel)
            if old is not None and want is not None and old == want:
                os.link(previous / rel, _made(work / rel))
                result.files[rel], result.linked = dict(old), result.linked + 1
                continue
            entry = _copy(source, work / rel, audit=rel.startswith("audit/"))
            if want is not None and entry != want:
                raise StoreError(f"数据文件 {rel} 与提交时的校验和不一致，未生成备份：请先运行 verify",
                                 f"the data file {rel} differs from its checksum at commit; no backup made: run verify first")
            if old is not None and old == entry:
                (work / rel).unlink()
                os.link(previous / rel, work / rel)
                result.linked += 1
            else:
                result.copied += 1
            result.files[rel] = entry
        durable.write_text(work / MANIFEST, json.dumps({"version": version, "created": stamp, "files": result.files},
                                                       sort_keys=True, indent=1))
        durable.rename_dir(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _plan(store: Store, version: int | None, secrets: Path | None) -> list[tuple[str, Path]]:
    """(path in the backup, source) of every file the backup holds."""
    root = store.root
    out: list[tuple[str, Path]] = []
    if version is not None:
        table = DeltaTable(str(store.table_path), version=version)
        for uri in table.file_uris():
            path = Path(uri.removeprefix("file://"))
            out.append((f"{TABLE_DIR}/{path.relative_to(store.table_path)}", path))
        for folder in ("_delta_log", checksums.DIR):
            for f in sorted((store.table_path / folder).glob("*")):
                head = f.name.split(".")[0]
                if f.is_file() and head.isdigit() and int(head) <= version:
                    out.append((f"{TABLE_DIR}/{folder}/{f.name}", f))
        segments = rollup.segments(root, version) or []
        if segments:
            out.append((f"{rollup.ROLLUP_DIR}/{rollup.manifest(root, version).name}", rollup.manifest(root, version)))
        out += [(f"{rollup.ROLLUP_DIR}/{f.name}", f) for f in rollup.files_of(segments)]
        summary = accounts.path(root, version)
        for f in (summary, summary.with_suffix(".sha256")):
            if f.exists():
                out.append((f"{accounts.SUMMARY_DIR}/{f.name}", f))
    for top in sorted(root.iterdir()) if root.exists() else []:
        if top.name in _SKIP_TOP or top.name == TORN_DIR:
            continue
        for f in sorted(top.rglob("*") if top.is_dir() else [top]):
            rel = f.relative_to(root)
            if f.is_file() and not any(part.startswith(".") for part in rel.parts):
                out.append((str(rel), f))
    if secrets is not None and Path(secrets).exists():
        out.append((SECRETS, Path(secrets)))
    return out


def _made(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _copy(source: Path, target: Path, audit: bool = False) -> dict:
    """Copy, hashing what was read; read the copy back and compare. The audit log is cut at its last whole line."""
    h = hashlib.sha256()
    size = 0
    limit = None
    if audit:  # up to its last whole line, found in the tail (a record is bounded far below 64 KB)
        end = source.stat().st_size
        back = min(end, 1 << 16)
        with open(source, "rb") as fh:
            fh.seek(end - back)
            limit = end - back + fh.read(back).rfind(b"\n") + 1
    with open(source, "rb") as src, open(_made(target), "wb") as out:
        while chunk := src.read(checksums.CHUNK if limit is None else min(checksums.CHUNK, limit - size)):
            h.update(chunk)
            out.write(chunk)
            size += len(chunk)
        out.flush()
        os.fsync(out.fileno())
    if source.name == SECRETS or source.suffix == ".toml":
        os.chmod(target, 0o600)
    entry = {"size": size, "sha256": h.hexdigest()}
    if checksums.entry(target) != entry:
        raise StoreError(f"备份副本 {target.name} 读回校验失败", f"the backup copy of {target.name} did not read back the same")
    return entry


def latest(dest: Path) -> Path | None:
    """The newest complete backup in `dest` (or `dest` itself when it is one)."""
    dest = Path(dest)
    if (dest / MANIFEST).exists():
        return dest
    found = sorted(p for p in dest.glob("*") if (p / MANIFEST).exists()) if dest.exists() else []
    return found[-1] if found else None


def _manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise StoreError(f"{folder} 不是完整的备份（缺少或无法读取 {MANIFEST}）",
                         f"{folder} is not a complete backup ({MANIFEST} missing or unreadable)") from exc


def check_backup(folder: Path) -> list[str]:
    """Files of the backup that are missing or differ from its manifest (relative paths)."""
    bad = []
    for rel, want in _manifest(folder)["files"].items():
        path = folder / rel
        if not path.exists() or checksums.entry(path) != want:
            bad.append(rel)
    return bad


def restore_backup(source: Path, data_dir: Path, secrets: Path | None = None) -> tuple[Path, int | None]:
    """Rebuild a working data directory from a backup (checked file by file first); returns the backup used
    and its version. The target must be new or empty: a restore never writes over data."""
    folder = latest(source)
    if folder is None:
        raise StoreError(f"{source} 中没有完整的备份", f"no complete backup in {source}")
    bad = check_backup(folder)
    if bad:
        raise StoreError(f"备份已损坏，未恢复：{', '.join(bad[:5])}", f"the backup is damaged, nothing restored: {', '.join(bad[:5])}")
    data_dir = Path(data_dir)
    # The audit log of earlier attempts (a refused restore is recorded there) is kept after the restored one.
    earlier_audit = data_dir / "audit" / "audit.jsonl"
    if data_dir.exists() and {p.name for p in data_dir.iterdir()} - {"audit"}:
        raise StoreError(f"目标目录 {data_dir} 不是空目录：恢复不会覆盖已有数据", f"{data_dir} is not empty: a restore never writes over data")
    kept = earlier_audit.read_bytes() if earlier_audit.exists() else b""
    meta = _manifest(folder)
    for rel in meta["files"]:
        if rel == SECRETS:
            if secrets is not None:
                _copy(folder / rel, Path(secrets))
            continue
        _copy(folder / rel, data_dir / rel)
    if kept:
        with open(_made(earlier_audit), "ab") as out:
            out.write(kept)
            out.flush()
            os.fsync(out.fileno())
    for d in {(data_dir / rel).parent for rel in meta["files"]} | {data_dir}:
        durable.sync_dir(d)
    version = meta["version"]
    if version is not None and not health.present(data_dir, version):
        restored = Store(data_dir)  # a backup made while the derived tables could not be built: build them now
        files = restored.files(version)
        accounts.build(data_dir, version, files)
        rollup.build(data_dir, version, files)
    return folder, version
