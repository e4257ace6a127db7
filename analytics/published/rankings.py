"""Rankings published by others (清博, 新榜, 人民网…) beside ours.

Their index formulas are not public, so their values are never recomputed or fitted: an analyst imports a
published list as it appeared (CSV/XLSX), each row is matched to one of our accounts — by account id,
else by its current or any former name on the platform — and the rankings page shows the published
value and rank next to our own index and rank, with how far the two orders agree (Spearman's ρ, and how
many of the published top N are in our top N). An import is all or nothing: an unknown or ambiguous
account, a bad period or any other problem is reported and nothing is stored. Each import is kept as a
new version in `DATA_DIR/published/` (a `VersionedTable`); the seed week's published list ships in sample_data/reference/."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from analytics import settings
from analytics.query.engine import Engine, Query
from analytics.store import readers
from analytics.store.versioned import VersionedTable
from analytics.views.account import readable
from analytics.vocab import platforms
from analytics.vocab.text import fold

PUBLISHED_DIR = "published"
SHIPPED = settings.SAMPLE_DIR / "reference" / "published_rankings.csv"
MAX_ROWS = 5_000
COLUMNS = ["source", "index_name", "start", "end", "platform", "rank", "account_name", "account_id", "value", "file"]
HEADERS = {
    "source": ("来源", "发布方", "source", "publisher"),
    "index_name": ("指数", "指数名称", "index", "index_name"),
    "period": ("周期", "统计周期", "时间段", "period"),
    "start": ("开始日期", "start"),
    "end": ("结束日期", "end"),
    "platform": ("平台", "platform"),
    "rank": ("排名", "名次", "rank"),
    "account_name": ("账号名称", "账号", "名称", "account_name", "name"),
    "account_id": ("账号ID", "账号id", "account_id", "id"),
    "value": ("数值", "指数值", "得分", "value", "score"),
}
_BY_HEADER = {fold(h): c for c, names in HEADERS.items() for h in names}
_PERIOD = re.compile(r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\s*(?:~|～|至|到|—|–|--|\s-\s)\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2})\s*$")


@dataclass(frozen=True)
class Version:
    version: int
    file: str
    user: str
    at: str
    rows: int
    lists: int


def _date(text: str) -> dt.date | None:
    parts = re.split(r"[-/.]", text.strip())
    try:
        return dt.date(*map(int, parts)) if len(parts) == 3 else None
    except ValueError:
        return None


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """'2019-02-28~2019-03-06' (or ～, 至; the end may omit the year: 2019-02-28~03-06)."""
    m = _PERIOD.match(text or "")
    if not m:
        day = _date(text or "")
        return (day, day) if day else None
    start = _date(m.group(1))
    end_text = m.group(2)
    end = _date(end_text) if end_text.count("-") + end_text.count("/") + end_text.count(".") == 2 else (
        _date(f"{start.year}-{end_text}") if start else None)
    return (start, end) if start and end else None


def build_names_sql(platform_codes: tuple[str, ...]) -> Query:
    return Query.make("""
        SELECT platform, account_id, account_name, names FROM read_parquet($accounts)
        WHERE list_contains($platforms, platform)
    """, {"platforms": list(platform_codes)})


def read(name: str, data: bytes, engine: Engine) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    """The published rows matched to our accounts, and the problems (row number from 1, zh, en)."""
    try:
        loaded = readers.load(name, data)
        tables = list(loaded.batches)
    except readers.Unreadable as exc:
        return pd.DataFrame(columns=COLUMNS), [(0, exc.problem.zh, exc.problem.en)]
    table = pa.concat_tables(tables) if tables else loaded.schema.empty_table()
    if table.num_rows > MAX_ROWS:
        return pd.DataFrame(columns=COLUMNS), [(0, f"行数超过 {MAX_ROWS:,}", f"more than {MAX_ROWS:,} rows")]
    rows = pd.DataFrame({c: [None if v is None else str(v) for v in table.column(c).to_pylist()] for c in table.column_names})
    return check(rows, engine, name)


def check(rows: pd.DataFrame, engine: Engine, file: str) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    found: dict[str, str] = {}
    for header in rows.columns:
        column = _BY_HEADER.get(fold(str(header)))
        if column and column not in found:
            found[column] = header
    problems: list[tuple[int, str, str]] = []
    for needed, zh in (("source", "来源"), ("index_name", "指数"), ("platform", "平台"), ("rank", "排名")):
        if needed not in found:
            problems.append((0, f"缺少“{zh}”列", f"the '{needed}' ({zh}) column is missing"))
    if "period" not in found and not ("start" in found and "end" in found):
        problems.append((0, "缺少“周期”列（如 2019-02-28~2019-03-06），或“开始日期”和“结束日期”列",
                         "the 'period' column (e.g. 2019-02-28~2019-03-06), or 'start' and 'end' columns, is missing"))
    if "account_name" not in found and "account_id" not in found:
        problems.append((0, "需要“账号名称”或“账号ID”列", "an 'account_name' or 'account_id' column is needed"))
    if problems:
        return pd.DataFrame(columns=COLUMNS), problems
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS), [(0, "文件没有数据行", "the file has no data rows")]
    text = pd.DataFrame({c: ["" if v is None else " ".join(str(v).split()) for v in rows[h]] for c, h in found.items()})
    first, last = engine.date_bounds()
    codes = tuple(sorted({platforms.canonical(p) for p in text["platform"] if platforms.canonical(p)}))
    directory = engine.run(build_names_sql(codes)) if codes else pd.DataFrame(columns=["platform", "account_id", "account_name", "names"])
    by_id = {(p, str(a)): n for p, a, n in zip(directory["platform"], directory["account_id"], directory["account_name"])}
    by_name: dict[tuple[str, str], set[str]] = {}
    for p, a, names in zip(directory["platform"], directory["account_id"], directory["names"]):
        for n in str(names or "").split("\x1f"):
            if n:
                by_name.setdefault((p, fold(n)), set()).add(str(a))
    out = []
    for n, r in enumerate(text.itertuples(index=False), 1):
        r = r._asdict()
        platform = platforms.canonical(r["platform"])
        if platform is None:
            problems.append((n, f"无法识别的平台“{r['platform'][:20]}”", f"unknown platform '{r['platform'][:20]}'"))
            continue
        period = parse_period(r["period"]) if "period" in r else (
            (_date(r["start"]), _date(r["end"])) if _date(r["start"]) and _date(r["end"]) else None)
        if period is None or period[1] < period[0]:
            shown = r.get("period") or f"{r.get('start')}~{r.get('end')}"
            problems.append((n, f"周期“{shown[:30]}”无法识别或结束早于开始（应为 2019-02-28~2019-03-06）",
                             f"period '{shown[:30]}' is not a period or ends before it starts (2019-02-28~2019-03-06)"))
            continue
        if period[1] < first or period[0] > last:
            problems.append((n, f"周期 {period[0]}~{period[1]} 不在数据的时间范围（{first} 至 {last}）内",
                             f"period {period[0]}~{period[1]} is outside the data ({first} to {last})"))
            continue
        if not r["rank"].isdigit() or int(r["rank"]) < 1:
            problems.append((n, f"排名“{r['rank'][:10]}”应为正整数", f"rank '{r['rank'][:10]}' is not a positive whole number"))
            continue
        value = None
        if r.get("value"):
            try:
                value = float(r["value"].replace(",", ""))
            except ValueError:
                problems.append((n, f"数值“{r['value'][:20]}”不是数字", f"value '{r['value'][:20]}' is not a number"))
                continue
        account_id, name = r.get("account_id", ""), r.get("account_name", "")
        if account_id and (platform, account_id) in by_id:
            name = name or by_id[(platform, account_id)]
        elif name:
            hits = by_name.get((platform, fold(name)), set())
            if len(hits) > 1:
                problems.append((n, f"账号名称“{name[:30]}”在{platforms.name(platform)}上对应多个账号，请填写账号ID",
                                 f"the name '{name[:30]}' matches several {platforms.name(platform, 'en')} accounts: give the account id"))
                continue
            if not hits:
                problems.append((n, f"在{platforms.name(platform)}上找不到账号“{name[:30]}”（已查现名、曾用名）",
                                 f"no {platforms.name(platform, 'en')} account named '{name[:30]}' (current and former names searched)"))
                continue
            account_id = next(iter(hits))
        else:
            problems.append((n, f"在{platforms.name(platform)}上找不到账号ID“{account_id[:30]}”",
                             f"no {platforms.name(platform, 'en')} account with id '{account_id[:30]}'"))
            continue
        out.append({"source": r["source"], "index_name": r["index_name"], "start": period[0], "end": period[1],
                    "platform": platform, "rank": int(r["rank"]), "account_name": name, "account_id": account_id,
                    "value": value, "file": file})
    for column, zh in (("source", "来源"), ("index_name", "指数")):
        empty = [i + 1 for i, v in enumerate(text[column]) if not v]
        if empty:
            problems.append((empty[0], f"“{zh}”为空", f"'{column}' is empty"))
    return pd.DataFrame(out, columns=COLUMNS), problems


def _table(root: Path) -> VersionedTable[Version]:
    return VersionedTable(Path(root) / PUBLISHED_DIR, "published.parquet", Version)


def versions(root: Path) -> list[Version]:
    return _table(root).versions()


def stored(root: Path) -> pd.DataFrame:
    table = _table(root)
    latest = table.latest()
    if latest is None:
        return pd.DataFrame(columns=COLUMNS)
    df = table.read(latest)
    for column in ("start", "end"):
        df[column] = [pd.Timestamp(v).date() for v in df[column]]
    return df


LIST_KEY = ["source", "index_name", "start", "end", "platform"]


def store(root: Path, rows: pd.DataFrame, user: str, file: str) -> Version:
    """Keep the imported lists as a new version; a list imported again (same source, index, period and
    platform) replaces the earlier copy."""
    def build(number: int) -> tuple[Version, pd.DataFrame]:
        before = stored(root)
        if len(before):
            again = before.merge(rows[LIST_KEY].drop_duplicates(), on=LIST_KEY, how="left", indicator=True)
            before = before[(again["_merge"] == "left_only").to_numpy()]
        table = pd.concat([before, rows], ignore_index=True) if len(before) else rows.copy()
        for column in ("start", "end"):
            table[column] = pd.to_datetime(table[column])
        record = Version(number, file, user, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), len(rows),
                         len(rows[LIST_KEY].drop_duplicates()))
        return record, table
    return _table(root).change(build)


def shipped(engine: Engine) -> pd.DataFrame:
    """The published lists shipped with the sample, matched to the data; a list whose accounts the data does
    not hold (another data set) is left out rather than reported, as it is reference, not an upload."""
    rows, problems = read(SHIPPED.name, SHIPPED.read_bytes(), engine)
    # A scoped reader's accounts are a part of the data: the rows matched among them are the ones to show.
    return pd.DataFrame(columns=COLUMNS) if problems and engine.scope.national else rows


def within(table: pd.DataFrame, engine: Engine) -> pd.DataFrame:
    """The published rows of accounts the reader can read: a scoped reader sees the published rank and value
    of their own accounts, never another region's names."""
    if engine.scope.national or table.empty:
        return table
    keys = [f"{p}:{a}" for p, a in zip(table["platform"], table["account_id"])]
    seen = readable(engine, keys)
    return table[[k in seen for k in keys]].reset_index(drop=True)


