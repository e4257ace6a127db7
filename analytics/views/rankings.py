"""Rankings: top N accounts per platform for a period by their platform's index, against the previous period."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.query.engine import Engine, Query, where
from analytics.query.filters import Filters
from analytics.views.scores import previous_period, scores_cte
from analytics.vocab.platforms import order_sql as platform_order

DEFAULT_TOP_N = 10
TOTAL_COLUMNS = ("n", "r", "l", "c", "s")


def build_rankings_sql(f: Filters, start: dt.date, end: dt.date, top_n: int) -> Query:
    cond, params = where(f, dates=False)
    prev_start, _ = previous_period(start, end)
    params.update(start=start, end=end, prev_start=prev_start, top_n=top_n)
    period = "CASE WHEN snapshot_date >= $start THEN 'cur' ELSE 'prev' END"
    sql = f"""
        WITH {scores_cte(f"{cond} AND snapshot_date BETWEEN $prev_start AND $end", period)},
        ranked AS (SELECT *, row_number() OVER (PARTITION BY period, platform
                                                ORDER BY score DESC, r DESC, account_id) AS rank
                   FROM scored)
        SELECT c.platform, c.rank, c.account_id, c.account_name, c.province, c.city, c.level, c.sector,
               c.index_code, c.score, c.approximate, c.followers, c.n, c.r, c.z, c.l, c.c, c.s, c.d,
               p.rank AS prev_rank,
               CASE WHEN p.rank IS NOT NULL THEN p.rank - c.rank END AS rank_change,
               (p.rank IS NULL OR p.rank > $top_n) AS new_entry
        FROM ranked c LEFT JOIN ranked p
          ON p.period = 'prev' AND p.platform = c.platform AND p.account_id = c.account_id
        WHERE c.period = 'cur' AND c.rank <= $top_n
        ORDER BY {platform_order("c.platform")}, c.rank
    """
    return Query.make(sql, params)


def period_of(engine: Engine, f: Filters) -> tuple[dt.date, dt.date]:
    """The filter's range, defaulting to the week that ends on the latest snapshot."""
    end = f.end or engine.date_bounds()[1]
    start = f.start or end - dt.timedelta(days=6)
    return start, end


def rankings(engine: Engine, f: Filters, top_n: int = DEFAULT_TOP_N) -> pd.DataFrame:
    """Top N per platform. n posts, r reads/plays, z 在看, l likes, c comments, s shares over d days;
    rank_change > 0 means the account rose; new_entry means it was not in the previous top N."""
    start, end = period_of(engine, f)
    return engine.run(build_rankings_sql(f, start, end, top_n))


def totals(top: pd.DataFrame) -> pd.DataFrame:
    """The period's totals of each platform's top N."""
    return top.groupby("platform", sort=False).agg(
        accounts=("account_id", "count"), **{col: (col, "sum") for col in TOTAL_COLUMNS}).reset_index()
