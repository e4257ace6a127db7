"""Inspection rounds (检查): a quarter's check of the two-week rule on a seeded random sample (抽查) of the
accounts in each province and platform, or on all of them, stored as a record beside the data.

A round is computed once, from the data version current when it was opened, and written to
`DATA_DIR/rounds/<quarter>/r<revision>/` (`round.json` and `results.parquet`); a provincial or city office's
own round — its analyst's scope only — goes to `DATA_DIR/rounds/<quarter>/regions/<scope key>/r<revision>/`
and never mixes with the national one. It is never recomputed:
a later correction of the data does not change a published round; opening the quarter again writes a
new revision, and the earlier one stays. Re-checks (复查) compare the previous round's failures with this
round's check date: fixed (passes now), closed (no longer reporting), or still failing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import shutil
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pandas as pd

from analytics import durable
from analytics.access.scope import Scope
from analytics.errors import StoreError
from analytics.query.engine import Engine
from analytics.query.filters import Filters
from analytics.store import locks
from analytics.views import compliance

ROUNDS_DIR = "rounds"
LOCK_TIMEOUT_S = 30.0
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
REASONS = {  # code: (zh, en) as a 通报 names the problem
    "two_week": ("监测时间点前2周内无更新", "no update in the 2 weeks before the check date"),
    "dormant": ("超过90天未更新（僵尸号）", "no update for 90+ days (dormant)"),
    "not_closed": ("被列为僵尸号后仍未关停", "not closed after being marked dormant"),
}
COLUMNS = ["platform", "account_id", "account_name", "province", "city", "level", "sector", "agency", "last_post", "days_quiet",
           "passed", "reasons"]


@dataclass(frozen=True)
class Round:
    quarter: str
    revision: int
    check_date: dt.date
    share: float  # 1.0: every account
    seed: int
    version: int  # the data version the round was computed from
    opened_by: str
    opened_at: str
    scope: str  # whose accounts ("" for national)
    accounts: int
    failed: int
    scope_key: str = ""  # the folder of a region's own rounds ("" for national)

    @property
    def rate(self) -> float:
        return (self.accounts - self.failed) / self.accounts if self.accounts else 0.0


def scope_key(scope: Scope) -> str:
    """A short, stable folder name for a scope's own rounds ("" for national)."""
    if scope.national:
        return ""
    return hashlib.sha256(json.dumps(scope.as_dict(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]


def parse_quarter(text: str) -> tuple[dt.date, dt.date]:
    """'2026Q2' → its first and last day; a clear error otherwise."""
    m = QUARTER.match(text.strip().upper())
    if not m:
        raise StoreError(f"季度应写成 2026Q2 这样的形式：{text!r}", f"a quarter is written like 2026Q2: {text!r}")
    year, q = int(m.group(1)), int(m.group(2))
    start = dt.date(year, 3 * q - 2, 1)
    end = (dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)) - dt.timedelta(days=1)
    return start, end


def previous_quarter(quarter: str) -> str:
    start, _ = parse_quarter(quarter)
    before = start - dt.timedelta(days=1)
    return f"{before.year}Q{(before.month - 1) // 3 + 1}"


def sample(accounts: pd.DataFrame, share: float, seed: int) -> pd.DataFrame:
    """A seeded sample of `share` of the accounts in each (province, platform), at least one per group.

    Each account's place in the draw is a hash of the seed and its key, so the same seed draws the same
    accounts whatever order the rows come in, and on any engine."""
    if share >= 1.0:
        return accounts
    keyed = accounts.assign(_draw=[hashlib.sha256(f"{seed}\x1f{p}\x1f{a}".encode()).hexdigest()
                                   for p, a in zip(accounts["platform"], accounts["account_id"])])
    picked = []
    for _, group in keyed.sort_values("_draw").groupby(["province", "platform"], sort=True, observed=True):
        picked.append(group.head(max(1, math.ceil(share * len(group)))))
    return pd.concat(picked).drop(columns="_draw").sort_values(["province", "platform", "account_id"]).reset_index(drop=True)


def evaluate(engine: Engine, check: dt.date, previous: pd.DataFrame | None) -> pd.DataFrame:
    """Every account reporting on `check`, with pass/fail and the reasons a 通报 names."""
    df = compliance.accounts(engine, Filters(end=check))
    marked = set()
    if previous is not None and not previous.empty:
        dormant = previous[previous["reasons"].apply(lambda r: "dormant" in r)]
        marked = set(zip(dormant["platform"], dormant["account_id"]))
    reasons = []
    for row in df.itertuples():
        found = []
        if not row.passed:
            found.append("two_week")
        if row.dormant:
            found.append("dormant")
        if (row.platform, row.account_id) in marked:
            found.append("not_closed")  # still reporting on this round's check date
        reasons.append(found)
    df = df.assign(reasons=reasons)
    df["passed"] = [not r for r in reasons]
    return df[COLUMNS]


def open_round(engine: Engine, quarter: str, *, user: str, share: float = 1.0, seed: int = 0,
               check: dt.date | None = None) -> Round:
    """Compute and store a round for `quarter` as its next revision."""
    if not 0 < share <= 1:
        raise StoreError("抽查比例应在 0 到 1 之间（1 为全部账号）", "the sampling share must be in (0, 1] (1: every account)")
    start, end = parse_quarter(quarter)
    first, last = engine.date_bounds()
    check = check or compliance.check_date(engine, Filters(end=min(end, last)))
    if not start <= check <= end or check > last:
        raise StoreError(f"检查日 {check} 不在 {quarter} 内或晚于最新数据", f"check date {check} is outside {quarter} or after the data")
    key = scope_key(engine.scope)
    prior = latest(engine.store.root, previous_quarter(quarter), key)
    previous = results(engine.store.root, prior) if prior else None
    evaluated = evaluate(engine, check, previous)
    drawn = sample(evaluated, share, seed)
    again = _recheck(previous, evaluated)
    folder = _folder(engine.store.root, quarter, key)
    # Numbering and publishing under one lock: a second round opened at the same moment gets the next number.
    with locks.exclusive(folder / ".lock", LOCK_TIMEOUT_S, ("另一位用户正在建立本季度的检查轮次，请稍后重试",
                                                         "someone else is opening this quarter's round; please try again shortly")):
        revision = 1 + max((int(p.name[1:]) for p in folder.glob("r*") if p.name[1:].isdigit()), default=0)
        return _write(folder, revision, Round(quarter=quarter.upper(), revision=revision, check_date=check, share=share, seed=seed,
                   version=engine.version(), opened_by=user, opened_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                   scope="" if engine.scope.national else engine.scope.describe("zh"),
                   accounts=len(drawn), failed=int((~drawn["passed"]).sum()), scope_key=key), drawn, again)


def _write(folder: Path, revision: int, record: Round, drawn: pd.DataFrame, again: pd.DataFrame) -> Round:
    tmp = folder / f".r{revision:03d}.{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        drawn.to_parquet(tmp / "results.parquet", index=False)
        again.to_parquet(tmp / "recheck.parquet", index=False)
        (tmp / "round.json").write_text(json.dumps(asdict(record), ensure_ascii=False, default=str, indent=2), encoding="utf-8")
        durable.rename_dir(tmp, folder / f"r{revision:03d}")  # a reader sees a whole revision or none
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return record


def _folder(root: Path, quarter: str, key: str = "") -> Path:
    parse_quarter(quarter)
    base = Path(root) / ROUNDS_DIR / quarter.upper()
    return base / "regions" / key if key else base


def latest(root: Path, quarter: str, key: str = "") -> Round | None:
    """The latest revision of a quarter's round: the national one, or a region's own (`key`)."""
    folder = _folder(root, quarter, key)
    revisions = sorted((p for p in folder.glob("r*") if p.name[1:].isdigit()), key=lambda p: int(p.name[1:]))
    return _load(revisions[-1]) if revisions else None


def rounds(root: Path, key: str = "") -> list[Round]:
    out = []
    for quarter in sorted((Path(root) / ROUNDS_DIR).glob("*")):
        if QUARTER.match(quarter.name):
            found = latest(root, quarter.name, key)
            if found:
                out.append(found)
    return out


def _load(folder: Path) -> Round:
    data = json.loads((folder / "round.json").read_text(encoding="utf-8"))
    data["check_date"] = dt.date.fromisoformat(data["check_date"])
    return Round(**data)


def results(root: Path, record: Round) -> pd.DataFrame:
    return _read(_folder(root, record.quarter, record.scope_key) / f"r{record.revision:03d}" / "results.parquet")


def _read(path: Path) -> pd.DataFrame:
    """A stored table of accounts; a column added since it was written reads as empty."""
    df = pd.read_parquet(path)
    for column in COLUMNS:
        if column not in df:
            df[column] = None
    df["reasons"] = [list(r) for r in df["reasons"]]
    return df


def scoped(df: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """A round's accounts (results or re-check) within `scope`."""
    if scope.national or df.empty:
        return df
    keep = [scope.allows(p, c, pl) for p, c, pl in zip(df["province"], df["city"], df["platform"])]
    return df[keep].reset_index(drop=True)


def as_seen(root: Path, record: Round, scope: Scope) -> Round:
    """The round as a reader with `scope` sees it: a national round's totals recounted over their accounts
    (the national counts are not theirs to read)."""
    if scope.national or record.scope_key:
        return record
    mine = scoped(results(root, record), scope)
    return replace(record, scope=scope.describe("zh"), accounts=len(mine), failed=int((~mine["passed"].astype(bool)).sum()))


def rates(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """合格率 per `by` (province, platform or level): accounts checked, passed, failed, rate; lowest first."""
    g = df.groupby(by, observed=True)["passed"].agg(accounts="size", passed="sum").reset_index()
    g["failed"] = g["accounts"] - g["passed"]
    g["rate"] = g["passed"] / g["accounts"]
    return g.sort_values(["rate", by]).reset_index(drop=True)


def _recheck(previous: pd.DataFrame | None, evaluated: pd.DataFrame) -> pd.DataFrame:
    """复查: the previous round's failing accounts and their state on this round's check date — fixed
    (passes now), closed (no longer reporting) or still failing — worked out when the round is opened."""
    if previous is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in [*COLUMNS, "state"]})
    failing = previous[~previous["passed"]]
    now = evaluated.set_index(["platform", "account_id"])["passed"]
    states = ["closed" if (p, a) not in now.index else ("fixed" if bool(now.loc[(p, a)]) else "failing")
              for p, a in zip(failing["platform"], failing["account_id"])]
    return failing.assign(state=states).reset_index(drop=True)


def recheck(root: Path, record: Round) -> pd.DataFrame:
    return _read(_folder(root, record.quarter, record.scope_key) / f"r{record.revision:03d}" / "recheck.parquet")