def catalog(engine: Engine) -> pd.DataFrame:
    """Every published row the reader may see: the shipped lists and the imported ones."""
    parts = [t for t in (shipped(engine), within(stored(engine.store.root), engine)) if len(t)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)


def lists_for(table: pd.DataFrame, platform: str, start: dt.date, end: dt.date) -> list[pd.DataFrame]:
    """The published lists of `platform` whose period overlaps [start, end], the closest period first."""
    rows = table[(table["platform"] == platform) & (table["start"] <= end) & (table["end"] >= start)]
    out = []
    for _, g in rows.groupby(LIST_KEY, sort=False):
        out.append(g.sort_values("rank").reset_index(drop=True))
    return sorted(out, key=lambda g: abs((g["start"].iloc[0] - start).days) + abs((g["end"].iloc[0] - end).days))


def compare(published: pd.DataFrame, ours: pd.DataFrame) -> tuple[pd.DataFrame, float | None, int]:
    """Each published row with our rank and index for the same account (`ours`: every account of the
    platform in the same period, ranked); Spearman's ρ between the two orders over the accounts both rank;
    and how many of the published top N are in our top N."""
    merged = published.merge(ours[["account_id", "rank", "score", "index_code"]].rename(
        columns={"rank": "our_rank", "score": "our_score"}), on="account_id", how="left")
    both = merged.dropna(subset=["our_rank"])
    # Spearman's ρ is Pearson's r of the ranks (ties averaged), computed here without scipy.
    rho = float(both["rank"].rank().corr(both["our_rank"].rank())) if len(both) >= 3 else None
    top_n = len(published)
    in_ours = int((merged["our_rank"] <= top_n).sum())
    return merged, rho, in_ours
