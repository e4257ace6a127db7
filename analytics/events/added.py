"""Events added by analysts (in the browser, by CSV upload, or from the command line), kept versioned
beside the data: every change — add, edit, remove, import — writes the whole table as a new version in
`DATA_DIR/events/`, so an earlier state can be read back, and each change is in the audit log."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from analytics.access.scope import Scope
from analytics.errors import OutsideScope, StoreError
from analytics.events import model

EVENTS_DIR = "events"


@dataclass(frozen=True)
class Version:
    version: int
    action: str  # add | edit | remove | import
    user: str
    at: str
    rows: int
    detail: str


def _folder(root: Path) -> Path:
    return Path(root) / EVENTS_DIR


def versions(root: Path) -> list[Version]:
    found = []
    for p in _folder(root).glob("v*"):
        if p.name[1:].isdigit() and (p / "version.json").exists():
            found.append(Version(**json.loads((p / "version.json").read_text(encoding="utf-8"))))
    return sorted(found, key=lambda v: v.version)


def current(root: Path, version: int | None = None) -> pd.DataFrame:
    """The added events in force (or at `version`)."""
    found = versions(root)
    if version is not None:
        found = [v for v in found if v.version <= version]
    if not found:
        return model.empty()
    df = pd.read_parquet(_folder(root) / f"v{found[-1].version:04d}" / "events.parquet")
    for column in ("start", "end"):
        df[column] = [None if pd.isna(v) else pd.Timestamp(v).date() for v in df[column]]
    return df.reindex(columns=model.COLUMNS).fillna({"subject": "", "weight": 0.0})


def _write(root: Path, table: pd.DataFrame, action: str, user: str, detail: str) -> Version:
    folder = _folder(root)
    folder.mkdir(parents=True, exist_ok=True)
    number = 1 + max((v.version for v in versions(root)), default=0)
    record = Version(number, action, user, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), len(table), detail)
    tmp = folder / f".v{number:04d}.{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    out = table.reindex(columns=model.COLUMNS).copy()
    for column in ("start", "end"):
        out[column] = pd.to_datetime(out[column])
    out.to_parquet(tmp / "events.parquet", index=False)
    (tmp / "version.json").write_text(json.dumps(asdict(record), ensure_ascii=False), encoding="utf-8")
    try:
        os.rename(tmp, folder / f"v{number:04d}")
    except OSError as exc:  # another writer took the number first
        raise StoreError("另一位分析员刚刚修改了事件，请重试", "another analyst changed the events just now; try again") from exc
    return record


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
    table = pd.concat([current(root), rows], ignore_index=True) if len(current(root)) else rows
    detail = "; ".join(f"{i} {t}" for i, t in zip(rows["id"], rows["title_zh"]))[:500]
    return _write(root, table, action, user, detail), rows


def _find(table: pd.DataFrame, event_id: str) -> int:
    hits = table.index[table["id"] == event_id]
    if not len(hits):
        raise StoreError(f"没有编号为 {event_id} 的事件（内置和数据推算的事件不能修改）",
                         f"there is no added event {event_id} (curated and derived events cannot be changed)")
    return hits[0]


def edit(root: Path, event_id: str, row: pd.Series, user: str, scope: Scope) -> Version:
    table = current(root)
    at = _find(table, event_id)
    _check(scope, pd.DataFrame({"scope": [table.at[at, "scope"], row["scope"]]}))
    for column in model.COLUMNS:
        if column not in ("id", "source", "subject"):
            table.at[at, column] = row[column]
    return _write(root, table, "edit", user, f"{event_id} {row['title_zh']}")


def remove(root: Path, event_id: str, user: str, scope: Scope) -> Version:
    table = current(root)
    at = _find(table, event_id)
    _check(scope, table.loc[[at]])
    title = table.at[at, "title_zh"]
    return _write(root, table.drop(index=at).reset_index(drop=True), "remove", user, f"{event_id} {title}")
