import pandas as pd
import pytest

from analytics.query.filters import Filters
from analytics.views import growth


def test_half_year_scale_increment_rate(small_engine):
    df = growth.growth(small_engine, Filters(), "accounts")
    weibo = df[df["series"] == "weibo"].set_index("label")
    assert list(weibo.index) == ["2023-06", "2024-06", "2024-12"]
    assert list(weibo["scale"]) == [1, 2, 2]
    assert weibo.loc["2024-06", "increment"] == 1 and weibo.loc["2024-06", "rate"] == pytest.approx(1.0)
    assert weibo.loc["2024-12", "rate"] == 0


def test_total_followers(small_engine):
    df = growth.growth(small_engine, Filters(), "followers", by_platform=False).set_index("label")
    assert df.loc["2024-06", "scale"] == 1100 + 210 + 420 + 710 + 10
    assert df.loc["2024-12", "scale"] == 7500
    assert df.loc["2024-12", "increment"] == 7500 - 2450


def test_opened_and_closed_accounts(small_engine):
    df = growth.account_flows(small_engine, Filters())
    got = {(r.label, r.platform): (r.opened, r.closed) for r in df.itertuples()}
    # B and E first appear in H1 2024, E last appears at W2; D opens in H2 2024 and still runs.
    assert got == {("2024-06", "weibo"): (1, 0), ("2024-06", "douyin"): (1, 1), ("2024-12", "douyin"): (1, 0)}


def test_cnnic_reproduces_the_reports():
    df = growth.cnnic_netizens().set_index("as_of")
    assert df.loc["2018-12", "netizens_10k"] == 82851 and df.loc["2018-12", "penetration_pct"] == 59.6
    assert df.loc["2018-12", "netizens_10k"] - df.loc["2017-12", "netizens_10k"] == 5653  # the 2018 increase
    assert df.loc["2020-03", "months"] == 9 and df.loc["2018-12", "months"] == 6
    assert df.loc["2018-12", "netizens_increment"] == 82851 - 80166
    assert pd.isna(df.loc["2025-12", "penetration_pct"])


def test_cnnic_government_figures():
    df = growth.cnnic_government()
    weibo = df[df["metric"] == "经过新浪平台认证的政务机构微博"].set_index("as_of")["value"]
    assert weibo["2020-12"] == 140837 and weibo["2024-12"] == 90271


def test_government_breaks_are_named():
    breaks = {b["metric"]: b for b in growth.government_breaks(growth.cnnic_government())}
    weibo = breaks["经过新浪平台认证的政务机构微博"]
    assert (weibo["from_as_of"], weibo["from_value"], weibo["to_as_of"], weibo["to_value"]) == ("2020-12", 140837, "2024-12", 90271)
    users = breaks["在线政务服务用户规模"]
    assert (users["from_value"], users["to_value"], users["to_as_of"]) == (100400, 94000, "2025-12")
    assert "各级政府开通的政务头条号" not in breaks
