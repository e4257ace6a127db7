"""Regions: province ranking on any metric, and the data of the province tile map."""

from __future__ import annotations

import pandas as pd

from analytics.query.engine import Engine, Query
from analytics.query.filters import Filters
from analytics.views.aggregate import metric_sql
from analytics.views.scores import previous_period
from analytics.vocab import provinces


def build_province_ranking_sql(f: Filters) -> Query:
    """The metric per province over the range (stocks on its last snapshot), with rank and share,
    and the change against the previous range of the same length."""
    base, params = metric_sql(f, "province", bucketed=False)
    sql = f"""
        WITH b AS ({base})
        SELECT province, value::DOUBLE AS value,
               rank() OVER (ORDER BY value DESC) AS rank,
               value::DOUBLE / nullif(sum(value) OVER (), 0) AS share
        FROM b ORDER BY rank, province
    """
    return Query.make(sql, params)


def province_ranking(engine: Engine, f: Filters) -> pd.DataFrame:
    """Columns: province, value, rank, share, and the change on the previous range (pop)."""
    df = engine.run(build_province_ranking_sql(f))
    if f.start and f.end:
        prev_start, prev_end = previous_period(f.start, f.end)
        prev = engine.run(build_province_ranking_sql(f.with_(start=prev_start, end=prev_end)))
        df = df.merge(prev[["province", "value"]].rename(columns={"value": "prev_value"}), on="province", how="left")
        df["pop"] = df["value"] / df["prev_value"].where(df["prev_value"] > 0) - 1
    return df


def tiles(ranking: pd.DataFrame) -> pd.DataFrame:
    """Every tile of the map with its grid position and value (NaN where the data has none)."""
    values = dict(zip(ranking["province"], ranking["value"]))
    ranks = dict(zip(ranking["province"], ranking["rank"]))
    return pd.DataFrame([{"province": r.short, "full": r.full, "en": r.en, "row": r.row, "col": r.col,
                          "in_scope": r.in_scope, "value": values.get(r.short, float("nan")),
                          "rank": ranks.get(r.short)} for r in provinces.REGIONS])
