"""Compliance with the inspection rule: no post in the 14 days before the check date fails (单项否决).

An account's last post is known to the minute where the posts table holds it (`basis` 'post'); else
the rule works from the weekly snapshots (`basis` 'week'): posted in a snapshot's week counts as posted
on its last day.

Pass rate (合格率) = accounts that posted in (check − 14 days, check] ÷ accounts reporting on the
check date. Accounts with 90+ days without a post are dormant (僵尸号). Rates and counts read the
rollup (which holds each account's window flags); the lists of accounts read the rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.query.engine import Engine, Query, where
from analytics.query.filters import Filters
from analytics.store.rollup import COMPLIANCE_DAYS, DORMANT_DAYS
from analytics.vocab import periods

BY = {None: "'total'", "province": "province", "sector": "sector", "platform": "platform", "level": "level"}
# The exact time of each account's last post up to the check date, from the posts table.
EXACT_LAST_POST = """x AS (SELECT platform, account_id, max(published_at) AS last_post_at,
                               coalesce(max(CASE WHEN time_known THEN published_at END) = max(published_at), false)
                                   AS time_known
                        FROM read_parquet($posts) WHERE {cond} AND day <= $check GROUP BY ALL)"""
# Which evidence the two-week rule used for an account: its last post itself ('post') where the posts
# table holds a post in or after the week of the snapshots' last week with posts (or the snapshots
# saw none), else the snapshots' week ('week') — posts loaded only for earlier weeks say nothing of now.
BASIS = """CASE WHEN x.last_post_at IS NOT NULL AND (h.last_post IS NULL
                 OR CAST(x.last_post_at AS DATE) >= h.last_post - INTERVAL 6 DAY) THEN 'post' ELSE 'week' END"""


def check_date(engine: Engine, f: Filters) -> dt.date:
    """The latest snapshot on or before the filter's end: checks happen on data that exists."""
    cond, params = where(f.with_(start=None))
    df = engine.run(Query.make(f"SELECT max(snapshot_date) AS d FROM read_parquet($rollup) WHERE {cond}", params))
    value = df["d"].iloc[0]
    return engine.date_bounds()[1] if pd.isna(value) else value.date()


def build_pass_rate_sql(f: Filters, check: dt.date, by: str | None) -> Query:
    cond, params = where(f, dates=False)
    params["check"] = check
    sql = f"""
        SELECT {BY[by]} AS grp, sum(accounts) AS accounts, sum(compliant) AS passed,
               sum(accounts) - sum(compliant) AS failed, sum(compliant)::DOUBLE / sum(accounts) AS rate,
               sum(dormant) AS dormant
        FROM read_parquet($rollup) WHERE {cond} AND snapshot_date = $check
        GROUP BY ALL ORDER BY rate, grp
    """
    return Query.make(sql, params)


def build_pass_rate_trend_sql(f: Filters, by: str | None = None) -> Query:
    cond, params = where(f)
    bucket = periods.bucket_sql(f.granularity)
    sql = f"""
        WITH r AS (SELECT *, {bucket} AS period FROM read_parquet($rollup) WHERE {cond}),
             ends AS (SELECT period, max(snapshot_date) AS d FROM r GROUP BY ALL)
        SELECT r.period, r.snapshot_date AS check_date, {BY[by]} AS grp, sum(accounts) AS accounts,
               sum(compliant) AS passed, sum(compliant)::DOUBLE / sum(accounts) AS rate, sum(dormant) AS dormant
        FROM r JOIN ends ON r.period = ends.period AND r.snapshot_date = ends.d
        GROUP BY ALL ORDER BY period, grp
    """
    return Query.make(sql, params)


