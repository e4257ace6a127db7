"""Platform mix: each platform's share of accounts, followers, reads and interactions; over time; by province."""

from __future__ import annotations

import pandas as pd

from analytics.query.engine import Engine, Query, where
from analytics.query.filters import Filters
from analytics.views.aggregate import metric_sql

SHARE_METRICS = ("accounts", "followers", "reads", "interactions")


def build_mix_sql(f: Filters) -> Query:
    """Stocks on the latest snapshot in the range, flows summed over the range."""
    cond, params = where(f)
    shares = ", ".join(f"{m}::DOUBLE / nullif(sum({m}) OVER (), 0) AS {m}_share" for m in SHARE_METRICS)
    sql = f"""
        WITH r AS (SELECT * FROM read_parquet($rollup) WHERE {cond}),
             stock AS (SELECT platform, sum(accounts) AS accounts, sum(followers) AS followers
                       FROM r WHERE snapshot_date = (SELECT max(snapshot_date) FROM r) GROUP BY ALL),
             flow AS (SELECT platform, sum(reads) AS reads, sum(interactions) AS interactions FROM r GROUP BY ALL),
             m AS (SELECT platform, coalesce(s.accounts, 0) AS accounts, coalesce(s.followers, 0) AS followers,
                          f.reads, f.interactions
                   FROM flow f LEFT JOIN stock s USING (platform))
        SELECT *, {shares} FROM m ORDER BY followers DESC, platform
    """
    return Query.make(sql, params)


def _platform_shares_sql(f: Filters, group: str, bucketed: bool) -> Query:
    """The metric per (group, platform) with each platform's share of its group."""
    keys = "platform" if group == "period" else f"{group}, platform"
    base, params = metric_sql(f, keys, bucketed=bucketed)
    sql = f"""
        WITH b AS ({base})
        SELECT {group}, platform, value::DOUBLE AS value,
               value::DOUBLE / nullif(sum(value) OVER (PARTITION BY {group}), 0) AS share
        FROM b ORDER BY {group}, platform
    """
    return Query.make(sql, params)


def build_mix_over_time_sql(f: Filters) -> Query:
    return _platform_shares_sql(f, "period", bucketed=True)


def build_province_platform_sql(f: Filters) -> Query:
    return _platform_shares_sql(f, "province", bucketed=False)


def mix(engine: Engine, f: Filters) -> pd.DataFrame:
    """Per platform: accounts, followers, reads, interactions and each one's share."""
    return engine.run(build_mix_sql(f))


def mix_over_time(engine: Engine, f: Filters) -> pd.DataFrame:
    """Per bucket and platform: the filter's metric and its share of the bucket (for a 100 % stack)."""
    return engine.run(build_mix_over_time_sql(f))


def province_platform(engine: Engine, f: Filters) -> pd.DataFrame:
    """Per province and platform: the filter's metric and the platform's share within the province."""
    return engine.run(build_province_platform_sql(f))
