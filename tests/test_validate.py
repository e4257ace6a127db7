"""Every rejection class of the ingest rules, and every accepted variant."""

import datetime as dt
import decimal
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from factory import make_rows, parquet_bytes

from analytics.store import readers, schema
from analytics.store.validate import validate

TODAY = dt.date(2026, 11, 29)


def run(columns, batches, name, textual=False):
    """(canonical rows read back from the staged file, or None; the report)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.parquet"
        report = validate(columns, batches, name, out, Path(tmp), textual=textual, today=TODAY)
        assert out.exists() == report.ok
        return (pq.read_table(out) if report.ok else None), report


def check(df_or_table, textual=False):
    table = df_or_table if isinstance(df_or_table, pa.Table) else pa.Table.from_pandas(df_or_table, preserve_index=False)
    return run(table.schema, iter([table]), "t.parquet", textual=textual)


def codes(report):
    return {(p.code, p.column) for p in report.problems}


def test_valid_rows_normalise_to_schema():
    rows, report = check(make_rows())
    assert report.ok and rows.schema == schema.ARROW_SCHEMA
    assert rows.num_rows == 8
    assert rows["period_days"].to_pylist() == [7] * 8
    assert report.first_date == "2024-01-03" and report.last_date == "2024-01-10"
    assert report.platforms == {"weibo": 4, "wechat": 2, "douyin": 2}
    assert report.provinces == ["中央", "山西", "浙江"]


def test_missing_required_column():
    rows, report = check(make_rows().drop(columns=["followers"]))
    assert rows is None and ("missing_column", "followers") in codes(report)
    assert "粉丝数" in report.problems[0].text("zh")


def test_missing_columns_all_reported():
    rows, report = check(make_rows().drop(columns=["followers", "reads"]))
    assert {("missing_column", "followers"), ("missing_column", "reads")} <= codes(report)


@pytest.mark.parametrize("column, values, code", [
    ("reads", [1.5] + [1.0] * 7, "wrong_type"),
    ("likes", [-1] + [1] * 7, "negative"),
    ("likes", [-1.0] + [1.0] * 7, "negative"),
    ("shares", [None] + [1] * 7, "null"),
    ("platform", ["火星"] + ["weibo"] * 7, "unknown_value"),
    ("province", ["台湾"] + ["浙江"] * 7, "unknown_value"),
    ("level", ["村级"] + ["county"] * 7, "unknown_value"),
    ("account_name", ["x" * 201] + ["n"] * 7, "too_long"),
    ("account_name", [None] + ["n"] * 7, "null"),
    ("snapshot_date", ["2019-02-30"] + ["2024-01-03"] * 7, "bad_date"),
    ("snapshot_date", ["1999-12-31"] + ["2024-01-03"] * 7, "date_range"),
    ("snapshot_date", ["2026-12-07"] + ["2024-01-03"] * 7, "date_range"),
])
def test_rejections(column, values, code):
    df = make_rows()
    df[column] = values
    rows, report = check(df)
    assert rows is None
    problem = next(p for p in report.problems if p.column == column and p.code == code)
    assert problem.rows[0] == 1 and problem.count >= 1
    assert problem.zh and problem.en


def test_text_column_in_a_count_is_a_column_problem():
    df = make_rows()
    df["followers"] = "many"
    rows, report = check(df)
    assert rows is None
    assert [(p.code, p.column, p.rows) for p in report.problems] == [("wrong_type", "followers", ())]
    assert "string" in report.problems[0].en


def test_dates_up_to_a_week_ahead_are_accepted():
    df = make_rows(weeks=1)
    df["snapshot_date"] = "2026-12-06"
    rows, report = check(df)
    assert report.ok


def test_problem_lists_rows_and_example_in_both_languages():
    df = make_rows(weeks=3)
    df.loc[[2, 5, 9], "followers"] = -5
    _, report = check(df)
    p = next(p for p in report.problems if p.code == "negative")
    assert p.rows == (3, 6, 10) and p.count == 3 and p.example == "-5"
    assert "数据第 3、6、10 行" in p.text("zh") and "data row 3, 6, 10" in p.text("en")


def test_nan_in_required_count_is_rejected():
    table = pa.Table.from_pandas(make_rows(), preserve_index=False)
    reads = pa.array([float("nan")] + [1.0] * 7, pa.float64(), from_pandas=False)
    table = table.set_column(table.schema.get_field_index("reads"), "reads", reads)
    rows, report = check(table)
    assert ("nan", "reads") in codes(report)


def test_nan_in_optional_count_means_missing():
    df = make_rows()
    df["watching"] = np.nan
    rows, report = check(pa.Table.from_pandas(df).set_column(
        df.columns.get_loc("watching"), "watching", pa.array([np.nan] * 8, from_pandas=False)))
    assert report.ok and rows["watching"].null_count == 8


def test_list_column_is_wrong_kind():
    table = pa.Table.from_pandas(make_rows(), preserve_index=False)
    table = table.set_column(table.schema.get_field_index("posts"), "posts", pa.array([[1]] * 8))
    _, report = check(table)
    assert ("wrong_type", "posts") in codes(report)


def test_value_beyond_int64_is_rejected():
    table = pa.Table.from_pandas(make_rows(), preserve_index=False)
    big = pa.array([2**63] + [1] * 7, pa.uint64())
    table = table.set_column(table.schema.get_field_index("reads"), "reads", big)
    _, report = check(table)
    assert ("too_large", "reads") in codes(report)


def test_decimal_counts():
    table = pa.Table.from_pandas(make_rows(), preserve_index=False)
    ok = pa.array([decimal.Decimal(5)] * 8, pa.decimal128(20, 0))
    rows, report = check(table.set_column(table.schema.get_field_index("reads"), "reads", ok))
    assert report.ok and rows["reads"].to_pylist() == [5] * 8
    huge = pa.array([decimal.Decimal(2**64)] + [decimal.Decimal(1)] * 7, pa.decimal128(25, 0))
    _, report = check(table.set_column(table.schema.get_field_index("reads"), "reads", huge))
    assert ("too_large", "reads") in codes(report)


def test_duplicate_keys_are_rejected():
    df = make_rows()
    df = pd.concat([df, df.iloc[[1]]], ignore_index=True)
    rows, report = check(df)
    p = next(p for p in report.problems if p.code == "duplicate_key")
    assert p.rows == (9,) and "gh_a1" in p.example


def test_null_keys_are_rejected():
    df = make_rows()
    df.loc[0, "account_id"] = "  "
    df.loc[1, "platform"] = None
    _, report = check(df)
    assert {("null_key", "account_id"), ("null_key", "platform")} <= codes(report)


def test_two_headers_for_one_column():
    df = make_rows()
    df["播放量"] = df["reads"]
    _, report = check(df)
    assert ("duplicate_column", "reads") in codes(report)


def test_chinese_headers_and_platform_names():
    df = make_rows().rename(columns={"snapshot_date": "统计日期", "platform": "平台", "account_id": "账号ID",
                                     "account_name": "账号名称", "province": "省份", "followers": "粉丝数",
                                     "posts": "发文数", "reads": "阅读数", "likes": "点赞数", "comments": "评论数",
                                     "shares": "转发数", "level": "层级", "sector": "行业", "city": "地市"})
    df["平台"] = ["新浪微博", "微信公众号", "抖音", "微博"] * 2
    df["层级"] = ["地市级", "市级", "市级", "国家级"] * 2
    rows, report = check(df)
    assert report.ok
    assert rows["platform"].to_pylist()[:4] == ["weibo", "wechat", "douyin", "weibo"]
    assert rows["level"].to_pylist()[:4] == ["municipal", "municipal", "municipal", "national"]


@pytest.mark.parametrize("values", [
    pa.array([dt.datetime(2024, 1, 3, 9, 30)] * 4 + [dt.datetime(2024, 1, 10)] * 4, pa.timestamp("us")),
    pa.array([dt.datetime(2024, 1, 3, 1, 0)] * 4 + [dt.datetime(2024, 1, 10)] * 4, pa.timestamp("ms", tz="Asia/Shanghai")),
    pa.array(["2024-01-03"] * 4 + ["2024/01/10"] * 4),
    pa.array(["2024-01-03 00:00:00"] * 4 + ["2024/1/10"] * 4).dictionary_encode(),
])
def test_accepted_date_forms(values):
    table = pa.Table.from_pandas(make_rows(), preserve_index=False)
    table = table.set_column(0, "snapshot_date", values)
    rows, report = check(table)
    assert report.ok, report.text("en")
    assert [d.isoformat() for d in rows["snapshot_date"].to_pylist()] == ["2024-01-03"] * 4 + ["2024-01-10"] * 4


def test_timezone_date_is_local_date():
    # 2024-01-03 01:00 in Shanghai is still 2024-01-02 in UTC: the exporter meant the 3rd.
    stamp = pd.Timestamp("2024-01-03 01:00", tz="Asia/Shanghai")
    assert stamp.tz_convert("UTC").date() == dt.date(2024, 1, 2)
    table = pa.Table.from_pandas(make_rows(weeks=1), preserve_index=False)
    table = table.set_column(0, "snapshot_date", pa.array([stamp] * 4))
    rows, report = check(table)
    assert rows["snapshot_date"].to_pylist() == [dt.date(2024, 1, 3)] * 4


def test_int32_and_dictionary_columns():
    table = pa.Table.from_pandas(make_rows(), preserve_index=False)
    table = table.set_column(table.schema.get_field_index("posts"), "posts", table["posts"].cast(pa.int32()))
    table = table.set_column(1, "platform", table["platform"].combine_chunks().dictionary_encode())
    rows, report = check(table)
    assert report.ok and rows["posts"].type == pa.int64()


def test_province_codes_as_integers():
    df = make_rows()
    df["province"] = [330000, 330000, 140000, 330000] * 2
    df["province"] = df["province"].astype("int32")
    rows, report = check(df)
    assert report.ok and rows["province"].to_pylist()[:3] == ["浙江", "浙江", "山西"]


def test_extra_columns_are_reported_and_pandas_index_silently_dropped():
    df = make_rows()
    df.index = range(100, 108)
    df["remark"] = "x"
    table = pa.Table.from_pandas(df, preserve_index=True)
    assert "__index_level_0__" in table.column_names
    rows, report = check(table)
    assert report.ok and report.ignored_columns == ["remark"]


def test_zero_row_file_is_accepted():
    rows, report = check(make_rows().iloc[0:0])
    assert report.ok and rows.num_rows == 0


def test_capped_wechat_reads_are_kept_and_counted():
    df = make_rows()
    df.loc[df["platform"] == "wechat", "reads"] = schema.WECHAT_CAPPED_READS
    rows, report = check(df)
    assert report.ok and report.capped_reads == 2
    assert rows.filter(pa.compute.equal(rows["platform"], "wechat"))["reads"].to_pylist() == [100001, 100001]


def test_markup_and_sql_in_names_are_data():
    names = ["<script>alert(1)</script>", "'; DROP TABLE snapshots; --", "=HYPERLINK(\"x\")", "普通账号"] * 2
    df = make_rows()
    df["account_name"] = names
    rows, report = check(df)
    assert report.ok and rows["account_name"].to_pylist() == names


def test_text_counts_from_csv_are_parsed():
    df = make_rows().astype(str)
    df.loc[0, "reads"] = "1,234"
    df.loc[1, "reads"] = "10万+"
    rows, report = check(pa.Table.from_pandas(df, preserve_index=False), textual=True)
    assert report.ok
    assert rows["reads"].to_pylist()[:2] == [1234, 100001]


def test_text_counts_in_parquet_are_wrong_kind():
    df = make_rows()
    df["reads"] = df["reads"].astype(str)
    _, report = check(df)
    assert ("wrong_type", "reads") in codes(report)


def test_negative_text_count_from_csv():
    df = make_rows().astype(str)
    df.loc[3, "likes"] = "-7"
    _, report = check(pa.Table.from_pandas(df, preserve_index=False), textual=True)
    assert ("negative", "likes") in codes(report)


@pytest.mark.parametrize("data, needle", [
    (b"", "empty"),
    (b"snapshot_date,platform\n2024-01-01,weibo\n", "not a readable parquet"),
    (b"<html><body>Error</body></html>", "HTML"),
    (b"PAR1\x00\x00garbage", "not a readable parquet"),
])
def test_unreadable_parquet(data, needle):
    with pytest.raises(readers.Unreadable) as err:
        readers.load("week.parquet", data)
    assert needle in err.value.problem.en


def test_truncated_parquet():
    data = parquet_bytes(make_rows())
    with pytest.raises(readers.Unreadable):
        readers.load("week.parquet", data[: len(data) // 2] + b"PAR1")


@pytest.mark.parametrize("codec", ["snappy", "gzip", "brotli", "zstd", "lz4", "none"])
def test_every_parquet_codec(codec):
    loaded = readers.load("w.parquet", parquet_bytes(make_rows(), compression=codec))
    rows, report = run(loaded.schema, loaded.batches, "w.parquet")
    assert report.ok and rows.num_rows == 8


def test_csv_in_gbk_with_chinese_headers():
    df = make_rows().rename(columns={"account_name": "账号名称", "followers": "粉丝数"})
    data = df.to_csv(index=False).encode("gb18030")
    loaded = readers.load("week.csv", data)
    rows, report = run(loaded.schema, loaded.batches, "week.csv", textual=True)
    assert report.ok, report.text("en")
    assert rows["account_name"].to_pylist()[0] == "平安杭州"


def test_csv_keeps_leading_zeros_in_ids():
    df = make_rows()
    df["account_id"] = [f"00{i}" for i in range(8)]
    loaded = readers.load("w.csv", df.to_csv(index=False).encode("utf-8-sig"))
    rows, _ = run(loaded.schema, loaded.batches, "w.csv", textual=True)
    assert rows["account_id"].to_pylist()[0] == "000"


def test_xlsx(tmp_path):
    path = tmp_path / "w.xlsx"
    make_rows().to_excel(path, index=False)
    loaded = readers.load("w.xlsx", path.read_bytes())
    rows, report = run(loaded.schema, loaded.batches, "w.xlsx", textual=True)
    assert report.ok, report.text("en")
    assert rows["followers"].to_pylist() == make_rows()["followers"].tolist()


def test_duplicate_csv_header():
    with pytest.raises(readers.Unreadable) as err:
        readers.load("w.csv", "粉丝数,粉丝数\n1,2\n".encode())
    assert "appears twice" in err.value.problem.en


def test_unsupported_extension():
    with pytest.raises(readers.Unreadable) as err:
        readers.load("w.json", b"{}")
    assert "unsupported" in err.value.problem.en


def test_problems_over_batches_count_every_row_and_number_rows_in_the_file(monkeypatch):
    monkeypatch.setattr(readers, "BATCH_ROWS", 5)
    df = make_rows(weeks=6)  # 24 rows, read as batches of 5
    df.loc[[2, 7, 21], "followers"] = -1
    df.loc[[11], "snapshot_date"] = dt.date(1999, 1, 1)
    loaded = readers.load("w.parquet", parquet_bytes(df, row_group_size=5))
    rows, report = run(loaded.schema, loaded.batches, "w.parquet")
    assert rows is None
    negative = next(p for p in report.problems if p.column == "followers")
    assert (negative.count, negative.rows) == (3, (3, 8, 22))
    early = next(p for p in report.problems if p.code == "date_range")
    assert (early.count, early.rows) == (1, (12,))


def test_duplicates_across_batches_are_found_by_row(monkeypatch):
    monkeypatch.setattr(readers, "BATCH_ROWS", 5)
    df = make_rows(weeks=4)
    df = pd.concat([df, df.iloc[[1]], df.iloc[[9]]], ignore_index=True)  # rows 17 and 18 repeat rows 2 and 10
    loaded = readers.load("w.parquet", parquet_bytes(df, row_group_size=5))
    rows, report = run(loaded.schema, loaded.batches, "w.parquet")
    p = next(p for p in report.problems if p.code == "duplicate_key")
    assert (p.count, p.rows) == (2, (17, 18))


def test_batches_stage_every_row_in_order(monkeypatch):
    monkeypatch.setattr(readers, "CSV_BLOCK_BYTES", 256)
    df = make_rows(weeks=6)
    loaded = readers.load("w.csv", df.to_csv(index=False).encode())
    loaded.batches = list(loaded.batches)
    assert len(loaded.batches) > 3
    rows, report = run(loaded.schema, loaded.batches, "w.csv", textual=True)
    assert report.ok and report.rows == 24
    assert rows["followers"].to_pylist() == df["followers"].tolist()
    assert report.platforms == df["platform"].value_counts().to_dict()
