import datetime as dt
import io

import openpyxl
import pyarrow.parquet as pq

from analytics.store import ingest, schema, template


def test_templates_pass_validation(store):
    for name, data in (("template.parquet", template.parquet_bytes()), ("template.xlsx", template.xlsx_bytes())):
        prepared = ingest.prepare(store, name, data, today=dt.date(2026, 11, 29))
        assert prepared.report.ok, prepared.report.text("en")
        assert prepared.report.rows == 3 and prepared.report.capped_reads == 1
        assert pq.read_table(prepared.rows)["platform"].to_pylist() == ["weibo", "wechat", "douyin"]


def test_xlsx_has_chinese_headers_and_a_guide():
    book = openpyxl.load_workbook(io.BytesIO(template.xlsx_bytes()))
    data, guide = book.worksheets
    headers = [c.value for c in data[1]]
    assert headers[:4] == ["统计日期", "平台", "账号ID", "账号名称"] and data.freeze_panes == "A2"
    assert guide.max_row == len(schema.COLUMNS) + 1
