"""The versioned snapshot table: a Delta Lake table under the data directory, with commit metadata."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import CommitProperties, DeltaTable
from deltalake import Schema as DeltaSchema
from deltalake.exceptions import CommitFailedError, DeltaError
from deltalake.transaction import AddAction, RemoveAction, create_table_with_add_actions

from analytics import durable, settings
from analytics.access.scope import NATIONAL, Scope
from analytics.errors import ConcurrentCommitError, OutsideScope, StoreError
from analytics.store import accounts, checksums, derived, locks, rollup, schema, staging
from analytics.store.report import Impact

TABLE_DIR = "snapshots"
EMPTY_FILE = "empty.parquet"
LOCK_FILE = ".write.lock"
META_PREFIX = "govmedia."
LOCK_TIMEOUT_S = 120.0
COMMIT_RETRIES = 5
Changed = tuple[dt.date, dt.date] | None
TORN_DIR = "_govmedia_torn"  # torn commit files moved aside by `verify --repair`, kept
_VALUES = tuple(n for n in schema.NAMES if n not in schema.KEY)
BATCH_ROWS = 500_000
_VERSIONS: dict[Path, tuple[int, int | None]] = {}  # log directory -> (its mtime, the version it held)


@dataclass(frozen=True)
class VersionInfo:
    version: int
    timestamp: dt.datetime
    action: str  # seed | ingest | restore | optimize | other
    user: str
    source: str
    sha256: str
    rows_added: int
    rows_replaced: int
    restored_from: int | None
    scope: str = ""  # the uploader's scope ("" for national)
    places: tuple[str, ...] = ()  # the provinces of the uploader's scope (empty for national)

    def as_row(self) -> dict[str, object]:
        return {"version": self.version, "timestamp": self.timestamp.isoformat(timespec="seconds"),
                "action": self.action, "user": self.user, "source": self.source, "sha256": self.sha256,
                "rows_added": self.rows_added, "rows_replaced": self.rows_replaced,
                "restored_from": self.restored_from, "scope": self.scope}


@dataclass(frozen=True)
class CommitResult:
    version: int | None  # None when nothing was written
    rows_added: int = 0
    rows_replaced: int = 0
    pending: str = ""  # why the version's derived tables are not built yet ("" when they are)

    @property
    def nothing_to_do(self) -> bool:
        return self.version is None

    def pending_note(self) -> tuple[str, str]:
        """What to tell the user when the version landed but its derived tables did not ("" when they did)."""
        if not self.pending:
            return "", ""
        return (f"已提交；派生汇总表尚未生成（{self.pending}），页面暂时显示上一版本的数字，腾出空间或修复后下次访问时自动补建。",
                f"Committed; derived tables pending ({self.pending}): pages show the previous version's numbers until "
                "they are built, which happens on the next visit once the cause is fixed.")


def _info(entry: dict) -> VersionInfo:
    meta = {k[len(META_PREFIX):]: v for k, v in entry.items() if k.startswith(META_PREFIX)}
    restored = meta.get("restored_from")
    if entry.get("operation") == "RESTORE" and restored is None:
        restored = entry.get("operationParameters", {}).get("version")
    return VersionInfo(
        version=int(entry["version"]),
        timestamp=dt.datetime.fromtimestamp(entry["timestamp"] / 1000, dt.timezone.utc),
        action=meta.get("action", "restore" if entry.get("operation") == "RESTORE" else "other"),
        user=str(meta.get("user", "")),
        source=str(meta.get("source", "")),
        sha256=str(meta.get("sha256", "")),
        rows_added=int(meta.get("rows_added", 0)),
        rows_replaced=int(meta.get("rows_replaced", 0)),
        restored_from=None if restored is None else int(restored),
        scope=str(meta.get("scope", "")),
        places=tuple(json.loads(meta["places"])) if meta.get("places") else (),
    )


class DeltaStore:
    """A versioned Delta table under the data directory, written only by this project: reads go through
    `files()`, writes through a subclass's commit and `restore`; every commit is sealed (synced, its files'
    checksums recorded) and followed by the hooks that build what is derived from it."""

    DIR = TABLE_DIR
    SCHEMA = schema.ARROW_SCHEMA
    EMPTY = EMPTY_FILE

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.table_path = self.root / self.DIR
        self._after_commit: list[Callable[[DeltaStore, int, Changed], None]] = []

    def on_commit(self, hook: Callable[[Store, int, Changed], None]) -> None:
        """Run `hook(store, version, changed)` after every commit or restore, still holding the lock.

        `changed` is the (first, last) snapshot date the commit wrote, or None after a restore."""
        self._after_commit.append(hook)

    # -- reading -----------------------------------------------------------------------------

    def exists(self) -> bool:
        return DeltaTable.is_deltatable(str(self.table_path))

    def table(self, version: int | None = None) -> DeltaTable:
        if not self.exists():
            raise StoreError("数据表尚未创建：请先导入数据", "the snapshot table does not exist yet: ingest data first")
        if version is None:
            version = self.version()
        try:
            return DeltaTable(str(self.table_path), version=version)
        except DeltaError as exc:
            raise StoreError(f"无法读取版本 {version}", f"cannot read version {version}: {exc}") from exc

    def version(self) -> int | None:
        """The current version, read from the log directory. Every rerun of every session asks, so the
        listing is reused while the directory is unchanged; a directory changed within the last second
        is listed again, since its timestamp may not yet tell two quick commits apart."""
        log = self.table_path / "_delta_log"
        try:
            changed = os.stat(log).st_mtime_ns
        except FileNotFoundError:
            return None
        seen = _VERSIONS.get(log)
        if seen is not None and seen[0] == changed and time.time_ns() - changed > 1_000_000_000:
            return seen[1]
        try:
            names = os.listdir(log)
        except FileNotFoundError:
            return None
        versions = sorted(int(n[:20]) for n in names if len(n) == 25 and n.endswith(".json") and n[:20].isdigit())
        # A power loss can leave the last commit file torn: the table is then at the last complete one.
        while versions and not _complete(log / f"{versions[-1]:020d}.json"):
            versions.pop()
        version = versions[-1] if versions else None
        _VERSIONS[log] = (changed, version)
        return version

    def torn(self) -> list[Path]:
        """Commit files after the current version: torn by a crash (unparseable), never part of the table."""
        log = self.table_path / "_delta_log"
        current = self.version()
        try:
            names = os.listdir(log)
        except FileNotFoundError:
            return []
        return sorted(log / n for n in names if len(n) == 25 and n.endswith(".json") and n[:20].isdigit()
                      and (current is None or int(n[:20]) > current))

    def set_torn_aside(self) -> list[Path]:
        """Move torn commit files into `snapshots/_govmedia_torn/` (kept, never deleted); returns their new paths."""
        with self.write_lock():
            moved = []
            for path in self.torn():
                target = self.table_path / TORN_DIR / f"{path.name}.{int(time.time())}"
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
                durable.sync_dir(target.parent)
                durable.sync_dir(path.parent)
                derived.incident(self.root, "torn_commit_set_aside", file=f"{self.DIR}/_delta_log/{path.name}",
                                 kept=f"{self.DIR}/{TORN_DIR}/{target.name}")
                moved.append(target)
            _VERSIONS.pop(self.table_path / "_delta_log", None)
            return moved

    def files(self, version: int | None = None) -> list[str]:
        """The version's parquet files; a version without rows reads one file of the schema and no rows,
        since DuckDB cannot read an empty list."""
        return self.table(version).file_uris() or [self._empty_file()]

    def stored_files(self) -> list[str]:
        """The current version's files; with no version yet, one empty file of the schema."""
        return self.files() if self.version() is not None else [self._empty_file()]

    def _empty_file(self) -> str:
        path = self.root / self.EMPTY
        if not path.exists():
            tmp = durable.tmp_name(path)
            pq.write_table(self.SCHEMA.empty_table(), tmp)
            durable.replace(tmp, path)
        return str(path)

    def history(self) -> list[VersionInfo]:
        """Newest first."""
        if not self.exists() or self.version() is None:
            return []
        current = self.version()
        log = self.table_path / "_delta_log"
        found = []
        # Read from the commit files themselves: a torn file after `current` must not shift the numbering.
        for v in range(current, -1, -1):
            try:
                lines = commit_lines(log / f"{v:020d}.json")
            except FileNotFoundError:
                continue  # removed by log retention; the versions after it still stand
            info = next((json.loads(line)["commitInfo"] for line in lines if '"commitInfo"' in line), None)
            if info is not None:
                found.append(_info({**info, "version": v}))
        return found

    def committed_shas(self) -> dict[str, int]:
        """sha256 → version for the commits whose rows are part of the current state.

        A restore to version V drops every commit after V from the lineage, so a file whose rows
        were rolled back can be ingested again."""
        by_version = {h.version: h for h in self.history()}
        shas: dict[str, int] = {}
        v = max(by_version, default=-1)
        while v >= 0:
            info = by_version[v]
            if info.action == "restore" and info.restored_from is not None:
                v = info.restored_from
                continue
            if info.sha256:
                shas.setdefault(info.sha256, v)
            v -= 1
        return shas

    # -- writing -----------------------------------------------------------------------------

    def write_lock(self, timeout: float = LOCK_TIMEOUT_S):
        """Serialise writers across processes and threads; re-entrant within one thread."""
        return locks.exclusive(self.root / LOCK_FILE, timeout,
                               ("另一位用户正在提交数据，请稍后重试", "another commit is in progress; please try again shortly"))

    def _refuse_torn(self) -> None:
        torn = self.torn()
        if torn:
            names = ", ".join(p.name for p in torn)
            raise StoreError(f"数据表日志末尾有未完整写入的提交文件（{names}）：请先运行 python -m analytics verify --repair",
                             f"the table's log ends in a torn commit file ({names}): run python -m analytics verify --repair first")

    def _append(self, rows: pa.RecordBatchReader, props: CommitProperties, create: bool = False,
                removing: list | None = None) -> None:
        """Append (or, with `create`, make the table's first version) by writing the parquet file with
        pyarrow, with page checksums, and committing it as an add action.

        Appending new weeks is the common commit, and on 1M rows pyarrow's snappy writer took about
        60 % of the time of delta-rs's writer (zstd files are 25 % smaller but slower to write)."""
        self.table_path.mkdir(parents=True, exist_ok=True)
        added = self._write_files(rows, per_file=2**62)  # one file: a commit's rows stay together
        if create:
            create_table_with_add_actions(str(self.table_path), DeltaSchema.from_arrow(self.SCHEMA), added,
                                          mode="error", commit_properties=props)
            return
        DeltaTable(str(self.table_path)).create_write_transaction(
            [*(removing or []), *added], mode="append", schema=self.SCHEMA, commit_properties=props)

    def _write_files(self, rows: pa.RecordBatchReader, per_file: int) -> list[AddAction]:
        """Write the rows into files of about `per_file` rows each (synced, with page checksums)."""
        actions: list[AddAction] = []
        writer, path, held = None, None, 0
        try:
            for batch in rows:
                if writer is None:
                    path = self.table_path / f"part-{uuid.uuid4()}-c000.snappy.parquet"
                    writer = pq.ParquetWriter(path, self.SCHEMA, write_page_checksum=True)
                writer.write_batch(batch)
                held += batch.num_rows
                if held >= per_file:
                    writer.close()
                    actions.append(self._added(path))
                    writer, held = None, 0
            if writer is not None:
                writer.close()
                actions.append(self._added(path))
        except BaseException:
            if writer is not None:
                writer.close()
            for done in [*(self.table_path / a.path for a in actions), *([path] if path else [])]:
                done.unlink(missing_ok=True)  # no commit names them; a full disk gets its space back
            raise
        durable.sync_dir(self.table_path)
        return actions

    def _added(self, path: Path) -> AddAction:
        durable.sync_file(path)  # the bytes are on disk before the commit that names them
        return AddAction(path.name, path.stat().st_size, {}, int(time.time() * 1000), True, _file_stats(pq.read_metadata(path), self.SCHEMA))

    def restore(self, version: int, *, user: str) -> CommitResult:
        """Make the state of `version` current again, as a new version; history is kept."""
        with self.write_lock():
            self._refuse_torn()
            current = self.version()
            if current is None or not 0 <= version < current:
                raise StoreError(f"无法恢复到版本 {version}：可选版本为 0 至 {max((current or 0) - 1, 0)}",
                                 f"cannot restore version {version}: choose 0 .. {max((current or 0) - 1, 0)}")
            meta = self._meta(action="restore", user=user, source=f"v{version}", sha256="",
                              rows_added=0, rows_replaced=0, restored_from=version)
            try:
                DeltaTable(str(self.table_path)).restore(version, commit_properties=CommitProperties(custom_metadata=meta))
            except (OSError, DeltaError) as exc:
                raise _not_written(exc) from exc
            new = self.version()
            return CommitResult(new, pending=self._after(new, None))

    def _seal(self, version: int) -> None:
        """Make a landed commit durable and checkable: sync the files it added (delta-rs writes them
        without a sync) and its commit file, and record every added file's checksum."""
        log = self.table_path / "_delta_log"
        commit = log / f"{version:020d}.json"
        added: dict[str, dict] = {}
        known = None
        for line in commit_lines(commit):
            add = json.loads(line).get("add") if line.strip() else None
            if not add:
                continue
            path = self.table_path / add["path"]
            durable.sync_file(path)
            if known is None:
                known = checksums.known(self.table_path, version - 1)
            # A restore re-adds files earlier versions recorded; only new files are read for their checksum.
            added[add["path"]] = known.get(add["path"]) or checksums.entry(path)
        durable.sync_dir(self.table_path)
        durable.sync_file(commit)
        durable.sync_dir(log)
        checksums.record(self.table_path, version, added)

    def _after(self, version: int, changed: Changed, carry_from: int | None = None) -> str:
        """Seal the landed version and build what the store derives from it (or, for the same rows, take
        `carry_from`'s). The commit has landed whatever happens here, so a failure (a full disk, a killed
        build) is reported and healed later, never raised. Returns why derived tables are pending, or ""."""
        try:
            self._seal(version)
            if carry_from is not None and self._carry(carry_from, version):
                return ""
            for hook in self._after_commit:
                hook(self, version, changed)
        except Exception as exc:  # any failure after the commit must not read as a failed commit
            reason = getattr(exc, "strerror", None) or str(exc)[:200] or type(exc).__name__
            derived.incident(self.root, "derived_pending", version=version, reason=reason)
            return reason
        return ""

    def _carry(self, source: int, version: int) -> bool:
        """Take `source`'s derived tables for `version` (the same rows); False when there are none to take."""
        return False

    @staticmethod
    def _meta(**values: object) -> dict[str, str]:
        return {META_PREFIX + k: json.dumps(v) if isinstance(v, (dict, list)) else str(v)
                for k, v in values.items() if v is not None}



