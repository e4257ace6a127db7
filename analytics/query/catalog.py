"""What the data holds: the dimension values present (for filter choices) and the last update."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.query.engine import Engine, Query
from analytics.query.filters import DIMENSIONS


def build_dimensions_sql() -> Query:
    return Query.make("""
        SELECT province, city, sector, level, platform, count(*) AS weeks
        FROM read_parquet($rollup) GROUP BY ALL ORDER BY province, city, sector
    """)


def dimensions(engine: Engine) -> pd.DataFrame:
    """Every (province, city, sector, level, platform) combination present in the current version."""
    return engine.run(build_dimensions_sql())


def cities_by_province(dims: pd.DataFrame) -> dict[str, list[str]]:
    present = dims.dropna(subset=["city"])
    return {p: sorted(set(g["city"])) for p, g in present.groupby("province")}


def sectors(dims: pd.DataFrame) -> list[str]:
    return sorted(set(dims["sector"].dropna()))


def known(dims: pd.DataFrame) -> dict[str, list[str]]:
    """Per list filter, the values present in the data (what a link may name)."""
    return {d.param: sorted(set(dims[d.param].dropna())) for d in DIMENSIONS}


@dataclass(frozen=True)
class Choices:
    """What the filters offer for one version, worked out once per version and process (every rerun of
    every session draws the sidebar from it)."""

    known: dict[str, list[str]]
    cities: dict[str, list[str]]
    sectors: list[str]


def choices(engine: Engine) -> Choices:
    def build() -> Choices:
        dims = dimensions(engine)
        return Choices(known(dims), cities_by_province(dims), sectors(dims))

    return engine.derived("choices", build)
