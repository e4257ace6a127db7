"""One factory for small, valid snapshot datasets; tests override what they are about."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

ACCOUNTS = (
    # platform, account_id, name, province, city, level, sector
    ("weibo", "1001", "平安杭州", "浙江", "杭州", "municipal", "公安"),
    ("wechat", "gh_a1", "杭州发布", "浙江", "杭州", "municipal", "政府办公厅"),
    ("douyin", "d77", "太原铁路公安在线", "山西", "太原", "municipal", "公安"),
    ("weibo", "2002", "共青团中央", "中央", None, "national", "共青团"),
)


def make_rows(weeks: int = 2, start: dt.date = dt.date(2024, 1, 3), accounts=ACCOUNTS, **overrides) -> pd.DataFrame:
    rows = []
    for w in range(weeks):
        day = start + dt.timedelta(days=7 * w)
        for i, (platform, account_id, name, province, city, level, sector) in enumerate(accounts):
            base = (i + 1) * 1000 + w
            rows.append({
                "snapshot_date": day, "platform": platform, "account_id": account_id, "account_name": name,
                "province": province, "city": city, "level": level, "sector": sector,
                "followers": base * 10, "posts": 3 + i, "reads": base * 5, "likes": base, "comments": base // 10,
                "shares": base // 20,
            })
    df = pd.DataFrame(rows)
    for column, value in overrides.items():
        df[column] = value
    return df


def parquet_bytes(df: pd.DataFrame | pa.Table, **kwargs) -> bytes:
    table = df if isinstance(df, pa.Table) else pa.Table.from_pandas(df, preserve_index=False)
    buf = io.BytesIO()
    pq.write_table(table, buf, **kwargs)
    return buf.getvalue()


def write_parquet(path: Path, df: pd.DataFrame | pa.Table, **kwargs) -> Path:
    path.write_bytes(parquet_bytes(df, **kwargs))
    return path
