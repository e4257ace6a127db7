"""Headline figures for leaders: each KPI in the latest bucket against the bucket before."""

from __future__ import annotations

import pandas as pd

from analytics.query.engine import Engine
from analytics.query.filters import Filters
from analytics.views import compliance, trends
from analytics.vocab import periods

KPI_METRICS = ("accounts", "active_accounts", "followers", "reads", "interactions")


def kpis(engine: Engine, f: Filters) -> pd.DataFrame:
    """Columns: metric, period (label), current, previous, change (ratio); pass_rate in points.

    Stocks compare the last snapshot of the latest bucket with that of the previous bucket;
    flows and active accounts compare the two buckets' totals."""
    rows = []
    for metric in KPI_METRICS:
        df = trends.trend(engine, f.with_(metric=metric))
        rows.append(_last_two(metric, df["period"], df["value"], f.granularity))
    rates = compliance.pass_rate_trend(engine, f)
    row = _last_two("pass_rate", rates["period"], rates["rate"], f.granularity)
    if row["previous"] is not None:
        row["change"] = row["current"] - row["previous"]  # percentage points, not a ratio of ratios
    rows.append(row)
    return pd.DataFrame(rows)


def _last_two(metric: str, period: pd.Series, value: pd.Series, granularity: str) -> dict:
    if value.empty:
        return {"metric": metric, "period": None, "previous_period": None, "current": None, "previous": None,
                "change": None}
    current = float(value.iloc[-1])
    previous = float(value.iloc[-2]) if len(value) > 1 else None
    change = current / previous - 1 if previous else None
    return {"metric": metric, "period": periods.label(period.iloc[-1], granularity),
            "previous_period": periods.label(period.iloc[-2], granularity) if len(value) > 1 else None,
            "current": current, "previous": previous, "change": change}
