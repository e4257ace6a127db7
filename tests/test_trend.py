"""Trend results worked out by hand from views_data (see the row table there)."""

import math

import pandas as pd
import pytest

from analytics.query.filters import Filters
from analytics.views import trends


def rows(df, series):
    g = df[df["series"] == series]
    return {p.strftime("%Y-%m"): r for p, r in zip(g["period"], g.itertuples())}


def test_stock_takes_the_last_snapshot_in_each_bucket(small_engine):
    df = trends.trend(small_engine, Filters(granularity="month", metric="followers"), by="platform")
    weibo = rows(df, "weibo")
    # June 2024 ends on W2: A 1100 + B 210; July on W4: 1300 + 230.
    assert {k: r.value for k, r in weibo.items()} == {"2023-06": 100, "2024-06": 1310, "2024-07": 1530}
    assert rows(df, "douyin")["2024-06"].value == 710 and rows(df, "douyin")["2024-07"].value == 5500
    assert weibo["2024-07"].pop == pytest.approx(1530 / 1310 - 1)
    assert weibo["2024-06"].yoy == pytest.approx(1310 / 100 - 1)
    assert math.isnan(weibo["2024-07"].yoy)
    assert weibo["2024-07"].rolling == pytest.approx((100 + 1310 + 1530) / 3)


def test_flows_are_summed(small_engine):
    df = trends.trend(small_engine, Filters(granularity="month", metric="reads"))
    total = rows(df, "total")
    assert {k: r.value for k, r in total.items()} == {"2023-06": 15, "2024-06": 3400, "2024-07": 170610}


def test_interactions_are_likes_comments_shares(small_engine):
    df = trends.trend(small_engine, Filters(granularity="year", metric="interactions"))
    # 2024: A 57+48+72, B 1, C 36+24, E 111, D 9990+8880
    assert list(df["value"]) == [1, 57 + 48 + 72 + 1 + 36 + 24 + 111 + 9990 + 8880]


def test_active_accounts_count_each_account_once_per_bucket(small_engine):
    df = trends.trend(small_engine, Filters(granularity="month", metric="active_accounts"))
    assert {k: r.value for k, r in rows(df, "total").items()} == {"2023-06": 2, "2024-06": 3, "2024-07": 3}


def test_weekly_yoy_compares_52_weeks_back(small_engine):
    df = trends.trend(small_engine, Filters(granularity="week", metric="reads", platforms=("weibo",)))
    yoy = dict(zip(df["period"].dt.strftime("%Y-%m-%d"), df["yoy"]))
    # W2 (2024-06-26) is exactly 52 weeks after W0 (2023-06-28): A read 400 against 10.
    assert yoy["2024-06-26"] == pytest.approx(400 / 10 - 1)
    assert all(math.isnan(v) for k, v in yoy.items() if k != "2024-06-26")


def test_filters_restrict_rows(small_engine):
    f = Filters(granularity="quarter", metric="followers", provinces=("山西",), start=pd.Timestamp("2024-07-01").date())
    df = trends.trend(small_engine, f, by="province")
    assert list(df["series"]) == ["山西"] and list(df["value"]) == [230 + 10]


def test_unknown_by_is_refused():
    with pytest.raises(KeyError):
        trends.build_trend_sql(Filters(), by="account_name; DROP")
