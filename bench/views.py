"""Every view against the minimal DuckDB SQL of the same result and against pandas, each side in its own
process; the cases are shared with the national benchmark.

    python -m bench views --rows 1M"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analytics.query.engine import Engine
from analytics.query.filters import Filters
from analytics.views import account, compliance, growth, indices, matrix, mix, rankings, regions, trends
from bench.data import fill_store
from bench.harness import in_child, median_time, peak_mb

F = Filters(granularity="month", metric="followers")
Week = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Case:
    name: str
    ours: Callable[[Engine], pd.DataFrame]
    sql: str
    pandas: Callable[[pd.DataFrame, Week], object] | None  # None: no pandas version
    aggregate: bool  # answered from the rollup (expected faster than the minimal SQL over rows)


def _month(df: pd.DataFrame) -> pd.Series:
    return df["snapshot_date"].dt.to_period("M")


def _pd_trend_followers(df, week):
    w = df.groupby(["snapshot_date", "platform"], observed=True)["followers"].sum().reset_index()
    w["m"] = _month(w)
    ends = w.groupby("m")["snapshot_date"].transform("max")
    return w[w["snapshot_date"] == ends]


def _pd_reads_quarter(df, week):
    return df.groupby([df["snapshot_date"].dt.to_period("Q"), "province"], observed=True)["reads"].sum()


def _pd_active(df, week):
    a = df[df["posts"] > 0]
    return a.groupby(_month(a))[["platform", "account_id"]].apply(lambda g: len(g.drop_duplicates()))


def _pd_mix(df, week):
    last = df[df["snapshot_date"] == df["snapshot_date"].max()].groupby("platform", observed=True).agg(
        accounts=("account_id", "size"), followers=("followers", "sum"))
    flows = df.assign(i=df["likes"] + df["comments"] + df["shares"]).groupby("platform", observed=True)[["reads", "i"]].sum()
    out = last.join(flows, how="outer").fillna(0)
    return out / out.sum()


def _pd_growth(df, week):
    c = df.groupby(["snapshot_date", "platform"], observed=True).size().reset_index(name="n")
    c["h"] = c["snapshot_date"].dt.year * 2 + (c["snapshot_date"].dt.month > 6)
    c = c[c["snapshot_date"] == c.groupby("h")["snapshot_date"].transform("max")].sort_values("h")
    c["inc"] = c.groupby("platform", observed=True)["n"].diff()
    return c


def _pd_flows(df, week):
    life = df.groupby(["platform", "account_id"], observed=True)["snapshot_date"].agg(["min", "max"]).reset_index()
    half = lambda s: s.dt.year * 2 + (s.dt.month > 6)  # noqa: E731
    opened = life[half(life["min"]) > half(life["min"]).min()].groupby([half(life["min"]), "platform"], observed=True).size()
    closed = life[life["max"] < life["max"].max()].groupby([half(life["max"]), "platform"], observed=True).size()
    return pd.concat([opened, closed], axis=1)


def _pd_rankings(df, week):
    start, end = week
    prev_start = start - (end - start) - dt.timedelta(days=1)
    w = df[(df["snapshot_date"] >= pd.Timestamp(prev_start)) & (df["snapshot_date"] <= pd.Timestamp(end))].copy()
    w["cur"] = w["snapshot_date"] >= pd.Timestamp(start)
    g = w.groupby(["cur", "platform", "account_id"], observed=True).agg(
        n=("posts", "sum"), r=("reads", "sum"), l=("likes", "sum"), c=("comments", "sum"), s=("shares", "sum")).reset_index()
    import numpy as np

    d = 7.0
    g["score"] = 100 * (0.10 * np.log(g["n"] / d + 1) + 0.45 * np.log(g["r"] / d + 1) + 0.25 * np.log(g["l"] / d + 1)
                        + 0.12 * np.log(g["c"] / d + 1) + 0.08 * np.log(g["s"] / d + 1))
    g["rank"] = g.groupby(["cur", "platform"], observed=True)["score"].rank(ascending=False, method="first")
    cur, prev = g[g["cur"]], g[~g["cur"]][["platform", "account_id", "rank"]]
    return cur[cur["rank"] <= 10].merge(prev, on=["platform", "account_id"], how="left", suffixes=("", "_prev"))


def _pd_pass_rates(df, week):
    d = df["snapshot_date"].max()
    recent = df[df["snapshot_date"] > d - pd.Timedelta(days=14)]
    a = recent.groupby(["province", "platform", "account_id"], observed=True).agg(p=("posts", "sum"), last=("snapshot_date", "max"))
    a = a[a["last"] == d]
    return (a["p"] > 0).groupby(level="province", observed=True).mean()


def _pd_compliance_accounts(df, week):
    d = df["snapshot_date"].max()
    g = df.groupby(["platform", "account_id"], observed=True)
    a = pd.DataFrame({"last_seen": g["snapshot_date"].max(),
                      "last_post": df[df["posts"] > 0].groupby(["platform", "account_id"], observed=True)["snapshot_date"].max()})
    recent = df[df["snapshot_date"] > d - pd.Timedelta(days=14)].groupby(["platform", "account_id"], observed=True)["posts"].sum()
    a = a.join(recent.rename("recent"))
    return a[a["last_seen"] == d]


def _pd_province_ranking(df, week):
    last = df[df["snapshot_date"] == df["snapshot_date"].max()]
    return last.groupby("province", observed=True)["followers"].sum().rank(ascending=False)


def _pd_province_platform(df, week):
    t = df.groupby(["province", "platform"], observed=True)["reads"].sum()
    return t / t.groupby(level="province", observed=True).transform("sum")


def _pd_account(df, week):
    w = df[df["platform"] == "weibo"].copy()
    import numpy as np

    w["score"] = (0.2 * np.log(w["posts"] + 1) + 0.8 * (0.4 * np.log(w["shares"] + 1) + 0.4 * np.log(w["comments"] + 1)
                                                         + 0.2 * np.log(w["likes"] + 1))) * 160
    w["rank"] = w.groupby("snapshot_date")["score"].rank(ascending=False, method="min")
    return w[w["account_id"] == "1288915263"]


def _pd_search(df, week):
    hits = df[df["account_name"].str.contains("警方", regex=False)][["platform", "account_id"]].drop_duplicates()
    return df.merge(hits).sort_values("snapshot_date").groupby(["platform", "account_id"], observed=True).last()


def cases(last_week: Week) -> list[Case]:
    week = Filters(start=last_week[0], end=last_week[1])
    dci = indices.index_sql()
    return [
        Case("trend: followers by platform, monthly", lambda e: trends.trend(e, F, "platform"),
             """WITH w AS (SELECT snapshot_date, platform, sum(followers) AS v FROM read_parquet($files) GROUP BY ALL),
                     e AS (SELECT date_trunc('month', snapshot_date) AS m, max(snapshot_date) AS d FROM w GROUP BY 1)
                SELECT e.m, w.platform, w.v FROM w JOIN e ON w.snapshot_date = e.d""", _pd_trend_followers, True),
        Case("trend: reads by province, quarterly", lambda e: trends.trend(e, F.with_(metric="reads", granularity="quarter"), "province"),
             "SELECT date_trunc('quarter', snapshot_date), province, sum(reads) FROM read_parquet($files) GROUP BY ALL",
             _pd_reads_quarter, True),
        Case("trend: active accounts, monthly", lambda e: trends.trend(e, F.with_(metric="active_accounts")),
             "SELECT date_trunc('month', snapshot_date), count(DISTINCT (platform, account_id)) FILTER (WHERE posts > 0) "
             "FROM read_parquet($files) GROUP BY 1", _pd_active, False),
        Case("platform mix", lambda e: mix.mix(e, F),
             """WITH s AS (SELECT platform, count(*) AS a, sum(followers) AS f FROM read_parquet($files)
                           WHERE snapshot_date = (SELECT max(snapshot_date) FROM read_parquet($files)) GROUP BY 1),
                     fl AS (SELECT platform, sum(reads) AS r, sum(likes + comments + shares) AS i FROM read_parquet($files) GROUP BY 1)
                SELECT platform, a / sum(a) OVER (), f / sum(f) OVER (), r / sum(r) OVER (), i / sum(i) OVER ()
                FROM s FULL JOIN fl USING (platform)""", _pd_mix, True),
        Case("province × platform", lambda e: mix.province_platform(e, F.with_(metric="reads")),
             "SELECT province, platform, sum(reads) / sum(sum(reads)) OVER (PARTITION BY province) FROM read_parquet($files) "
             "GROUP BY province, platform",
             _pd_province_platform, True),
        Case("growth: accounts by half-year", lambda e: growth.growth(e, F, "accounts"),
             """WITH c AS (SELECT snapshot_date, platform, count(*) AS n FROM read_parquet($files) GROUP BY ALL),
                     e AS (SELECT year(snapshot_date) * 2 + (month(snapshot_date) > 6)::INT AS h, max(snapshot_date) AS d FROM c GROUP BY 1)
                SELECT e.h, c.platform, c.n, c.n - lag(c.n) OVER (PARTITION BY c.platform ORDER BY e.h)
                FROM c JOIN e ON c.snapshot_date = e.d""", _pd_growth, True),
        Case("growth: opened / closed accounts", lambda e: growth.account_flows(e, F),
             """WITH l AS (SELECT platform, account_id, min(snapshot_date) AS f, max(snapshot_date) AS t FROM read_parquet($files) GROUP BY ALL),
                     b AS (SELECT min(f) AS f, max(t) AS t FROM l)
                SELECT year(l.f) * 2 + (month(l.f) > 6)::INT, platform, count(*) FROM l, b
                WHERE year(l.f) * 2 + (month(l.f) > 6)::INT > year(b.f) * 2 + (month(b.f) > 6)::INT GROUP BY ALL
                UNION ALL SELECT -(year(l.t) * 2 + (month(l.t) > 6)::INT), platform, count(*) FROM l, b WHERE l.t < b.t GROUP BY ALL""",
             _pd_flows, False),
        Case("rankings: top 10 per platform, latest week", lambda e: rankings.rankings(e, week),
             f"""WITH a AS (SELECT snapshot_date >= $start AS cur, platform, account_id, sum(posts) AS n,
                                   7 * count(DISTINCT snapshot_date) AS d,
                                   arg_max(account_name, snapshot_date) AS name, arg_max(province, snapshot_date) AS province,
                                   arg_max(city, snapshot_date) AS city, arg_max(level, snapshot_date) AS level,
                                   arg_max(sector, snapshot_date) AS sector, arg_max(followers, snapshot_date) AS followers,
                                   sum(reads) AS r, CASE WHEN count(watching) = count(*) THEN sum(watching) END AS z,
                                   sum(likes) AS l, sum(comments) AS c, sum(shares) AS s,
                                   CASE WHEN count(headline_reads) = count(*) THEN sum(headline_reads) END AS rt,
                                   CASE WHEN count(max_reads) = count(*) THEN max(max_reads) END AS rmax
                            FROM read_parquet($files) WHERE snapshot_date BETWEEN $prev AND $end GROUP BY ALL),
                     k AS (SELECT *, row_number() OVER (PARTITION BY cur, platform ORDER BY {dci} DESC) AS rank FROM a)
                SELECT c.*, p.rank FROM k c LEFT JOIN k p ON NOT p.cur AND p.platform = c.platform AND p.account_id = c.account_id
                WHERE c.cur AND c.rank <= 10""", _pd_rankings, False),
        Case("compliance: pass rate by province", lambda e: compliance.pass_rates(e, F, "province"),
             """WITH d AS (SELECT max(snapshot_date) AS d FROM read_parquet($files)),
                     a AS (SELECT province, platform, account_id, sum(posts) AS p, max(snapshot_date) AS last
                           FROM read_parquet($files), d WHERE snapshot_date > d.d - INTERVAL 14 DAY GROUP BY ALL)
                SELECT province, avg((p > 0)::INT) FROM a, d WHERE last = d.d GROUP BY 1""", _pd_pass_rates, True),
        Case("compliance: failing and dormant accounts", lambda e: compliance.accounts(e, F),
             """WITH d AS (SELECT max(snapshot_date) AS d FROM read_parquet($files)),
                     c AS (SELECT platform, account_id, account_name, province, city, level, sector
                           FROM read_parquet($files) WHERE snapshot_date = (SELECT d FROM d)),
                     h AS (SELECT platform, account_id, min(snapshot_date) AS first, max(snapshot_date) FILTER (WHERE posts > 0) AS lp,
                                  sum(posts) FILTER (WHERE snapshot_date > d.d - INTERVAL 14 DAY) AS recent
                           FROM read_parquet($files), d GROUP BY ALL)
                SELECT * FROM c JOIN h USING (platform, account_id)""",
             _pd_compliance_accounts, False),
        Case("regions: province ranking", lambda e: regions.province_ranking(e, F),
             """SELECT province, sum(followers), rank() OVER (ORDER BY sum(followers) DESC) FROM read_parquet($files)
                WHERE snapshot_date = (SELECT max(snapshot_date) FROM read_parquet($files)) GROUP BY 1""",
             _pd_province_ranking, True),
        Case("account detail: weekly index and rank", lambda e: account.weeks(e, "weibo", "1288915263", F),
             f"""WITH w AS (SELECT *, posts AS n, period_days AS d, reads AS r, watching AS z, likes AS l, comments AS c,
                                   shares AS s, headline_reads AS rt, max_reads AS rmax FROM read_parquet($files) WHERE platform = 'weibo'),
                     k AS (SELECT snapshot_date, account_id, rank() OVER (PARTITION BY snapshot_date ORDER BY {dci} DESC) AS rank FROM w)
                SELECT * FROM k WHERE account_id = '1288915263'""", _pd_account, False),
        Case("account search", lambda e: account.search(e, "警方", F),
             """WITH h AS (SELECT DISTINCT platform, account_id FROM read_parquet($files)
                           WHERE contains(lower(account_name), '警方') OR account_id = '警方')
                SELECT platform, account_id, arg_max(account_name, snapshot_date), arg_max(province, snapshot_date),
                       arg_max(city, snapshot_date), arg_max(followers, snapshot_date), max(snapshot_date)
                FROM read_parquet($files) SEMI JOIN h USING (platform, account_id) GROUP BY ALL""", _pd_search, False),
        Case("matrix: agencies and matrix index", lambda e: matrix.agencies(e, week),
             f"""WITH a AS (SELECT platform, account_id, any_value(account_name) AS name, any_value(province) AS province,
                                   sum(posts) AS n, 7 AS d, sum(reads) AS r, NULL AS z, sum(likes) AS l, sum(comments) AS c,
                                   sum(shares) AS s, NULL AS rt, NULL AS rmax
                            FROM read_parquet($files) WHERE snapshot_date BETWEEN $start AND $end GROUP BY ALL),
                     n AS (SELECT *, 100 * {dci} / max({dci}) OVER (PARTITION BY platform) AS norm FROM a)
                SELECT name, province, sum(norm) FROM n GROUP BY ALL""", None, False),
    ]


def run_ours(engine: Engine, uncached: Engine, week: Week, repeat: int) -> dict[str, tuple[float, float, float]]:
    """(cold: first run, warm: median of re-runs without the result cache, cached: served from it)."""
    out = {}
    for case in cases(week):
        start = time.perf_counter()
        case.ours(engine)
        cold = time.perf_counter() - start
        warm = median_time(lambda: case.ours(uncached), repeat)
        cached = median_time(lambda: case.ours(engine), repeat)
        out[case.name] = (cold, warm, cached)
    return out


def run_sql(files: list[str], week: Week, repeat: int) -> dict[str, float]:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    out = {}
    for case in cases(week):
        params = {"files": files, "start": week[0], "end": week[1], "prev": week[0] - dt.timedelta(days=7)}
        params = {k: v for k, v in params.items() if f"${k}" in case.sql}
        con.execute(case.sql, params).df()
        out[case.name] = median_time(lambda: con.execute(case.sql, params).df(), repeat)
    return out


def run_pandas(files: list[str], week: Week, repeat: int) -> tuple[dict[str, float | None], float]:
    """Times of each view on a frame already in memory, and the time it took to load that frame."""
    start = time.perf_counter()
    df = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    df["snapshot_date"] = pd.to_datetime(df["snapshot_date"])
    for col in ("platform", "province"):
        df[col] = df[col].astype("category")
    load = time.perf_counter() - start
    out: dict[str, float | None] = {}
    for case in cases(week):
        out[case.name] = None if case.pandas is None else median_time(lambda: case.pandas(df, week), max(1, repeat // 2))
    return out, load


def _ours(root: str, repeat: int):
    from analytics.query.engine import Engine
    from analytics.store.table import Store

    store = Store(root)
    engine, uncached = Engine(store), Engine(store, cache_entries=0)
    last = engine.date_bounds()[1]
    week = (last - dt.timedelta(days=6), last)
    return run_ours(engine, uncached, week, repeat), week, store.files(), peak_mb()

def _sql(files: list[str], week, repeat: int):
    return run_sql(files, week, repeat), peak_mb()

def _pandas(files: list[str], week, repeat: int):
    times, load = run_pandas(files, week, repeat)
    return times, load, peak_mb()

def run(rows: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = str(Path(tmp) / "data")
        stored, secs, ingest_peak = in_child(fill_store, root, rows)
        print(f"views: {stored:,} rows ingested year by year in {secs:.1f} s (peak {ingest_peak:.0f} MB); "
              f"medians of {repeat} runs, each side in a fresh process")
        ours, week, files, our_peak = in_child(_ours, root, repeat)
        sql, sql_peak = in_child(_sql, files, week, repeat)
        pd_times, pd_load, pd_peak = in_child(_pandas, files, week, repeat)
    aggregate = {c.name: c.aggregate for c in cases(week)}
    print(f"  {'view':44} {'cold':>7} {'warm':>7} {'cached':>7} {'min SQL':>8} {'÷ SQL':>6} {'pandas':>8} {'× faster':>8}")
    for name, (cold, warm, cached) in ours.items():
        p = pd_times[name]
        mark = "R" if aggregate[name] else " "
        print(f"  {name:42} {mark} {cold * 1e3:6.0f}ms {warm * 1e3:5.0f}ms {cached * 1e3:5.1f}ms "
              f"{sql[name] * 1e3:6.0f}ms {warm / sql[name]:6.2f} "
              + (f"{p * 1e3:6.0f}ms {p / warm:8.1f}" if p is not None else f"{'–':>8} {'–':>8}"))
    print(f"  R = answered from the rollup. pandas times exclude loading the frame ({pd_load:.1f} s).")
    print(f"  peak memory: ours {our_peak:.0f} MB, minimal SQL {sql_peak:.0f} MB, pandas {pd_peak:.0f} MB")
