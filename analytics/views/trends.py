"""Trend view: any metric over time, split by platform / province / sector / level, at any granularity.

Stock metrics (followers, accounts) take the value at the last snapshot in each bucket; flow
metrics are summed; active accounts are counted once per bucket. Each row carries the change on
the previous bucket (pop), on the same bucket a year earlier (yoy) and a rolling mean."""

from __future__ import annotations

import pandas as pd

from analytics.query.engine import Engine, Query
from analytics.query.filters import Filters
from analytics.views.aggregate import metric_sql
from analytics.vocab import periods

BY = {None: "'total'", "platform": "platform", "province": "province", "sector": "sector", "level": "level"}


def build_trend_sql(f: Filters, by: str | None = None) -> Query:
    base, params = metric_sql(f, f"{BY[by]} AS series")
    window = periods.ROLLING[f.granularity]
    sql = f"""
        WITH b AS ({base})
        SELECT b.period, b.series, b.value::DOUBLE AS value,
               CASE WHEN lag(b.value) OVER w > 0 THEN b.value / lag(b.value) OVER w - 1 END AS pop,
               CASE WHEN p.value > 0 THEN b.value / p.value - 1 END AS yoy,
               avg(b.value) OVER (PARTITION BY b.series ORDER BY b.period ROWS BETWEEN {window - 1} PRECEDING AND CURRENT ROW) AS rolling
        FROM b LEFT JOIN b p ON p.series IS NOT DISTINCT FROM b.series
                            AND p.period = b.period - {periods.YOY_OFFSET[f.granularity]}
        WINDOW w AS (PARTITION BY b.series ORDER BY b.period)
        ORDER BY b.period, b.series
    """
    return Query.make(sql, params)


def trend(engine: Engine, f: Filters, by: str | None = None) -> pd.DataFrame:
    """Columns: period (bucket start), series, value, pop, yoy, rolling."""
    return engine.run(build_trend_sql(f, by))
