import datetime as dt

import pandas as pd
import pytest
import views_data as vd

from analytics.query.filters import Filters
from analytics.views import compliance


def test_check_date_is_the_latest_snapshot_in_range(small_engine):
    assert compliance.check_date(small_engine, Filters()) == vd.W4
    assert compliance.check_date(small_engine, Filters(end=dt.date(2024, 7, 5))) == vd.W3


def test_pass_rate_at_check_date(small_engine):
    total = compliance.pass_rates(small_engine, Filters()).iloc[0]
    # On W4: A (6 posts in W3), B (1), D (18) pass; C (none since W2) and F (never) fail; F is dormant.
    assert (total["accounts"], total["passed"], total["failed"], total["dormant"]) == (5, 3, 2, 1)
    assert total["rate"] == pytest.approx(0.6)


def test_pass_rate_by_platform(small_engine):
    df = compliance.pass_rates(small_engine, Filters(), by="platform").set_index("grp")
    assert df["rate"].to_dict() == {"wechat": 0.0, "toutiao": 0.0, "douyin": 1.0, "weibo": 1.0}
    assert list(df.index[:2]) == ["toutiao", "wechat"]  # lowest first


def test_two_week_window_is_fourteen_days(small_engine):
    # On W3 the window holds W2 and W3: C posted 2 in W2, so it still passes; B posted in W3.
    df = compliance.accounts(small_engine, Filters(end=vd.W3)).set_index("account_id")
    assert df["passed"].to_dict() == {"a": True, "b": True, "c": True, "d": True, "f": False}


def test_failing_accounts_with_last_post(small_engine):
    df = compliance.accounts(small_engine, Filters())
    failing = df[~df["passed"]].set_index("account_id")
    assert set(failing.index) == {"c", "f"}
    assert failing.loc["c", "last_post"].date() == vd.W2 and failing.loc["c", "days_quiet"] == 14
    assert failing.loc["f", "last_post"] != failing.loc["f", "last_post"]  # never posted
    assert failing.loc["f", "days_quiet"] == (vd.W4 - vd.W0).days
    assert failing.loc["f", "dormant"] and not failing.loc["c", "dormant"]
    assert list(df["account_id"][:2]) == ["f", "c"]  # longest quiet first


def test_rollup_counts_agree_with_account_list(small_engine):
    rates = compliance.pass_rates(small_engine, Filters(end=vd.W3)).iloc[0]
    listed = compliance.accounts(small_engine, Filters(end=vd.W3))
    assert rates["accounts"] == len(listed) and rates["passed"] == listed["passed"].sum()
    assert rates["dormant"] == listed["dormant"].sum()


def test_pass_rate_trend(small_engine):
    df = compliance.pass_rate_trend(small_engine, Filters(granularity="month"))
    got = {p.strftime("%Y-%m"): (r, c.date()) for p, r, c in zip(df["period"], df["rate"], df["check_date"])}
    # June 2024 is checked on W2: A, C (posted), E (posted in W1) pass; B and F fail.
    assert got["2024-06"] == (pytest.approx(3 / 5), vd.W2)
    assert got["2024-07"] == (pytest.approx(3 / 5), vd.W4)


def test_the_account_list_from_the_summary_equals_the_one_from_the_history(sample_store):
    from analytics.query.engine import Engine
    from analytics.query.filters import Filters

    engine = Engine(sample_store)
    last = engine.date_bounds()[1]
    for f in (Filters(), Filters(provinces=("浙江",), platforms=("weibo", "douyin"))):
        history = engine.run(compliance.build_accounts_sql(f, last))
        summary = engine.run(compliance.build_accounts_sql(f, last, latest=True))
        assert len(history) > 10
        pd.testing.assert_frame_equal(summary, history, check_dtype=False)
