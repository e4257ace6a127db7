"""Events found in the data: renames and merges (from account lineage), clean-up waves (half-years whose
closures on a platform are far above its usual rate), each platform's first government accounts, and
one account's first and last appearance."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.events import model
from analytics.query.engine import Engine, Query
from analytics.query.filters import Filters
from analytics.views import growth, matrix
from analytics.vocab import periods, platforms

WAVE_FACTOR = 2.0  # closures at least this many times the platform's mean per half-year…
WAVE_MIN = 10  # …and at least this many accounts
ARRIVAL_DAYS = 90  # a platform's first accounts: those first seen within this many days of the first one


def build_arrivals_sql() -> Query:
    return Query.make(f"""
        WITH s AS (SELECT platform, first_seen FROM read_parquet($accounts)),
             f AS (SELECT platform, min(first_seen) AS first FROM s GROUP BY platform),
             d AS (SELECT min(first_seen) AS data_start FROM s)
        SELECT f.platform, f.first, d.data_start,
               (SELECT count(*) FROM s WHERE s.platform = f.platform AND s.first_seen < f.first + INTERVAL {ARRIVAL_DAYS} DAY) AS accounts
        FROM f, d ORDER BY f.first
    """, {})


def _row(**values) -> dict:
    row = dict.fromkeys(model.COLUMNS, "")
    row.update(end=None, source="derived", importance=1, weight=0.0)
    row.update(values)
    return row


def lineage_events(lineage: pd.DataFrame) -> list[dict]:
    """Merges, and the renames of national-level accounts (national news); any other account's renames are
    its own page's events (see account_events), so a national table's many renames stay off the catalogue."""
    out = []
    for r in lineage.itertuples():
        key = f"{r.platform}:{r.account_id}"
        if r.kind == "rename":
            if r.province != "中央":
                continue
            scope = "national"
            out.append(_row(id=f"d-rename-{key}-{r.date}", start=r.date, kind="rename", scope=scope,
                            title_zh=f"更名：{r.from_name} → {r.to_name}", title_en=f"Renamed: {r.from_name} → {r.to_name}",
                            description=f"{platforms.name(r.platform)}账号 {r.account_id} 自 {r.date} 起名为“{r.to_name}”。",
                            importance=2, reference="账号沿革（同一账号ID的名称变化）", subject=key))
        else:
            scope = ("national" if r.province == "中央" else f"city:{r.province}/{r.city}" if r.city else f"province:{r.province}")
            out.append(_row(id=f"d-merge-{key}-{r.date}", start=r.date, kind="rename", scope=scope,
                            title_zh=f"合并：{r.from_name} 并入 {r.to_name}", title_en=f"Merged: {r.from_name} into {r.to_name}",
                            description=f"“{r.from_name}”于 {r.date} 停止更新，同地同行业的“{r.to_name}”同期更名（机构改革或集约化整合）。",
                            reference="账号沿革（同地同行业账号关停与更名相距 8 周内）", subject=key))
    return out


def half_years(first: dt.date, last: dt.date) -> int:
    return (last.year - first.year) * 2 + (last.month > 6) - (first.month > 6) + 1


def cleanup_waves(flows: pd.DataFrame, halves: int) -> list[dict]:
    """Half-years whose closures on a platform reach WAVE_FACTOR × its mean over the data's `halves`
    half-years (and WAVE_MIN accounts)."""
    out = []
    if flows.empty:
        return out
    for platform, g in flows.groupby("platform"):
        mean = g["closed"].sum() / halves
        for r in g.itertuples():
            if r.closed >= max(WAVE_MIN, WAVE_FACTOR * mean):
                start = pd.Timestamp(r.period).date()
                end = (pd.Timestamp(start) + pd.DateOffset(months=6) - pd.Timedelta(days=1)).date()
                name_zh, name_en = platforms.name(platform), platforms.name(platform, "en")
                half_zh = f"{start.year} 年{'上' if start.month < 7 else '下'}半年"
                out.append(_row(id=f"d-cleanup-{platform}-{start}", start=start, end=end, kind="cleanup", scope=f"platform:{platform}",
                                title_zh=f"{half_zh}{name_zh}清理整合：关停 {int(r.closed)} 个",
                                title_en=f"{name_en} clean-up, {periods.half_end(start)}: {int(r.closed)} closed",
                                description=f"{half_zh}{name_zh}关停 {int(r.closed)} 个账号，为该平台半年平均（{mean:.1f} 个）的 "
                                            f"{r.closed / mean:.1f} 倍：集约化整合或僵尸号清理。",
                                importance=3 if r.closed == g["closed"].max() and r.closed >= 3 * mean else 2,
                                reference="账号开设与关停（按半年）", weight=float(r.closed)))
    return out


def arrivals(df: pd.DataFrame) -> list[dict]:
    out = []
    for r in df.itertuples():
        first = pd.Timestamp(r.first).date()
        if first <= pd.Timestamp(r.data_start).date() + dt.timedelta(days=28):
            continue  # present from the data's start: its arrival is older than the data
        name_zh, name_en = platforms.name(r.platform), platforms.name(r.platform, "en")
        out.append(_row(id=f"d-arrival-{r.platform}", start=first, kind="platform", scope=f"platform:{r.platform}",
                        title_zh=f"首批政务{name_zh}号出现", title_en=f"First government accounts on {name_en}",
                        description=f"数据中第一个{name_zh}政务号出现于 {first}，此后 {ARRIVAL_DAYS} 天内共 {int(r.accounts)} 个。",
                        importance=2, reference="账号首次出现（账号汇总）"))
    return out


def derived(engine: Engine) -> pd.DataFrame:
    """Every derived event the reader's data holds (the engine's scope applies)."""
    first, last = engine.date_bounds()
    rows = [*lineage_events(matrix.lineage(engine, Filters())),
            *cleanup_waves(growth.account_flows(engine, Filters()), half_years(first, last)),
            *arrivals(engine.run(build_arrivals_sql()))]
    return pd.DataFrame(rows, columns=model.COLUMNS)


def account_events(profile: dict, data_start: dt.date, data_end: dt.date, names: pd.DataFrame | None = None) -> pd.DataFrame:
    """One account's renames (from its `names` history: account_name, since), and its first and last
    appearance when the data saw it open or close (not the data's edges)."""
    key = f"{profile['platform']}:{profile['account_id']}"
    rows = []
    if names is not None and len(names) > 1 and profile.get("province") != "中央":  # 中央 renames are in the catalogue
        ordered = names.sort_values("since")
        for before, after, since in zip(ordered["account_name"], ordered["account_name"].iloc[1:], ordered["since"].iloc[1:]):
            day = pd.Timestamp(since).date()
            rows.append(_row(id=f"d-rename-{key}-{day}", start=day, kind="rename", scope=f"account:{key}",
                             title_zh=f"更名：{before} → {after}", title_en=f"Renamed: {before} → {after}",
                             description=f"{platforms.name(profile['platform'])}账号 {profile['account_id']} 自 {day} 起名为“{after}”。",
                             importance=2, reference="账号沿革（同一账号ID的名称变化）", subject=key))
    first, last = pd.Timestamp(profile["first_seen"]).date(), pd.Timestamp(profile["last_seen"]).date()
    if first > data_start:
            rows.append(_row(id=f"d-open-{key}", start=first, kind="lifecycle", scope=f"account:{key}", title_zh="首次出现",
                         title_en="First seen", description=f"该账号首次出现在 {first} 的快照中。", subject=key, importance=2))
    if last < data_end:
        rows.append(_row(id=f"d-close-{key}", start=last, kind="lifecycle", scope=f"account:{key}", title_zh="最后出现（关停或注销）",
                         title_en="Last seen (closed)", description=f"该账号最后出现在 {last} 的快照中，此后不再报送。",
                         subject=key, importance=3))
    return pd.DataFrame(rows, columns=model.COLUMNS)
