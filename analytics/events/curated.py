"""The shipped events: real national policies, reports and incidents with the document each comes from,
kept in sample_data/reference/events.csv and checked like any upload (a bad row is a clear error)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from analytics import settings
from analytics.errors import SettingError
from analytics.events import model

PATH = settings.SAMPLE_DIR / "reference" / "events.csv"


def load(path: Path = PATH) -> pd.DataFrame:
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    table, problems = model.normalise(rows, "curated")
    if problems:
        n, zh, en = problems[0]
        raise SettingError(f"{path.name} 第 {n} 行：{zh}", f"{path.name} row {n}: {en}")
    table["id"] = [f"c{i + 1:03d}" for i in range(len(table))]
    return table


@lru_cache(maxsize=1)
def shipped() -> pd.DataFrame:
    return load()
