"""Events added by analysts (in the browser, by CSV upload, or from the command line), kept versioned
beside the data: every change — add, edit, remove, import — writes the whole table as a new version of a
`VersionedTable` in `DATA_DIR/events/`, so an earlier state can be read back, and each change is in the
audit log."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics.access.scope import Scope
from analytics.errors import OutsideScope, StoreError
from analytics.events import model
from analytics.store.versioned import VersionedTable

EVENTS_DIR = "events"


@dataclass(frozen=True)
class Version:
    version: int
    action: str  # add | edit | remove | import
    user: str
    at: str
    rows: int
    detail: str


def _table(root: Path) -> VersionedTable[Version]:
    return VersionedTable(Path(root) / EVENTS_DIR, "events.parquet", Version)


def versions(root: Path) -> list[Version]:
    return _table(root).versions()


def current(root: Path, version: int | None = None) -> pd.DataFrame:
    """The added events in force (or at `version`)."""
    table = _table(root)
    found = table.latest(at_most=version)
    if found is None:
        return model.empty()
    df = table.read(found)
    for column in ("start", "end"):
        df[column] = [None if pd.isna(v) else pd.Timestamp(v).date() for v in df[column]]
    return df.reindex(columns=model.COLUMNS).fillna({"subject": "", "weight": 0.0})


def _change(root: Path, action: str, user: str, change: Callable[[pd.DataFrame], tuple[pd.DataFrame, str]]) -> Version:
    """`change(events in force)` returns the new whole table and the record's detail."""
    def build(number: int) -> tuple[Version, pd.DataFrame]:
        table, detail = change(current(root))
        record = Version(number, action, user, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), len(table), detail)
        out = table.reindex(columns=model.COLUMNS).copy()
        for column in ("start", "end"):
            out[column] = pd.to_datetime(out[column])
        return record, out
    return _table(root).change(build)


def may_change(scope: Scope, event_scope: str) -> bool:
    """A national analyst changes any event; a scoped one only events of their provinces or cities."""
    if scope.national:
        return True
    s = model.parse_scope(event_scope)
    if s.kind == "province":
        return not scope.platforms and s.province in scope.provinces
    if s.kind == "city":
        return not scope.platforms and scope.allows(s.province, s.city, None)
    return False


def _check(scope: Scope, rows: pd.DataFrame) -> None:
    outside = [s for s in rows["scope"] if not may_change(scope, s)]
    if outside:
        raise OutsideScope(f"范围“{outside[0]}”超出您的权限（{scope.describe('zh')}）",
                               f"the scope '{outside[0]}' is outside yours ({scope.describe('en')})")


def add(root: Path, rows: pd.DataFrame, user: str, scope: Scope, action: str = "add") -> tuple[Version, pd.DataFrame]:
    """Add normalised rows (see model.normalise) as a new version; each gets a new id."""
    _check(scope, rows)
    rows = rows.copy()
    rows["id"] = [f"a{uuid.uuid4().hex[:10]}" for _ in range(len(rows))]
    rows["source"] = "added"
    detail = "; ".join(f"{i} {t}" for i, t in zip(rows["id"], rows["title_zh"]))[:500]
    version = _change(root, action, user, lambda before: (pd.concat([before, rows], ignore_index=True) if len(before) else rows, detail))
    return version, rows


def _find(table: pd.DataFrame, event_id: str) -> int:
    hits = table.index[table["id"] == event_id]
    if not len(hits):
        raise StoreError(f"没有编号为 {event_id} 的事件（内置和数据推算的事件不能修改）",
                         f"there is no added event {event_id} (curated and derived events cannot be changed)")
    return hits[0]


def edit(root: Path, event_id: str, row: pd.Series, user: str, scope: Scope) -> Version:
    def change(table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
        at = _find(table, event_id)
        _check(scope, pd.DataFrame({"scope": [table.at[at, "scope"], row["scope"]]}))
        for column in model.COLUMNS:
            if column not in ("id", "source", "subject"):
                table.at[at, column] = row[column]
        return table, f"{event_id} {row['title_zh']}"
    return _change(root, "edit", user, change)


def remove(root: Path, event_id: str, user: str, scope: Scope) -> Version:
    def change(table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
        at = _find(table, event_id)
        _check(scope, table.loc[[at]])
        return table.drop(index=at).reset_index(drop=True), f"{event_id} {table.at[at, 'title_zh']}"
    return _change(root, "remove", user, change)
