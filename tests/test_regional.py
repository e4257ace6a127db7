import datetime as dt

import pytest
import views_data as vd

from analytics.query.filters import Filters
from analytics.views import regions
from analytics.vocab import provinces


def test_province_ranking(small_engine):
    df = regions.province_ranking(small_engine, Filters(metric="followers")).set_index("province")
    assert df["value"].to_dict() == {"中央": 5500, "浙江": 1760, "山西": 240}
    assert df["rank"].to_dict() == {"中央": 1, "浙江": 2, "山西": 3}
    assert df.loc["浙江", "share"] == pytest.approx(1760 / 7500)


def test_ranking_change_against_previous_range(small_engine):
    f = Filters(metric="reads", start=vd.W3 - dt.timedelta(days=6), end=vd.W3)
    df = regions.province_ranking(small_engine, f).set_index("province")
    # W3 against W2: 浙江 600 (A) against 400 + 200 (A, C).
    assert df.loc["浙江", "value"] == 600 and df.loc["浙江", "prev_value"] == 600 and df.loc["浙江", "pop"] == 0
    assert df.loc["山西", "pop"] != df.loc["山西", "pop"]  # no reads the week before: no rate


def test_tiles_cover_every_region(small_engine):
    tiles = regions.tiles(regions.province_ranking(small_engine, Filters()))
    assert len(tiles) == len(provinces.REGIONS)
    assert tiles.set_index("province").loc["中央", "value"] == 5500
    assert tiles.set_index("province")["value"].isna().sum() == len(provinces.REGIONS) - 3
    assert not tiles.set_index("province").loc["台湾", "in_scope"]
