import pytest

from analytics.query.filters import Filters
from analytics.views import mix


def test_mix_shares(small_engine):
    df = mix.mix(small_engine, Filters()).set_index("platform")
    # Stocks on W4: accounts weibo A,B; wechat C; douyin D; toutiao F.
    assert df.loc["weibo", "accounts"] == 2 and df.loc["weibo", "accounts_share"] == pytest.approx(2 / 5)
    assert df.loc["douyin", "followers"] == 5500 and df.loc["douyin", "followers_share"] == pytest.approx(5500 / 7500)
    # Flows over everything: reads 1520 + 505 + 172000 + 0; interactions 179 + 60 + 18981.
    assert df.loc["weibo", "reads"] == 1520 and df.loc["douyin", "reads_share"] == pytest.approx(172000 / 174025)
    assert df.loc["wechat", "interactions"] == 60 and df.loc["douyin", "interactions"] == 18981
    assert df["followers_share"].sum() == pytest.approx(1.0)


def test_mix_over_time_is_a_100_percent_stack(small_engine):
    df = mix.mix_over_time(small_engine, Filters(granularity="half", metric="accounts"))
    h2 = df[df["period"] == "2024-07-01"].set_index("platform")
    assert h2["value"].to_dict() == {"douyin": 1, "toutiao": 1, "wechat": 1, "weibo": 2}
    assert h2["share"].sum() == pytest.approx(1.0) and h2.loc["weibo", "share"] == pytest.approx(0.4)


def test_province_platform(small_engine):
    df = mix.province_platform(small_engine, Filters(metric="followers")).set_index(["province", "platform"])
    assert df.loc[("浙江", "weibo"), "value"] == 1300 and df.loc[("浙江", "wechat"), "value"] == 460
    assert df.loc[("浙江", "weibo"), "share"] == pytest.approx(1300 / 1760)
    assert ("浙江", "douyin") not in df.index  # E had closed by W4
