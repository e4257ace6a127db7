"""Contacts of the responsible units (责任单位): which unit answers for which agency or account, and where
its alerts go (e-mail addresses, a robot's webhook URL).

An analyst uploads the table as CSV or XLSX with Chinese (or English) headers. It is validated as a
whole — a file with any problem stores nothing — and each accepted upload is kept as a new version in
`DATA_DIR/contacts/` (a `VersionedTable`), the latest being the one in force."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from analytics.store import readers
from analytics.store.report import Problem
from analytics.store.versioned import VersionedTable
from analytics.supervision import targets
from analytics.vocab import platforms
from analytics.vocab.text import fold

CONTACTS_DIR = "contacts"
MAX_ROWS = 100_000
SHOWN_ROWS = 10
COLUMNS = ["unit", "agency", "platform", "account_id", "email", "webhook"]
HEADERS = {  # accepted header → column; folded before matching
    "unit": ("单位", "责任单位", "单位名称", "unit", "unit_name"),
    "agency": ("主办单位", "机构", "机构名称", "agency"),
    "platform": ("平台", "platform"),
    "account_id": ("账号ID", "账号id", "账号编号", "account_id", "accountid"),
    "email": ("邮箱", "电子邮箱", "电子邮件", "email", "e-mail"),
    "webhook": ("webhook", "webhook地址", "机器人地址", "群机器人", "webhook_url"),
}
NAMES = {"unit": "单位", "agency": "主办单位", "platform": "平台", "account_id": "账号ID", "email": "邮箱", "webhook": "Webhook"}
_BY_HEADER = {fold(h): column for column, names in HEADERS.items() for h in names}
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
_SEPARATORS = re.compile(r"[;；,，\s]+")


@dataclass
class Checked:
    """An uploaded contacts file, validated: the table (when there is no problem) and what was found."""

    name: str
    sha256: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    table: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.table is not None

    @property
    def units(self) -> int:
        return 0 if self.table is None else self.table["unit"].nunique()


@dataclass(frozen=True)
class Version:
    version: int
    file: str
    sha256: str
    rows: int
    units: int
    user: str
    at: str


def emails(cell: str) -> list[str]:
    """The addresses in a cell: several are separated by ; , or spaces."""
    return [e for e in _SEPARATORS.split(cell or "") if e]


def _problem(code: str, column: str | None, zh: str, en: str, rows: list[int] | None = None, example: str | None = None) -> Problem:
    rows = rows or []
    return Problem(code, column, zh, en, count=len(rows), rows=tuple(rows[:SHOWN_ROWS]),
                   example=None if example is None else example[:80])


def check(name: str, data: bytes) -> Checked:
    """Read and validate a contacts file; `table` is set only when nothing is wrong."""
    out = Checked(name=name, sha256=hashlib.sha256(data).hexdigest())
    try:
        loaded = readers.load(name, data)
        tables = list(loaded.batches)
    except readers.Unreadable as exc:
        out.problems.append(exc.problem)
        return out
    table = pa.concat_tables(tables) if tables else loaded.schema.empty_table()
    found: dict[str, str] = {}
    for header in table.column_names:
        column = _BY_HEADER.get(fold(header))
        if column is None:
            continue
        if column in found:
            out.problems.append(_problem("duplicate_column", NAMES[column], f"“{found[column]}”与“{header}”是同一列",
                                         f"'{found[column]}' and '{header}' are the same column"))
        found[column] = header
    if "unit" not in found:
        out.problems.append(_problem("missing_column", NAMES["unit"], "缺少“单位”列（责任单位名称）",
                                     "the 'unit' column (单位, the responsible unit's name) is missing"))
    if "agency" not in found and "account_id" not in found:
        out.problems.append(_problem("missing_column", None, "需要“主办单位”列或“账号ID”列，说明单位负责哪些账号",
                                     "an 'agency' (主办单位) or 'account_id' (账号ID) column is needed: which accounts the unit answers for"))
    if "email" not in found and "webhook" not in found:
        out.problems.append(_problem("missing_column", None, "需要“邮箱”列或“Webhook”列，说明通知发往何处",
                                     "an 'email' (邮箱) or 'webhook' column is needed: where the alerts go"))
    if table.num_rows > MAX_ROWS:
        out.problems.append(_problem("too_many_rows", None, f"行数超过 {MAX_ROWS:,}", f"more than {MAX_ROWS:,} rows"))
    if out.problems:
        return out
    df = pd.DataFrame({c: [_clean(v) for v in table.column(found[c]).to_pylist()] if c in found else [""] * table.num_rows
                       for c in COLUMNS})
    out.rows = len(df)
    if df.empty:
        out.problems.append(_problem("empty", None, "文件没有数据行", "the file has no data rows"))
        return out
    _validate(df, out)
    if not out.problems:
        out.table = df
    return out


def _clean(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def _rows(mask) -> list[int]:
    return [i + 1 for i, bad in enumerate(mask) if bad]


def _validate(df: pd.DataFrame, out: Checked) -> None:
    add = out.problems.append
    rows = _rows(df["unit"] == "")
    if rows:
        add(_problem("missing_value", NAMES["unit"], "单位为空", "the unit is empty", rows))
    rows = _rows((df["agency"] == "") & (df["account_id"] == ""))
    if rows:
        add(_problem("missing_value", None, "主办单位和账号ID都为空：不知道这一行负责哪些账号",
                     "both agency and account_id are empty: the row names no accounts", rows))
    rows = _rows((df["email"] == "") & (df["webhook"] == ""))
    if rows:
        add(_problem("missing_value", None, "邮箱和 Webhook 都为空：通知无处可发", "both e-mail and webhook are empty: nowhere to send", rows))
    bad_platform = [(i + 1, p) for i, p in enumerate(df["platform"]) if p and platforms.canonical(p) is None]
    if bad_platform:
        add(_problem("bad_platform", NAMES["platform"], "无法识别的平台", "unknown platform", [r for r, _ in bad_platform], bad_platform[0][1]))
    df["platform"] = [platforms.canonical(p) or p if p else "" for p in df["platform"]]
    rows = _rows((df["platform"] != "") & (df["account_id"] == ""))
    if rows:
        add(_problem("platform_without_account", NAMES["platform"], "填写了平台但没有账号ID", "a platform without an account_id", rows))
    bad_email = [(i + 1, e) for i, cell in enumerate(df["email"]) for e in emails(cell) if not EMAIL.match(e) or len(e) > 254]
    if bad_email:
        add(_problem("bad_email", NAMES["email"], "邮箱地址格式不对", "not an e-mail address",
                     sorted({r for r, _ in bad_email}), bad_email[0][1]))
    allow = targets.configured()
    refused: dict[tuple[str, str], list[int]] = {}
    for i, url in enumerate(df["webhook"]):
        if url and (reason := targets.problem(url, allow)):
            refused.setdefault((reason.zh, reason.en), []).append(i + 1)
    for (zh, en), rows in refused.items():
        # The address itself is not repeated back: it may carry a robot's key.
        add(_problem("bad_webhook", NAMES["webhook"], zh, en, rows))
    filled = df[df["unit"] != ""].replace("", None)
    conflicts = filled.groupby("unit")[["email", "webhook"]].nunique()
    clash = set(conflicts[(conflicts["email"] > 1) | (conflicts["webhook"] > 1)].index)
    if clash:
        rows = _rows(df["unit"].isin(clash))
        add(_problem("unit_conflict", NAMES["unit"], "同一单位在不同行填写了不同的邮箱或 Webhook",
                     "one unit has different e-mail addresses or webhooks on different rows", rows, sorted(clash)[0]))


def directory(table: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """unit → (e-mail addresses, webhook): a unit's rows may leave them empty after the first."""
    out: dict[str, tuple[str, str]] = {}
    for unit, mail, hook in zip(table["unit"], table["email"], table["webhook"]):
        before = out.get(unit, ("", ""))
        out[unit] = (before[0] or mail, before[1] or hook)
    return out


