import datetime as dt

import pytest
import views_data as vd
from factory import make_rows, parquet_bytes

from analytics.access.roles import ANALYST, Actor
from analytics.query.engine import Engine
from analytics.query.filters import Filters
from analytics.store import ingest
from analytics.store.table import Store
from analytics.views import matrix


def test_hierarchy_on_latest_snapshot(small_engine):
    df = matrix.hierarchy(small_engine, Filters())
    got = {(r.province, r.city, r.level, r.platform): r.accounts for r in df.itertuples()}
    assert got == {("中央", "", "national", "douyin"): 1, ("山西", "太原", "county", "toutiao"): 1,
                   ("山西", "太原", "county", "weibo"): 1, ("浙江", "杭州", "municipal", "wechat"): 1,
                   ("浙江", "杭州", "municipal", "weibo"): 1}


def test_agencies_and_matrix_index(small_engine):
    df = matrix.agencies(small_engine, Filters(start=dt.date(2024, 6, 27), end=vd.W3)).set_index("agency")
    # Each platform's best account scores 100 after normalising; weights: weibo .20, douyin .20.
    assert df.loc["杭州公安", "matrix_index"] == pytest.approx(0.20 * 100)
    assert df.loc["共青团中央", "matrix_index"] == pytest.approx(0.20 * 100)
    assert df.loc["杭州公安", "platforms"] == ["weibo"]
    # C posted nothing in W3, so WeChat's best score is 0 and normalising leaves it at 0.
    assert df.loc["杭州发布", "matrix_index"] == 0
    assert df.index[0] in ("杭州公安", "共青团中央")


def test_coverage_by_level():
    import pandas as pd

    agencies = pd.DataFrame({"level": ["county", "county", "national"],
                             "platforms": [["weibo", "wechat"], ["weibo"], ["douyin"]]})
    cov = matrix.coverage(agencies).set_index(["level", "platform"])
    assert cov.loc[("county", "weibo"), "share"] == 1.0 and cov.loc[("county", "wechat"), "share"] == 0.5
    assert cov.loc[("national", "douyin"), "present"] == 1 and cov.loc[("national", "weibo"), "share"] == 0


def test_lineage_renames_and_merges(tmp_path):
    accounts = [("weibo", "gs", "浙江工商", "浙江", None, "provincial", "市场监管"),
                ("weibo", "sy", "浙江食药监", "浙江", None, "provincial", "市场监管"),
                ("weibo", "x", "其他账号", "浙江", None, "provincial", "公安")]
    df = make_rows(weeks=6, start=dt.date(2018, 10, 3), accounts=accounts)
    df.loc[(df["account_id"] == "gs") & (df["snapshot_date"] >= dt.date(2018, 10, 24)), "account_name"] = "浙江市场监管"
    df = df[~((df["account_id"] == "sy") & (df["snapshot_date"] > dt.date(2018, 10, 31)))]
    store = Store(tmp_path / "d")
    ingest.commit(store, ingest.prepare(store, "l.parquet", parquet_bytes(df)), Actor("t", ANALYST))
    events = matrix.lineage(Engine(store), Filters())
    got = [(e.kind, e.account_id, e.from_name, e.to_name, e.date) for e in events.itertuples()]
    assert got == [("rename", "gs", "浙江工商", "浙江市场监管", dt.date(2018, 10, 24)),
                   ("merge", "sy", "浙江食药监", "浙江市场监管", dt.date(2018, 10, 31))]


def test_lineage_on_sample_has_the_police_rename(sample_store):
    events = matrix.lineage(Engine(sample_store), Filters())
    police = events[events["from_name"] == "公安部打四黑除四害"].iloc[0]
    assert (police["kind"], police["to_name"], police["date"].year, police["date"].month) == ("rename", "中国警方在线", 2019, 1)
    assert (events["kind"] == "merge").sum() >= 10
