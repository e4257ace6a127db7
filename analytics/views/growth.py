"""CNNIC-style growth: half-year buckets ending June and December, with scale, increment and rate.

Applied to the user's own accounts (scale per platform, new versus closed accounts, so clean-up
waves read as closures) and to CNNIC's published netizen series shipped in sample_data/reference/."""

from __future__ import annotations

import pandas as pd

from analytics import settings
from analytics.query.engine import Engine, Query, where
from analytics.query.filters import Filters
from analytics.views.aggregate import metric_sql
from analytics.vocab import periods

REFERENCE = settings.SAMPLE_DIR / "reference"
GROWTH_METRICS = ("accounts", "active_accounts", "followers")


def build_growth_sql(f: Filters, metric: str, by_platform: bool = True) -> Query:
    half = f.with_(granularity="half")
    keys = "platform AS series" if by_platform else "'total' AS series"
    base, params = metric_sql(half, keys, bucketed=True, metric=metric)
    sql = f"""
        WITH b AS ({base})
        SELECT period, series, value::DOUBLE AS scale,
               value - lag(value) OVER w AS increment,
               CASE WHEN lag(value) OVER w > 0 THEN value::DOUBLE / lag(value) OVER w - 1 END AS rate
        FROM b WINDOW w AS (PARTITION BY series ORDER BY period)
        ORDER BY period, series
    """
    return Query.make(sql, params)


def build_account_flows_sql(f: Filters) -> Query:
    """Accounts opened and closed per half-year and platform.

    An account opens in the half-year of its first snapshot and closes in the half-year of its last,
    unless that is the data's last snapshot (it is still running). The data's first half-year has
    no openings: accounts seen then may be older than the data. Read from the account summary (one row
    per account, filtered by its latest place, level and sector), not from every row."""
    cond, params = where(f, dates=False)
    h = periods.bucket_sql("half", "{d}")
    in_range = ["TRUE"]
    for name, op in (("start", ">="), ("end", "<=")):
        if getattr(f, name):
            in_range.append(f"period {op} {h.format(d='$' + name)}")
            params[name] = getattr(f, name)
    sql = f"""
        WITH life AS (SELECT platform, account_id, first_seen AS first, last_seen AS last
                      FROM read_parquet($accounts) WHERE {cond}),
             bounds AS (SELECT min(first_seen) AS first, max(last_seen) AS last FROM read_parquet($accounts)),
             events AS (
                SELECT {h.format(d="l.first")} AS period, platform, 'opened' AS kind FROM life l, bounds b
                WHERE {h.format(d="l.first")} > {h.format(d="b.first")}
                UNION ALL
                SELECT {h.format(d="l.last")} AS period, platform, 'closed' AS kind FROM life l, bounds b
                WHERE l.last < b.last)
        SELECT period, platform, count(*) FILTER (WHERE kind = 'opened') AS opened,
               count(*) FILTER (WHERE kind = 'closed') AS closed
        FROM events WHERE {" AND ".join(in_range)}
        GROUP BY ALL ORDER BY period, platform
    """
    return Query.make(sql, params)


def growth(engine: Engine, f: Filters, metric: str = "accounts", by_platform: bool = True) -> pd.DataFrame:
    """Columns: period (half-year start), series, scale, increment, rate."""
    if metric not in GROWTH_METRICS:
        raise ValueError(f"growth metric must be one of {GROWTH_METRICS}")
    df = engine.run(build_growth_sql(f, metric, by_platform))
    df["label"] = [periods.half_end(p) for p in df["period"]]
    return df


def account_flows(engine: Engine, f: Filters) -> pd.DataFrame:
    """Columns: period, platform, opened, closed (and label, e.g. 2021-06)."""
    df = engine.run(build_account_flows_sql(f))
    df["label"] = [periods.half_end(p) for p in df["period"]]
    return df


def cnnic_netizens() -> pd.DataFrame:
    """CNNIC's semiannual reports: scale in 万人, rates in %, with increments and growth rates.

    The 45th report's cut-off is 2020-03 (there is no 2019-12 report), so that step spans nine
    months; `months` says how long each step is so a chart can mark it."""
    df = pd.read_csv(REFERENCE / "cnnic_netizens.csv", dtype={"as_of": str})
    stamps = pd.to_datetime(df["as_of"], format="%Y-%m")
    df["months"] = (stamps.dt.year * 12 + stamps.dt.month).diff()
    for col in ("netizens_10k", "mobile_netizens_10k"):
        df[col.replace("_10k", "_increment")] = df[col].diff()
        df[col.replace("_10k", "_rate")] = df[col].pct_change(fill_method=None)
    return df


def cnnic_government() -> pd.DataFrame:
    """CNNIC's government figures (在线政务服务用户, 政务机构微博, 政务头条号…) in long form."""
    return pd.read_csv(REFERENCE / "cnnic_gov_newmedia.csv", dtype={"as_of": str})


def government_breaks(gov: pd.DataFrame) -> list[dict]:
    """Falls in CNNIC's government series (政务机构微博 after 2020, 在线政务服务用户 in 2025): the
    reference notes them as clean-ups or definition changes, so a chart must say so, not draw decline."""
    breaks = []
    for metric, g in gov.groupby("metric", sort=False):
        g = g.sort_values("as_of")
        peak = g.loc[g["value"].idxmax()]
        last = g.iloc[-1]
        if last["value"] < peak["value"] and last["as_of"] > peak["as_of"]:
            breaks.append({"metric": metric, "unit": last["unit"], "from_as_of": peak["as_of"],
                           "from_value": peak["value"], "to_as_of": last["as_of"], "to_value": last["value"]})
    return breaks
