"""Upload templates: parquet with the canonical headers, XLSX with Chinese headers and a column guide."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analytics.store import schema

KIND_NAMES = {"date": ("日期", "date"), "text": ("文本", "text"), "code": ("代码/名称", "code or name"),
              "count": ("非负整数", "whole number ≥ 0"), "days": ("天数，默认 7", "days, default 7")}
EXAMPLE_DATE = dt.date(2026, 6, 24)


def example_rows() -> pd.DataFrame:
    rows = [
        ("weibo", "1288915263", "中国警方在线", "中央", None, "national", "公安", "公安部", 5015717, 32, 1960600, 21000, 5400, 6600, None, None, None),
        ("wechat", "gh_0a1b2c3d4e5f", "杭州发布", "浙江", "杭州", "municipal", "政府办公厅", "杭州市人民政府办公厅", 1250000, 1, 100001, 4100, 520, 1300, 2400, 100001, 100001),
        ("douyin", "73029184551", "浙有正能量", "浙江", None, "provincial", "宣传网信", "浙江省委网信办", 8600000, 30, 120000000, 3500000, 98000, 21000, None, None, None),
    ]
    cols = [c for c in schema.NAMES if c not in ("snapshot_date", "period_days")]
    df = pd.DataFrame(rows, columns=cols)
    df.insert(0, "snapshot_date", EXAMPLE_DATE)
    df["period_days"] = schema.DEFAULT_PERIOD_DAYS
    for c in ("watching", "headline_reads", "max_reads"):
        df[c] = df[c].astype("Int64")
    return df


def parquet_bytes() -> bytes:
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(example_rows(), schema=schema.ARROW_SCHEMA, preserve_index=False), buf)
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    data = example_rows().rename(columns={c.name: c.zh for c in schema.COLUMNS})
    guide = pd.DataFrame([{"字段（中文表头）": c.zh, "field (English header)": c.name, "必填 / required": "是 yes" if c.required else "否 no",
                           "类型": KIND_NAMES[c.kind][0], "type": KIND_NAMES[c.kind][1],
                           "也可用的表头 / other accepted headers": "、".join(a for a in c.aliases if a not in (c.zh, c.name))}
                          for c in schema.COLUMNS])
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        data.to_excel(writer, sheet_name="快照数据", index=False)
        guide.to_excel(writer, sheet_name="字段说明 Columns", index=False)
        for sheet in writer.sheets.values():
            sheet.freeze_panes = "A2"
            for column in sheet.columns:
                sheet.column_dimensions[column[0].column_letter].width = 18
    return buf.getvalue()