class Store(DeltaStore):
    """The snapshot table: upserts on (platform, account_id, snapshot_date), the rollup and account summary
    derived after every commit, optimize."""

    def __init__(self, root: Path | str, aggregate: rollup.Runner | None = None):
        super().__init__(root)
        self._after_commit.append(_write_rollup)
        # What computes the rollup's aggregate over the rows; None: DuckDB in this process. The Spark
        # backend gives its own, so that with Spark the builds run on the cluster too.
        self.aggregate = aggregate

    @classmethod
    def open(cls, data_dir: str | os.PathLike | None = None, aggregate: rollup.Runner | None = None) -> Store:
        return cls(settings.data_dir(data_dir), aggregate)

    def _carry(self, source: int, version: int) -> bool:
        return accounts.carry(self.root, source, version) and rollup.carry(self.root, source, version)

    def impact(self, rows: Path, version: int | None = None) -> Impact:
        """Compare an upload with the stored rows it would touch."""
        if self.exists() and version is None:
            version = self.version()
        with self._query(rows, version) as (con, params):
            total = con.execute("SELECT count(*) FROM up").fetchall()[0][0]
            if total == 0:
                return Impact()
            if "files" not in params:
                distinct = con.execute("SELECT count(DISTINCT (platform, account_id)) FROM up").fetchall()[0][0]
                return Impact(rows_new=total, accounts_new=distinct)
            replaced, same = self._overlap(con, params)
            attrs_differ = " OR ".join(f"u.{c} IS DISTINCT FROM s.{c}" for c in accounts.ATTRS)
            latest = ", ".join(f"arg_max({c}, snapshot_date) AS {c}" for c in accounts.ATTRS)
            # Stored accounts and their latest attributes come from the version's account summary, so the
            # comparison costs the number of accounts, not every stored row.
            summary = str(accounts.ensure(self.root, version, params["files"]))
            new_accounts, changed_accounts = con.execute(
                f"""
                WITH uk AS (SELECT DISTINCT platform, account_id FROM up),
                     known AS (SELECT platform, account_id, {", ".join(accounts.ATTRS)} FROM read_parquet($summary)
                               SEMI JOIN uk USING (platform, account_id)),
                     ua AS (SELECT platform, account_id, {latest} FROM up SEMI JOIN known USING (platform, account_id)
                            GROUP BY ALL)
                SELECT (SELECT count(*) FROM uk) - (SELECT count(*) FROM known),
                       (SELECT count(*) FROM ua u JOIN known s USING (platform, account_id) WHERE {attrs_differ})
                """,
                {"summary": summary},
            ).fetchall()[0]
        return Impact(rows_new=total - replaced - same, rows_replaced=replaced, rows_unchanged=same,
                      accounts_new=new_accounts, accounts_changed=changed_accounts, version=version)

    @contextlib.contextmanager
    def _query(self, rows: Path, version: int | None) -> Iterator[tuple[duckdb.DuckDBPyConnection, dict]]:
        """A connection where `up` is the upload, read from its staged parquet file (see staging); with a
        stored version, params hold its files and the upload's date range."""
        with staging.connect(self.root) as con:
            con.read_parquet(str(rows)).create_view("up")
            params: dict = {}
            if version is not None:
                lo, hi = con.execute("SELECT min(snapshot_date), max(snapshot_date) FROM up").fetchall()[0]
                params = {"files": self.files(version), "lo": lo or dt.date.min, "hi": hi or dt.date.min}
            yield con, params

    _MATCHES = """
        WITH s AS (SELECT * FROM read_parquet($files)
                   WHERE snapshot_date BETWEEN $lo AND $hi AND platform IN (SELECT DISTINCT platform FROM up)),
             m AS (SELECT u.platform, u.account_id, u.snapshot_date, ({same}) AS same
                   FROM up u JOIN s ON s.platform = u.platform AND s.account_id = u.account_id
                                   AND s.snapshot_date = u.snapshot_date)
    """.format(same=" AND ".join(f"u.{c} IS NOT DISTINCT FROM s.{c}" for c in _VALUES))

    def _overlap(self, con: duckdb.DuckDBPyConnection, params: dict) -> tuple[int, int]:
        """(stored rows the upload would change, stored rows it repeats exactly)."""
        return con.execute(self._MATCHES + "SELECT count(*) FILTER (WHERE NOT same), count(*) FILTER (WHERE same) FROM m",
                           params).fetchall()[0]

    def foreign(self, rows: Path, within: Scope, version: int | None = None) -> list[int]:
        """Row numbers (1-based) of the upload that would touch stored data outside `within`: a key whose
        stored row lies outside, or an account whose latest stored attributes do (a row added to it would
        move it). Only the upload's own row numbers come back, never what is stored there."""
        if within.national or not self.exists():
            return []
        if version is None:
            version = self.version()
        cond, scope_params = within.sql()
        with self._query(rows, version) as (con, params):
            summary = str(accounts.ensure(self.root, version, params["files"]))
            found = con.execute(
                f"""
                WITH s AS (SELECT platform, account_id, snapshot_date FROM read_parquet($files)
                           WHERE snapshot_date BETWEEN $lo AND $hi AND platform IN (SELECT DISTINCT platform FROM up)
                             AND NOT ({cond})),
                     a AS (SELECT platform, account_id FROM read_parquet($summary) WHERE NOT ({cond})),
                     u AS (SELECT platform, account_id, snapshot_date, file_row_number + 1 AS row
                           FROM read_parquet($rows, file_row_number = true))
                SELECT row FROM u SEMI JOIN s USING (platform, account_id, snapshot_date)
                UNION SELECT row FROM u SEMI JOIN a USING (platform, account_id) ORDER BY row
                """,
                {**params, **scope_params, "summary": summary, "rows": str(rows)},
            ).fetchall()
        return [r for (r,) in found]

    def commit(self, rows: Path, *, user: str, source: str, sha256: str, action: str = "ingest",
               known: Impact | None = None, within: Scope = NATIONAL) -> CommitResult:
        """Upsert validated rows on (platform, account_id, snapshot_date) as one new version.

        `within` is the uploader's scope: checked under the lock against the rows as stored then, so a
        commit between the check of an upload and its confirmation cannot let it touch another region.
        `known` is the impact computed for the upload's report; it is reused when the table is
        still at the version it was computed against, so confirming does not compare twice."""
        with self.write_lock():
            self._refuse_torn()
            if sha256 and sha256 in self.committed_shas():
                return CommitResult(None)
            if self.foreign(rows, within):
                raise OutsideScope("文件中有行会改动您范围以外的数据，未导入",
                                   "the file has rows that would change data outside your scope; nothing was imported")
            scope = "" if within.national else within.describe("zh")
            places = within.places()
            for attempt in range(COMMIT_RETRIES):
                try:
                    return self._commit_locked(rows, user=user, source=source, sha256=sha256, action=action,
                                               known=known, scope=scope, places=places)
                except CommitFailedError:
                    # A writer outside this lock (another host, an older process) won the race; re-read and retry.
                    known = None
                    time.sleep(0.1 * (attempt + 1))
                except (OSError, DeltaError) as exc:
                    raise _not_written(exc) from exc
            raise ConcurrentCommitError("数据表正被其他进程修改，提交未成功，请重试",
                                        "the table is being changed by another process; the commit did not land, please retry")

    def _commit_locked(self, rows: Path, *, user: str, source: str, sha256: str, action: str,
                       known: Impact | None, scope: str, places: tuple[str, ...]) -> CommitResult:
        exists = self.exists()
        base = self.version() if exists else None
        with self._query(rows, base) as (con, params):
            replaced = same = 0
            if exists and known is not None and known.version == base:
                replaced, same = known.rows_replaced, known.rows_unchanged
            elif exists:
                replaced, same = self._overlap(con, params)
            # Rows the store already holds unchanged are left out; the rest stream from DuckDB in date order
            # (files in date order let merges and date filters skip files by their statistics).
            changes = (self._MATCHES + "SELECT u.* FROM up u ANTI JOIN (SELECT * FROM m WHERE same) k "
                       "USING (platform, account_id, snapshot_date)") if same else "SELECT * FROM up"
            bound = params if same else None
            total, first, last = con.execute(
                f"SELECT count(*), min(snapshot_date), max(snapshot_date) FROM ({changes})", bound).fetchall()[0]
            if total == 0:
                return CommitResult(None)
            added = total - replaced
            meta = self._meta(action=action, user=user, source=source, sha256=sha256,
                              rows_added=added, rows_replaced=replaced, scope=scope or None,
                              places=list(places) or None)
            props = CommitProperties(custom_metadata=meta)
            dates = [d for (d,) in con.execute(f"SELECT DISTINCT snapshot_date FROM ({changes}) ORDER BY 1",
                                               bound).fetchall()] if replaced else []
            if not exists or replaced == 0:
                self._append(_stream(con, changes + " ORDER BY snapshot_date", bound, self.SCHEMA), props, create=not exists)
            else:
                self._rewrite(con, changes, bound, dates, props)
        version = self.version()
        return CommitResult(version, added, replaced, self._after(version, (first, last)))

    def _rewrite(self, con: duckdb.DuckDBPyConnection, changes: str, bound: dict | None, dates: list[dt.date],
                 props: CommitProperties) -> None:
        """An upsert that replaces stored rows: the files holding any of the changed dates are rewritten as
        one file (their other rows kept, the changed keys taken from the upload) and swapped for it in one
        commit. Written by pyarrow like an append, so it carries page checksums; files whose date
        statistics miss every changed date are not read."""
        current = DeltaTable(str(self.table_path), version=self.version())
        adds = pa.table(current.get_add_actions(flatten=True))
        lo_col = adds.column("min.snapshot_date") if "min.snapshot_date" in adds.column_names else None
        hi_col = adds.column("max.snapshot_date") if "max.snapshot_date" in adds.column_names else None
        touched = []
        for i, path in enumerate(adds.column("path").to_pylist()):
            lo = lo_col[i].as_py() if lo_col is not None else None
            hi = hi_col[i].as_py() if hi_col is not None else None
            if lo is None or hi is None or any(lo <= d <= hi for d in dates):
                touched.append((path, int(adds.column("size_bytes")[i].as_py())))
        kept = [str(self.table_path / path) for path, _ in touched]
        keys = "platform, account_id, snapshot_date"
        sql = (f"SELECT * FROM ({changes}) UNION ALL (SELECT s.* FROM read_parquet($kept) s "
               f"ANTI JOIN ({changes}) c USING ({keys})) ORDER BY snapshot_date")
        now = int(time.time() * 1000)
        removed = [RemoveAction(path, True, now, size) for path, size in touched]
        self._append(_stream(con, sql, {**(bound or {}), "kept": kept}, self.SCHEMA), props, removing=removed)

    def _cluster(self, version: int, target_mb: int, props: CommitProperties) -> None:
        """Rewrite every file of `version` in Z-order over (week, account) and swap them in one commit.

        The Z-value interleaves the bits of the date's rank and of the account's rank (by platform and
        id), so consecutive files each hold a block of nearby weeks × nearby accounts: a week's rows and an
        account's history both fall in a few files, whose statistics let a scan skip the rest. Files are
        written by pyarrow (page checksums, as every commit's) of about `target_mb` each."""
        adds = pa.table(DeltaTable(str(self.table_path), version=version).get_add_actions(flatten=True))
        adds = adds.select(["path", "size_bytes", "num_records"]).to_pylist()
        files = [str(self.table_path / a["path"]) for a in adds]
        stored, rows = sum(a["size_bytes"] for a in adds), sum(a["num_records"] or 0 for a in adds)
        per_file = max(1, target_mb * 2**20 * max(rows, 1) // max(stored, 1))
        sql = f"""
            WITH r AS (SELECT *, (dense_rank() OVER (ORDER BY snapshot_date) - 1)::UBIGINT AS d,
                              (dense_rank() OVER (ORDER BY platform, account_id) - 1)::UBIGINT AS a
                       FROM read_parquet($files))
            SELECT * EXCLUDE (d, a) FROM r
            ORDER BY {_spread("d")} | ({_spread("a")} << 1), snapshot_date, platform, account_id
        """
        now = int(time.time() * 1000)
        removed = [RemoveAction(a["path"], False, now, int(a["size_bytes"])) for a in adds]
        with staging.connect(self.root) as con:
            added = self._write_files(_stream(con, sql, {"files": files}, self.SCHEMA), per_file)
        DeltaTable(str(self.table_path)).create_write_transaction(
            [*removed, *added], mode="append", schema=schema.ARROW_SCHEMA, commit_properties=props)

    def optimize(self, *, user: str, target_mb: int = 256) -> CommitResult:
        """Rewrite the current version's files clustered by date and account (a Z-order over
        snapshot_date, platform, account_id) as a new version with the same rows.

        Weekly appends leave one file per week, in which an account's rows are spread over every
        file; after the rewrite an account's history and a week's rows each sit in a few files whose
        statistics let the scan skip the rest. Earlier versions keep their files, so time travel and
        restore are unchanged. The rows do not change, so the new version shares the previous
        version's rollup and account summary instead of rebuilding them."""
        with self.write_lock():
            self._refuse_torn()
            current = self.version()
            if current is None:
                raise StoreError("还没有数据，无需整理", "there is no data to optimize")
            history = self.history()
            if history and history[0].action == "optimize":
                return CommitResult(None)  # nothing was written since the last rewrite
            meta = self._meta(action="optimize", user=user, source="z-order snapshot_date, platform, account_id",
                              sha256="", rows_added=0, rows_replaced=0)
            try:
                self._cluster(current, target_mb, CommitProperties(custom_metadata=meta))
            except (OSError, DeltaError, duckdb.Error) as exc:
                raise _not_written(exc) from exc
            new = self.version()
            return CommitResult(new, pending=self._after(new, None, carry_from=current))

def _write_rollup(store: Store, version: int, changed: Changed) -> None:
    files = store.files(version)
    accounts.build(store.root, version, files, changed=changed)
    rollup.build(store.root, version, files, changed=changed, run=store.aggregate)


def _spread(column: str) -> str:
    """SQL for the bits of a 32-bit value spread to the even bits of a 64-bit one (for a Z-value)."""
    sql = f"({column} & 4294967295::UBIGINT)"
    for shift, mask in ((16, 0x0000FFFF0000FFFF), (8, 0x00FF00FF00FF00FF), (4, 0x0F0F0F0F0F0F0F0F),
                        (2, 0x3333333333333333), (1, 0x5555555555555555)):
        sql = f"(({sql} | ({sql} << {shift})) & {mask}::UBIGINT)"
    return sql


def _stream(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None, into: pa.Schema) -> pa.RecordBatchReader:
    """The query's rows in the stored schema, streamed from DuckDB in batches."""
    batches = con.sql(sql, params=params).to_arrow_reader(BATCH_ROWS)
    return pa.RecordBatchReader.from_batches(into, (b.cast(into) for b in batches))


def commit_lines(commit: Path) -> list[str]:
    """A commit file's lines, split on newlines only: statistics quote account names, which may hold
    U+2028 or U+0085 (line breaks to str.splitlines, plain characters to JSON). delta-rs cuts text
    statistics at a byte count, which can split a character: such bytes are replaced, as nothing read
    here is a statistic."""
    return [line for line in commit.read_bytes().decode("utf-8", "replace").split("\n") if line.strip()]


def _complete(commit: Path) -> bool:
    """Whether a commit file is whole: every line a JSON object (a torn write cuts the last one short)."""
    try:
        lines = commit_lines(commit)
        return bool(lines) and all(isinstance(json.loads(line), dict) for line in lines if line.strip())
    except (OSError, ValueError):
        return False


def _not_written(exc: Exception) -> StoreError:
    reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0][:200]
    return StoreError(f"写入数据表失败，未产生新版本（{reason}）；已保存的数据未改变",
                      f"writing to the table failed and no version was made ({reason}); the stored data is unchanged")


def _file_stats(meta: pq.FileMetaData, columns: pa.Schema) -> str:
    """Delta file statistics (row count, min/max/null count) from the parquet footer.

    Text columns are left out: Delta truncates them, and only dates and counts drive file skipping."""
    mins: dict[str, object] = {}
    maxs: dict[str, object] = {}
    nulls: dict[str, int] = {}
    for i, field in enumerate(columns):
        if pa.types.is_string(field.type):
            continue
        stats = [meta.row_group(g).column(i).statistics for g in range(meta.num_row_groups)]
        if not stats or any(s is None or not s.has_min_max for s in stats):
            continue
        lo, hi = min(s.min for s in stats), max(s.max for s in stats)
        mins[field.name] = lo.isoformat() if isinstance(lo, dt.date) else lo
        maxs[field.name] = hi.isoformat() if isinstance(hi, dt.date) else hi
        nulls[field.name] = sum(s.null_count for s in stats)
    return json.dumps({"numRecords": meta.num_rows, "minValues": mins, "maxValues": maxs, "nullCount": nulls})