def _table(root: Path) -> VersionedTable[Version]:
    return VersionedTable(Path(root) / CONTACTS_DIR, "contacts.parquet", Version)


def store(root: Path, checked: Checked, user: str) -> Version:
    """Keep a validated table as the next version."""
    if not checked.ok:
        raise ValueError("only a validated contacts table is stored")
    return _table(root).change(lambda number: (
        Version(version=number, file=checked.name, sha256=checked.sha256, rows=checked.rows, units=checked.units,
                user=user, at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
        checked.table))


def versions(root: Path) -> list[Version]:
    return _table(root).versions()


def current(root: Path) -> tuple[Version | None, pd.DataFrame]:
    """The contacts in force and their version; an empty table before the first upload."""
    table = _table(root)
    latest = table.latest()
    if latest is None:
        return None, pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    return latest, table.read(latest).fillna("")


def route(accounts: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Each account (platform, account_id, agency) with the unit answering for it, one row per pair.

    The most specific rows win: a row naming the account on its platform, then the account id on any
    platform, then the agency. Accounts no row names come back with an empty unit."""
    by_account: dict[tuple[str, str], list[int]] = {}
    by_id: dict[str, list[int]] = {}
    by_agency: dict[str, list[int]] = {}
    for i, row in enumerate(table.itertuples(index=False)):
        if row.account_id and row.platform:
            by_account.setdefault((row.platform, row.account_id), []).append(i)
        elif row.account_id:
            by_id.setdefault(row.account_id, []).append(i)
        else:
            by_agency.setdefault(fold(row.agency), []).append(i)
    units, index = [], []
    unit_of = table["unit"].tolist()
    for n, (platform, account_id, agency) in enumerate(zip(accounts["platform"], accounts["account_id"], accounts["agency"])):
        hits = (by_account.get((platform, str(account_id))) or by_id.get(str(account_id))
                or by_agency.get(fold(agency or "")) or [])
        for unit in dict.fromkeys(unit_of[i] for i in hits) or [""]:
            index.append(n)
            units.append(unit)
    return accounts.iloc[index].reset_index(drop=True).assign(unit=units)