def build_accounts_sql(f: Filters, check: dt.date, latest: bool = False) -> Query:
    """Accounts reporting on the check date (their attributes as of that date), with their history:
    first snapshot, last week with a post, and posts in the 14-day window.

    When the check date is the data's last (`latest`, the usual case), first and last-post dates come from
    the account summary and only the window's rows are read; an earlier check date reads the history."""
    cond, params = where(f, dates=False)
    params["check"] = check
    if latest:
        history = f"""
             s AS (SELECT platform, account_id, first_seen, last_post FROM read_parquet($accounts) WHERE {cond}),
             w AS (SELECT platform, account_id, sum(posts) AS recent_posts FROM read_parquet($files)
                   WHERE {cond} AND snapshot_date > $check - INTERVAL {COMPLIANCE_DAYS} DAY AND snapshot_date <= $check
                   GROUP BY ALL),
             h AS (SELECT s.platform, s.account_id, s.first_seen, s.last_post, coalesce(w.recent_posts, 0) AS recent_posts
                   FROM s LEFT JOIN w USING (platform, account_id))"""
    else:
        history = f"""
             h AS (SELECT platform, account_id, min(snapshot_date) AS first_seen,
                          max(snapshot_date) FILTER (WHERE posts > 0) AS last_post,
                          coalesce(sum(posts) FILTER (WHERE snapshot_date > $check - INTERVAL {COMPLIANCE_DAYS} DAY), 0) AS recent_posts
                   FROM read_parquet($files) WHERE {cond} AND snapshot_date <= $check GROUP BY ALL)"""
    sql = f"""
        WITH cur AS (SELECT platform, account_id, account_name, province, city, level, sector, agency
                     FROM read_parquet($files) WHERE {cond} AND snapshot_date = $check),{history},
             {EXACT_LAST_POST.format(cond=cond)},
             e AS (SELECT h.*, x.last_post_at, coalesce(x.time_known, false) AS last_post_time_known,
                          {BASIS} AS basis
                   FROM h LEFT JOIN x USING (platform, account_id)),
             d AS (SELECT *, CASE WHEN basis = 'post' THEN CAST(last_post_at AS DATE) ELSE last_post END AS last_day FROM e)
        SELECT cur.*, d.first_seen, $check::DATE AS last_seen, d.last_post, d.last_post_at, d.last_post_time_known,
               d.basis, d.recent_posts,
               CASE WHEN d.basis = 'post' THEN d.last_day > $check - INTERVAL {COMPLIANCE_DAYS} DAY
                    ELSE d.recent_posts > 0 END AS passed,
               date_diff('day', coalesce(d.last_day, d.first_seen), $check) AS days_quiet,
               (coalesce(d.last_day, DATE '1900-01-01') <= $check - INTERVAL {DORMANT_DAYS} DAY
                AND d.first_seen <= $check - INTERVAL {DORMANT_DAYS - 1} DAY) AS dormant
        FROM cur JOIN d USING (platform, account_id)
        ORDER BY passed, days_quiet DESC, platform, account_id
    """
    return Query.make(sql, params)


def rates_of(accounts: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Pass rates computed from the account list itself (the same columns as `pass_rates`): where the
    rule used exact times of posts, the list and these rates agree, which rollup's weekly flags need not."""
    key = pd.Series("total", index=accounts.index) if by is None else accounts[by].fillna("")
    g = accounts.assign(grp=key).groupby("grp", sort=False)
    out = pd.DataFrame({"accounts": g.size(), "passed": g["passed"].sum(), "dormant": g["dormant"].sum()}).reset_index()
    out["failed"] = out["accounts"] - out["passed"]
    out["rate"] = out["passed"] / out["accounts"]
    out = out[["grp", "accounts", "passed", "failed", "rate", "dormant"]]
    return out.sort_values(["rate", "grp"], ignore_index=True)


def pass_rates(engine: Engine, f: Filters, by: str | None = None) -> pd.DataFrame:
    """Columns: grp, accounts, passed, failed, rate, dormant — at the check date, lowest rate first."""
    return engine.run(build_pass_rate_sql(f, check_date(engine, f), by))


def pass_rate_trend(engine: Engine, f: Filters, by: str | None = None) -> pd.DataFrame:
    """Pass rate at the last snapshot of each bucket (quarterly, as inspections report it)."""
    return engine.run(build_pass_rate_trend_sql(f, by))


def accounts(engine: Engine, f: Filters) -> pd.DataFrame:
    """Every account reporting on the check date, failing ones first, with its last post date."""
    check = check_date(engine, f)
    return engine.run(build_accounts_sql(f, check, latest=check == engine.date_bounds()[1]))
