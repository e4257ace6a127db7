"""An events file (CSV or XLSX) read the way snapshot uploads are read, then checked row by row."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from analytics.events import model
from analytics.store import readers

MAX_ROWS = 10_000


def read(name: str, data: bytes) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    """The events in the file and the problems found (row number, zh, en); use the rows only without problems."""
    try:
        loaded = readers.load(name, data)
        tables = list(loaded.batches)
    except readers.Unreadable as exc:
        return model.empty(), [(0, exc.problem.zh, exc.problem.en)]
    table = pa.concat_tables(tables) if tables else loaded.schema.empty_table()
    if table.num_rows == 0:
        return model.empty(), [(0, "文件没有数据行", "the file has no data rows")]
    if table.num_rows > MAX_ROWS:
        return model.empty(), [(0, f"行数超过 {MAX_ROWS:,}", f"more than {MAX_ROWS:,} rows")]
    rows = pd.DataFrame({c: [None if v is None else str(v) for v in table.column(c).to_pylist()] for c in table.column_names})
    return model.normalise(rows, "added")
