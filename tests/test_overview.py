import pytest

from analytics.query import catalog
from analytics.query.filters import Filters
from analytics.views import overview


def test_kpis_latest_bucket_against_previous(small_engine):
    df = overview.kpis(small_engine, Filters(granularity="month")).set_index("metric")
    assert df.loc["followers", "current"] == 7500 and df.loc["followers", "previous"] == 1100 + 210 + 420 + 710 + 10
    assert df.loc["reads", "current"] == 170610 and df.loc["reads", "change"] == pytest.approx(170610 / 3400 - 1)
    assert df.loc["accounts", "current"] == 5 and df.loc["accounts", "period"] == "2024年7月"
    assert df.loc["active_accounts", "current"] == 3
    assert df.loc["pass_rate", "current"] == pytest.approx(0.6) and df.loc["pass_rate", "change"] == pytest.approx(0.0)
    assert df.loc["interactions", "previous_period"] == "2024年6月"


def test_kpis_with_no_matching_data(small_engine):
    df = overview.kpis(small_engine, Filters(provinces=("西藏",))).set_index("metric")
    assert df["current"].isna().all()


def test_dimensions(small_engine):
    dims = catalog.dimensions(small_engine)
    assert catalog.cities_by_province(dims) == {"山西": ["太原"], "浙江": ["杭州"]}
    assert catalog.sectors(dims) == ["交通", "公安", "共青团", "应急", "政府办公厅", "文旅"]
