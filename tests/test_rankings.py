import datetime as dt
import math

import pytest
import views_data as vd

from analytics.query.filters import Filters
from analytics.views import rankings


def bci(n, s, c, l):
    return (0.2 * math.log(n + 1) + 0.8 * (0.4 * math.log(s + 1) + 0.4 * math.log(c + 1) + 0.2 * math.log(l + 1))) * 160


def test_weekly_ranking_with_previous_period(small_engine):
    f = Filters(start=dt.date(2024, 6, 27), end=vd.W3)
    df = rankings.rankings(small_engine, f)
    weibo = df[df["platform"] == "weibo"].set_index("account_id")
    assert list(weibo.index) == ["a", "b"]
    assert weibo.loc["a", "score"] == pytest.approx(bci(6, 6, 6, 60))
    assert weibo.loc["b", "score"] == pytest.approx(bci(1, 0, 0, 1))
    assert weibo.loc["a", "account_name"] == "杭州公安"  # the name in force during the period
    # The previous week (W2): A scored, B had nothing, so both keep their places.
    assert list(weibo["prev_rank"]) == [1, 2] and list(weibo["rank_change"]) == [0, 0]
    assert not weibo["new_entry"].any()
    douyin = df[df["platform"] == "douyin"]
    assert list(douyin["account_id"]) == ["d"] and douyin["new_entry"].iloc[0]
    assert douyin["d"].iloc[0] == 7 and douyin["r"].iloc[0] == 90000


def test_top_n_cuts_and_totals(small_engine):
    df = rankings.rankings(small_engine, Filters(start=dt.date(2024, 6, 27), end=vd.W3, platforms=("weibo",)), top_n=1)
    assert list(df["account_id"]) == ["a"]
    totals = rankings.totals(df).set_index("platform")
    assert totals.loc["weibo", "accounts"] == 1 and totals.loc["weibo", "r"] == 600


def test_two_week_period_sums_and_doubles_days(small_engine):
    df = rankings.rankings(small_engine, Filters(start=vd.W3 - dt.timedelta(days=6), end=vd.W4, platforms=("douyin",)))
    d = df.iloc[0]
    assert (d["n"], d["r"], d["l"], d["d"]) == (18, 170000, 17000, 14)


def test_wechat_scores_are_marked_approximate_without_inputs(small_engine):
    full = rankings.rankings(small_engine, Filters(start=vd.W1 - dt.timedelta(days=6), end=vd.W1, platforms=("wechat",)))
    assert not full["approximate"].iloc[0]
    partial = rankings.rankings(small_engine, Filters(start=vd.W1 - dt.timedelta(days=6), end=vd.W2, platforms=("wechat",)))
    assert partial["approximate"].iloc[0]  # W2 lacks 在看, headline and best-post reads


def test_default_period_is_the_latest_week(small_engine):
    assert rankings.period_of(small_engine, Filters()) == (vd.W4 - dt.timedelta(days=6), vd.W4)


def test_seed_week_on_the_sample(sample_store):
    from analytics.query.engine import Engine

    df = rankings.rankings(Engine(sample_store), Filters(start=dt.date(2019, 2, 28), end=dt.date(2019, 3, 6),
                                                         platforms=("douyin",)))
    assert list(df["account_name"][:3]) == ["浙有正能量", "太原铁路公安在线", "深圳南山交警"]
    assert list(df["province"][:3]) == ["浙江", "山西", "广东"] and df["city"].iloc[2] == "深圳"
    t = rankings.totals(df).iloc[0]
    assert (t["accounts"], t["n"], t["l"], t["c"], t["s"]) == (10, 240, 65_610_000, 2_580_000, 1_190_000)
    assert 1_527_000_000 < t["r"] < 1_528_000_000
    leader = df.iloc[0]
    assert (leader["n"], leader["r"], leader["l"], leader["c"], leader["s"]) == (34, 470_000_000, 24_480_000, 840_000, 110_000)
    assert set(df["index_code"]) == {"DCI"}
