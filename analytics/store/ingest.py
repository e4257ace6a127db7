"""The one ingest path shared by the browser and the command line: read, validate, compare, commit."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from analytics import settings
from analytics.access.roles import Actor, require_admin, require_analyst
from analytics.access.scope import NATIONAL, Scope
from analytics.errors import OutsideScope
from analytics.store import readers, staging
from analytics.store.report import FileReport, Problem
from analytics.store.table import CommitResult, Store
from analytics.store.validate import validate

SAMPLE_FILE = "snapshots.parquet"
MAX_PLACES = 12  # places named in the report of an upload outside the uploader's scope
MAX_ROWS = 20  # row numbers named in the report of an upload touching stored rows outside it
SEED_USER = "sample_data"


@dataclass
class Prepared:
    """A validated upload, staged as a parquet file in the data directory until the analyst confirms
    or cancels it."""

    report: FileReport
    rows: Path | None

    @property
    def committable(self) -> bool:
        return self.rows is not None and not self.report.nothing_to_do

    def discard(self) -> None:
        staging.discard(self.rows)
        self.rows = None


def prepare(store: Store, name: str, data: bytes, today: dt.date | None = None, scope: Scope = NATIONAL) -> Prepared:
    """Validate bytes of an uploaded file; `name` is only shown to people, never used as a path. An upload
    with any row outside the uploader's `scope` is rejected whole."""
    report = FileReport(name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest())
    out = staging.new_file(store.root)
    try:
        loaded = readers.load(name, data)
        checked = validate(loaded.schema, loaded.batches, name, out, store.root, textual=loaded.textual, today=today)
    except readers.Unreadable as exc:
        staging.discard(out)
        report.problems = [exc.problem]
        return Prepared(report, None)
    except (pa.ArrowException, duckdb.Error, ValueError, TypeError, OverflowError, MemoryError) as exc:
        staging.discard(out)
        report.problems = [Problem("unreadable", None, f"无法校验此文件（{type(exc).__name__}）",
                                   f"this file cannot be checked ({type(exc).__name__})")]
        return Prepared(report, None)
    checked.sha256, checked.size, checked.note = report.sha256, report.size, loaded.note
    if checked.ok and not scope.national:
        checked.problems = [*checked.problems, *outside(out, store.root, scope)]
    if checked.ok and not scope.national:
        checked.problems = [*checked.problems, *foreign(store, out, scope)]
    if not checked.ok:
        staging.discard(out)
        return Prepared(checked, None)
    checked.already_committed_in = store.committed_shas().get(checked.sha256)
    if checked.already_committed_in is None and checked.rows:
        checked.impact = store.impact(out)
    return Prepared(checked, out)


def outside(rows: Path, root: Path, scope: Scope) -> list[Problem]:
    """One problem listing the rows outside `scope` by province and city (none when every row is inside)."""
    cond, params = scope.sql()
    with staging.connect(root) as con:
        found = con.execute(f"SELECT province, coalesce(city, '') AS city, count(*) AS n, min(file_row_number) + 1 AS first "
                            f"FROM read_parquet($rows, file_row_number = true) WHERE NOT ({cond}) "
                            "GROUP BY ALL ORDER BY n DESC, province, city", {"rows": str(rows), **params}).fetchall()
    if not found:
        return []
    total = sum(n for _, _, n, _ in found)
    places = [f"{p}{'/' + c if c else ''} {n:,}" for p, c, n, _ in found[:MAX_PLACES]]
    more = len(found) > MAX_PLACES
    return [Problem("outside_scope", "province",
                    f"有行不在您的范围（{scope.describe('zh')}）内，整份文件未导入：" + "、".join(places) + ("、…" if more else ""),
                    f"rows outside your scope ({scope.describe('en')}); the whole file was not imported: "
                    + ", ".join(places) + (", …" if more else ""),
                    count=total, rows=tuple(sorted(first for *_, first in found[:MAX_PLACES]))[:5])]


def foreign(store: Store, rows: Path, scope: Scope) -> list[Problem]:
    """One problem naming, by the upload's own row numbers, the rows that would change stored data outside
    `scope`; what is stored there (its region, name, even whether it is there for another reason) stays
    unsaid beyond that."""
    found = store.foreign(rows, scope)
    if not found:
        return []
    listed = "、".join(str(r) for r in found[:MAX_ROWS]) + ("、…" if len(found) > MAX_ROWS else "")
    listed_en = ", ".join(str(r) for r in found[:MAX_ROWS]) + (", …" if len(found) > MAX_ROWS else "")
    return [Problem("foreign_rows", "account_id",
                    f"第 {listed} 行的账号不在您的范围（{scope.describe('zh')}）内，不能由您修改，整份文件未导入",
                    f"rows {listed_en}: these accounts are not within your scope ({scope.describe('en')}) and cannot be "
                    "changed by you; the whole file was not imported",
                    count=len(found), rows=tuple(found[:5]))]


def commit(store: Store, prepared: Prepared, actor: Actor) -> CommitResult:
    """Commit a validated upload as a new version; only an analyst may, and only rows within their scope."""
    require_analyst(actor)
    if not prepared.committable:
        return CommitResult(None)
    if not actor.scope.national and outside(prepared.rows, store.root, actor.scope):
        raise OutsideScope("文件中有行不在您的范围内，未导入", "the file has rows outside your scope; nothing was imported")
    result = store.commit(prepared.rows, user=actor.name, source=prepared.report.name, sha256=prepared.report.sha256,
                          known=prepared.report.impact, within=actor.scope)
    prepared.discard()
    return result


def restore(store: Store, version: int, actor: Actor) -> CommitResult:
    """Make an earlier version current again, as a new version; only an administrator may."""
    require_admin(actor)
    return store.restore(version, user=actor.name)


def optimize(store: Store, actor: Actor) -> CommitResult:
    """Cluster the current version's files by date and account, as a new version; only an administrator may."""
    require_admin(actor)
    return store.optimize(user=actor.name)


def ensure_seeded(store: Store, sample_dir: Path | None = None) -> bool:
    """Load the bundled sample data into an empty store; True when it did."""
    if store.exists() or not settings.seed_enabled():
        return False
    path = (sample_dir or settings.SAMPLE_DIR) / SAMPLE_FILE
    with store.write_lock():
        if store.exists():
            return False
        prepared = prepare(store, path.name, path.read_bytes())
        if not prepared.report.ok:
            raise RuntimeError("bundled sample data failed validation:\n" + prepared.report.text("en"))
        store.commit(prepared.rows, user=SEED_USER, source=f"sample_data/{path.name}",
                     sha256=prepared.report.sha256, action="seed")
        prepared.discard()
    return True
