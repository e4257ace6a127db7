"""Posts upload templates: CSV and XLSX with the Chinese headers real exports use, and a column guide."""

from __future__ import annotations

import io

import pandas as pd

from analytics.posts import schema

KIND_NAMES = {"timestamp": ("时间（北京时间；只有日期表示时间未知）", "time (Beijing; a date alone: time unknown)"),
              "text": ("文本", "text"), "code": ("代码/名称", "code or name"), "count": ("非负整数", "whole number ≥ 0"),
              "url": ("http(s) 网址", "http(s) address"), "flag": ("是/否", "yes/no"), "date": ("日期", "date")}


def example_rows() -> pd.DataFrame:
    rows = [
        ("douyin", "73029184551", "do2606230001", "2026-06-23 20:15", "入汛以来最强降雨来袭，防汛应急响应启动", None,
         2_380_000, 86_000, 2_100, 3_400, "视频", "https://www.douyin.com/video/do2606230001", None, "是", 58, "2026-06-24"),
        ("wechat", "gh_0a1b2c3d4e5f", "wx2606220001", "2026-06-22 07:30", "杭州推进一网通办再升级",
         "近日，杭州市持续深化放管服改革……", 100001, 1_280, 95, 410, "图文", "https://mp.weixin.qq.com/s/wx2606220001",
         620, "原创", None, "2026-06-24"),
        ("weibo", "1288915263", "wb2606210001", "2026-06-21", None, "【反诈提醒】凡是要求转账到“安全账户”的都是诈骗！",
         45_000, 1_900, 310, 820, "图文", None, None, "否", None, "2026-06-24"),
    ]
    columns = [c.name for c in schema.COLUMNS]
    return pd.DataFrame(rows, columns=columns).rename(columns={c.name: c.zh for c in schema.COLUMNS})


def csv_bytes() -> bytes:
    # With a byte-order mark, so that Excel opens the Chinese headers as UTF-8.
    return example_rows().to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes() -> bytes:
    guide = pd.DataFrame([{"字段（中文表头）": c.zh, "field (English header)": c.name,
                           "必填 / required": "是 yes" if c.required else ("标题或正文至少一项" if c.name in ("title", "text") else "否 no"),
                           "类型": KIND_NAMES[c.kind][0], "type": KIND_NAMES[c.kind][1],
                           "也可用的表头 / other accepted headers": "、".join(a for a in c.aliases if a not in (c.zh, c.name))}
                          for c in schema.COLUMNS])
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        example_rows().to_excel(writer, sheet_name="作品数据", index=False)
        guide.to_excel(writer, sheet_name="字段说明 Columns", index=False)
        for sheet in writer.sheets.values():
            sheet.freeze_panes = "A2"
            for column in sheet.columns:
                sheet.column_dimensions[column[0].column_letter].width = 20
    return buf.getvalue()
