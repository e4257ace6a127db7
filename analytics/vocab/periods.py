"""Time buckets: SQL to bucket snapshot dates by granularity, and how buckets are labelled."""

from __future__ import annotations

import datetime as dt

import pandas as pd

_BUCKETS = {
    "week": "{c}",
    "month": "date_trunc('month', {c})::DATE",
    "quarter": "date_trunc('quarter', {c})::DATE",
    "half": "make_date(year({c}), CASE WHEN month({c}) <= 6 THEN 1 ELSE 7 END, 1)",
    "year": "date_trunc('year', {c})::DATE",
}
# Year-on-year for weeks compares with 52 weeks earlier, which falls on the same weekday.
YOY_OFFSET = {"week": "INTERVAL 364 DAY", "month": "INTERVAL 1 YEAR", "quarter": "INTERVAL 1 YEAR",
              "half": "INTERVAL 1 YEAR", "year": "INTERVAL 1 YEAR"}
# Rolling means smooth over about a quarter for short buckets and two buckets for long ones.
ROLLING = {"week": 4, "month": 3, "quarter": 2, "half": 2, "year": 2}


def bucket_sql(granularity: str, column: str = "snapshot_date") -> str:
    """Granularity comes from Filters' allow-list, so it is safe to place in SQL."""
    return _BUCKETS[granularity].format(c=column)


def label(start: dt.date | pd.Timestamp, granularity: str, lang: str = "zh") -> str:
    d = pd.Timestamp(start)
    if granularity == "week":
        return d.strftime("%Y-%m-%d")
    if granularity == "month":
        return f"{d.year}年{d.month}月" if lang != "en" else d.strftime("%Y-%m")
    if granularity == "quarter":
        q = (d.month - 1) // 3 + 1
        return f"{d.year}年Q{q}" if lang != "en" else f"{d.year} Q{q}"
    if granularity == "half":
        first = d.month <= 6
        if lang == "en":
            return f"{d.year} H{1 if first else 2}"
        return f"{d.year}年{'上' if first else '下'}半年"
    return f"{d.year}年" if lang != "en" else str(d.year)


def half_end(start: dt.date | pd.Timestamp) -> str:
    """CNNIC names half-years by their last month: 2018-12, 2019-06."""
    d = pd.Timestamp(start)
    return f"{d.year}-{'06' if d.month <= 6 else '12'}"


_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def bucket_end(start: dt.date | pd.Timestamp, granularity: str) -> dt.date:
    """The last day of the bucket starting on `start`."""
    d = pd.Timestamp(start)
    if granularity == "week":  # a weekly snapshot's date ends its week
        return d.date()
    return (d + pd.DateOffset(months=_MONTHS[granularity]) - pd.Timedelta(days=1)).date()
