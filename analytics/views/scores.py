"""Per-account totals over a period and their communication index: the base of rankings and the matrix index."""

from __future__ import annotations

import datetime as dt

from analytics.views import indices

_ATTRS = ("account_name", "province", "city", "level", "sector", "agency")


def _complete(column: str, agg: str) -> str:
    # An optional input counts only when every snapshot of the period has it; otherwise the
    # index uses its documented approximation and the score is marked approximate.
    return f"CASE WHEN count({column}) = count(*) THEN {agg}({column}) END"


def scores_cte(cond: str, period_col: str = "'cur'") -> str:
    """CTEs `acc` and `scored` over rows matching `cond`, one row per (period, platform, account).

    `period_col` labels each row's period so that one scan can score two periods; d, the period's
    days, is the sum of period_days over the period's snapshot dates (7 per weekly snapshot)."""
    latest = ", ".join(f"arg_max({a}, snapshot_date) AS {a}" for a in _ATTRS)
    return f"""
        src AS (SELECT *, {period_col} AS period FROM read_parquet($files) WHERE {cond}),
        days AS (SELECT period, sum(pd) AS d FROM (SELECT period, snapshot_date, max(period_days) AS pd
                                                   FROM src GROUP BY ALL) GROUP BY ALL),
        acc AS (SELECT period, platform, account_id, {latest},
                       arg_max(followers, snapshot_date) AS followers,
                       sum(posts) AS n, sum(reads) AS r, {_complete("watching", "sum")} AS z, sum(likes) AS l,
                       sum(comments) AS c, sum(shares) AS s, {_complete("headline_reads", "sum")} AS rt,
                       {_complete("max_reads", "max")} AS rmax
                FROM src GROUP BY ALL),
        scored AS (SELECT acc.*, days.d, {indices.index_sql()} AS score, {indices.approximate_sql()} AS approximate,
                          {indices.index_code_sql()} AS index_code
                   FROM acc JOIN days USING (period))
    """


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before [start, end]."""
    length = end - start + dt.timedelta(days=1)
    return start - length, start - dt.timedelta(days=1)
