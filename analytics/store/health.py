"""Whether a version's derived tables are there, which earlier version can stand in while they are not,
and what to do when a query fails on a damaged file: a derived one is set aside and rebuilt, a data
file is named to the user with what to do (the rows cannot be rebuilt from anything else)."""

from __future__ import annotations

from pathlib import Path

from analytics.errors import StoreError
from analytics.store import accounts, checksums, derived, rollup, versions

# Words of the errors a reader raises on a damaged file rather than on a query's own mistake.
_DAMAGE = ("magic", "corrupt", "checksum", "decompress", "invalid", "truncat", "footer", "eof", "unexpected end",
           "no such file", "not found", "could not read", "ioexception", "i/o")


def present(root: Path, version: int) -> bool:
    """The version's rollup and account summary exist (files only: cheap, asked on every new version)."""
    found = rollup.segments(root, version)
    return bool(found) and all(f.exists() for f in rollup.files_of(found)) and accounts.path(root, version).exists()


def latest(root: Path, version: int) -> int | None:
    """The latest version before `version` (among those whose derived tables are kept) that has them."""
    for v in range(version - 1, max(version - versions.KEEP_VERSIONS, 0) - 1, -1):
        if present(root, v):
            return v
    return None


def heal(store, version: int, named: dict[str, list[str]], exc: Exception) -> bool:
    """After a query failed: True when a damaged derived file was found and set aside (the caller rebuilds
    and retries); raises StoreError naming a damaged data file; False when no file is at fault."""
    if not _looks_damaged(exc):
        return False
    root = Path(store.root)
    derived_files = [Path(f) for f in named.get("rollup", []) + named.get("accounts", [])]
    bad = [(f, why) for f in derived_files if (why := derived.problem(f))]
    if not bad:
        bad = [(f, "checksum mismatch") for f in derived_files if _mismatch(f)]
    for f, why in bad:
        derived.set_aside(root, f, why)
    if bad:
        return True
    name_damaged_data(store, version, named.get("files", []), exc)
    return False


def name_damaged_data(store, version: int, files: list[str], exc: Exception) -> None:
    """After a read of the rows failed: raise StoreError naming the data file at fault, if one is (unreadable,
    or not matching its checksum at commit); return when none is."""
    if not _looks_damaged(exc):
        return
    recorded = checksums.known(store.table_path, version)
    for f in files:
        why = derived.problem(f.removeprefix("file://"))
        rel = _relative(store.table_path, f)
        if why is None and rel in recorded and checksums.entry(f.removeprefix("file://")) != recorded[rel]:
            why = "checksum mismatch"
        if why:
            derived.incident(store.root, "damaged_data_file", file=f"snapshots/{rel}", version=version, reason=why)
            raise StoreError(
                f"数据文件 snapshots/{rel}（版本 {version}）已损坏（{why}）。请运行 python -m analytics verify 查看全部问题，"
                "然后用 restore-backup 从备份恢复，或恢复到不含该文件的版本。",
                f"the data file snapshots/{rel} (version {version}) is damaged ({why}). Run python -m analytics verify "
                "to list every problem, then restore-backup from a backup, or restore a version without that file.") from exc


def _looks_damaged(exc: Exception) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return any(word in text for word in _DAMAGE)


def _mismatch(f: Path) -> bool:
    if f.parent.name == accounts.SUMMARY_DIR:
        return accounts.damage(f, deep=True) is not None
    return rollup.mismatch(f)


def _relative(table_path: Path, f: str) -> str:
    path = Path(f.removeprefix("file://"))
    try:
        return str(path.relative_to(table_path))
    except ValueError:
        return path.name
