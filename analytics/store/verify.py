"""`verify`: every file of the current (or every kept) version present, of its recorded size and checksum,
with a readable footer; the Delta log parseable; the derived tables consistent with the rows on a
sample of weeks. Each problem names the file, the version, what is wrong and what to do."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
from deltalake import DeltaTable

from analytics.store import accounts, checksums, derived, rollup, staging
from analytics.store.table import TABLE_DIR, Store, commit_lines

_RESTORE = ("从备份恢复（restore-backup），或恢复到不含该文件的版本（restore）",
            "restore from a backup (restore-backup), or restore a version without this file (restore)")
_REBUILD = ("下次读取时自动重建，或运行 verify --repair 立即重建", "rebuilt on the next read, or now by verify --repair")


@dataclass(frozen=True)
class Problem:
    file: str
    version: int | None
    zh: str
    en: str
    fix_zh: str
    fix_en: str

    def text(self, lang: str) -> str:
        where = f"{self.file}" + (f" (v{self.version})" if self.version is not None else "")
        if lang == "en":
            return f"{where}: {self.en} — {self.fix_en}"
        return f"{where}：{self.zh} —— {self.fix_zh}"

    def as_row(self) -> dict:
        return asdict(self)


def check(store: Store, all_versions: bool = False, deep: bool = True) -> list[Problem]:
    """Every problem found. `deep` (the command) reads every file for its checksum and compares derived
    tables with the rows; without it (the app's start) only the log, presence, sizes and footers are checked."""
    problems = _log(store)
    current = store.version()
    if current is None:
        return problems
    versions = [current]
    if all_versions:
        versions = sorted({h.version for h in store.history()}, reverse=True)
    known = checksums.known(store.table_path, current)
    for version in versions:
        try:
            table = DeltaTable(str(store.table_path), version=version)
        except Exception as exc:  # an unreadable log entry or a checkpoint that does not load
            problems.append(Problem(f"{TABLE_DIR}/_delta_log", version, f"无法载入该版本：{str(exc)[:160]}",
                                    f"the version does not load: {str(exc)[:160]}", *_RESTORE))
            continue
        adds = pa.table(table.get_add_actions(flatten=True)).select(["path", "size_bytes"]).to_pylist()
        for add in adds:
            problems += _data_file(store, version, add["path"], int(add["size_bytes"]), known, deep)
        if version == current or rollup.segments(store.root, version) is not None:
            problems += _derived(store, version, deep)
    if deep and not any(p.version == current for p in problems):
        problems += _consistency(store, current)
    return problems


def _log(store: Store) -> list[Problem]:
    found = []
    for torn in store.torn():
        found.append(Problem(f"{TABLE_DIR}/_delta_log/{torn.name}", int(torn.name[:20]),
                             "提交文件不完整（写入时断电或进程被终止），数据表停留在上一个完整版本",
                             "the commit file is torn (power loss or a killed writer); the table stays at the last complete version",
                             "运行 verify --repair 将其移到 snapshots/_govmedia_torn/（保留，不删除）",
                             "run verify --repair to move it into snapshots/_govmedia_torn/ (kept, not deleted)"))
    current = store.version()
    log = store.table_path / "_delta_log"
    for f in sorted(log.glob("*.json")) if log.exists() else []:
        if f.name[:20].isdigit() and current is not None and int(f.name[:20]) < current:
            try:
                [json.loads(line) for line in commit_lines(f) if line.strip()]
            except (OSError, ValueError):
                found.append(Problem(f"{TABLE_DIR}/_delta_log/{f.name}", int(f.name[:20]), "提交文件无法解析",
                                     "the commit file does not parse", *_RESTORE))
    return found


def _data_file(store: Store, version: int, rel: str, size: int, known: dict, deep: bool) -> list[Problem]:
    path = store.table_path / rel
    name = f"{TABLE_DIR}/{rel}"
    if not path.exists():
        return [Problem(name, version, "数据文件缺失", "the data file is missing", *_RESTORE)]
    actual = path.stat().st_size
    if actual != size:
        return [Problem(name, version, f"文件大小 {actual:,} 字节，提交记录为 {size:,} 字节",
                        f"the file holds {actual:,} bytes where the commit recorded {size:,}", *_RESTORE)]
    why = derived.problem(path)
    if why:
        return [Problem(name, version, f"文件无法读取（{why}）", f"the file cannot be read ({why})", *_RESTORE)]
    if deep and rel in known and checksums.digest(path) != known[rel]["sha256"]:
        return [Problem(name, version, "校验和与提交时记录的不一致（存储介质上的数据已改变）",
                        "the checksum differs from the one recorded at commit (the bytes on disk have changed)", *_RESTORE)]
    return []


def _derived(store: Store, version: int, deep: bool) -> list[Problem]:
    found = rollup.segments(store.root, version)
    out = []
    if found is None:
        out.append(Problem(f"{rollup.ROLLUP_DIR}/v{version:08d}.json", version, "汇总表缺失", "the rollup is missing", *_REBUILD))
    else:
        for path, why in rollup.unsound(found, deep):
            out.append(Problem(f"{rollup.ROLLUP_DIR}/{path.name}", version, f"汇总文件有问题（{why}）",
                               f"a rollup file is damaged ({why})", *_REBUILD))
    summary = accounts.path(store.root, version)
    why = accounts.damage(summary, deep)
    if why:
        out.append(Problem(f"{accounts.SUMMARY_DIR}/{summary.name}", version, f"账号摘要有问题（{why}）",
                           f"the account summary is damaged ({why})", *_REBUILD))
    return out


def _consistency(store: Store, version: int) -> list[Problem]:
    """Rollup totals against the rows on the first, a middle and the last week."""
    segments = rollup.segments(store.root, version)
    if not segments:
        return []
    with staging.connect(store.root) as con:
        dates = [d for (d,) in con.execute("SELECT DISTINCT snapshot_date FROM read_parquet($r) ORDER BY 1",
                                           {"r": segments}).fetchall()]
        if not dates:
            return []
        sample = sorted({dates[0], dates[len(dates) // 2], dates[-1]})
        rows = dict(((d, (n, f)) for d, n, f in con.execute(
            "SELECT snapshot_date, count(*), sum(followers)::DOUBLE FROM read_parquet($files) "
            "WHERE list_contains($dates, snapshot_date) GROUP BY ALL", {"files": store.files(version), "dates": sample}).fetchall()))
        rolled = dict(((d, (n, f)) for d, n, f in con.execute(
            "SELECT snapshot_date, sum(accounts), sum(followers) FROM read_parquet($r) "
            "WHERE list_contains($dates, snapshot_date) GROUP BY ALL", {"r": segments, "dates": sample}).fetchall()))
    out = []
    for d in sample:
        if rows.get(d) != rolled.get(d):
            out.append(Problem(f"{rollup.ROLLUP_DIR}/v{version:08d}.json", version,
                               f"{d} 的汇总（{rolled.get(d)}）与明细行（{rows.get(d)}）不一致",
                               f"the rollup of {d} ({rolled.get(d)}) differs from the rows ({rows.get(d)})", *_REBUILD))
    return out


def repair(store: Store, problems: list[Problem]) -> list[str]:
    """Fix what can be fixed without a backup: torn commit files moved aside, damaged or inconsistent derived
    tables set aside and rebuilt. Returns what was done, in English (the command prints both languages)."""
    done = [f"moved {Path(p).name} aside into {TABLE_DIR}/_govmedia_torn/" for p in store.set_torn_aside()]
    rebuild = sorted({p.version for p in problems if p.fix_en == _REBUILD[1] and p.version is not None})
    for version in rebuild:
        with derived.lock(store.root):
            for p in problems:
                if p.version == version and p.fix_en == _REBUILD[1] and (store.root / p.file).is_file():
                    derived.set_aside(store.root, store.root / p.file, p.en)
            files = store.files(version)
            accounts.build(store.root, version, files)
            rollup.build(store.root, version, files)
        done.append(f"rebuilt the derived tables of version {version}")
    return done
