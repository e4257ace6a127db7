"""Figure builders: the right traces, one colour per platform, 万/亿 units, both languages and themes."""

import datetime as dt
import re

import pytest
import views_data as vd

from analytics.output.figures import compliance as fc
from analytics.output.figures import growth as fg
from analytics.output.figures import matrix as fx
from analytics.output.figures import mix as fm
from analytics.output.figures import rankings as fr
from analytics.output.figures import regions as fre
from analytics.output.figures import style
from analytics.output.figures import trends as ft
from analytics.query.filters import Filters
from analytics.views import compliance, growth, matrix, mix, rankings, regions, trends
from analytics.vocab import platforms, provinces

CJK = re.compile(r"[\u3400-\u9fff]")


def test_trend_figure_colours_and_units(small_engine):
    df = trends.trend(small_engine, Filters(granularity="month", metric="followers"), by="platform")
    fig = ft.trend_figure(df, "followers", "month", by="platform")
    names = {t.name: t.line.color for t in fig.data}
    assert names["微博"] == platforms.COLORS["weibo"] and names["抖音"] == platforms.COLORS["douyin"]
    assert all("markers" in t.mode for t in fig.data)
    assert fig.layout.yaxis.title.text == "粉丝数"
    assert fig.layout.template.layout.font.family.startswith("Noto Sans CJK SC")


def test_trend_figure_scales_large_values_and_speaks_english(small_engine):
    df = trends.trend(small_engine, Filters(granularity="month", metric="reads"))
    zh = ft.trend_figure(df, "reads", "month")
    assert zh.layout.yaxis.title.text == "阅读/播放量（万）" and max(zh.data[0].y) == pytest.approx(17.061)
    en = ft.trend_figure(df, "reads", "month", lang="en", title="Reads")
    assert en.layout.yaxis.title.text == "Reads / plays (K)" and not CJK.search(en.data[0].name)
    assert en.data[0].customdata[-1][0] == "2024-07"


def test_dark_theme_and_presentation_scale(small_engine):
    df = trends.trend(small_engine, Filters(metric="followers"))
    fig = ft.trend_figure(df, "followers", "month", theme="dark", scale=1.5)
    assert fig.layout.template.layout.paper_bgcolor == style.THEMES["dark"]["paper"]
    assert fig.layout.font.size == 24


def test_mix_share_figure(small_engine):
    fig = fm.mix_share_figure(mix.mix(small_engine, Filters()))
    weibo = next(t for t in fig.data if t.name == "微博")
    assert weibo.marker.color == platforms.COLORS["weibo"] and list(weibo.y) == ["账号数", "粉丝数", "阅读/播放量", "互动量"]
    assert weibo.x[0] == pytest.approx(40.0)


def test_mix_area_and_heatmap(small_engine):
    area = fm.mix_area_figure(mix.mix_over_time(small_engine, Filters(granularity="half", metric="accounts")),
                              "accounts", "half")
    assert {t.stackgroup for t in area.data} == {"one"}
    heat = fm.province_platform_figure(mix.province_platform(small_engine, Filters()), "followers")
    assert list(heat.data[0].y) == ["中央", "山西", "浙江"]


def test_growth_figure_labels_increments(small_engine):
    df = growth.growth(small_engine, Filters(), "followers", by_platform=False)
    fig = fg.growth_figure(df, "粉丝数")
    bars, line = fig.data
    assert list(bars.text) == ["", "+2290", "+5050"]  # 100 + 50 + 10 → 2450 → 7500 and line.yaxis == "y2"
    assert fig.layout.yaxis2.tickmode == "auto"


def test_cnnic_figure():
    fig = fg.cnnic_figure(growth.cnnic_netizens())
    bars, line = fig.data
    i = list(bars.x).index("2018-12")
    assert bars.y[i] == pytest.approx(8.2851) and bars.customdata[i][0] == "82851万"
    assert line.y[i] == 59.6 and fig.layout.yaxis2.range == (0, 100)
    assert {a.text for a in fig.layout.annotations} == {"9 个月", "3 个月"}
    assert sum(1 for t in bars.text if t) == fg.LABELLED_STEPS
    mobile = fg.cnnic_figure(growth.cnnic_netizens(), which="mobile", lang="en")
    assert "2025-12" not in list(mobile.data[0].x) and mobile.data[0].name == "Mobile internet users"


def test_flows_figure(small_engine):
    fig = fx_flows = fg.flows_figure(growth.account_flows(small_engine, Filters()))
    douyin = [t for t in fx_flows.data if t.legendgroup == "douyin"]
    assert [list(t.y) for t in douyin] == [[1, 1], [-1, 0]]
    assert list(fig.layout.xaxis.categoryarray) == ["2024-06", "2024-12"]


def test_ranking_figure_marks_approximate(small_engine):
    df = rankings.rankings(small_engine, Filters(start=vd.W1 - dt.timedelta(days=6), end=vd.W2))
    fig = fr.ranking_figure(df, "wechat")
    assert fig.data[0].y[0] == "1. 杭州发布" and fig.data[0].text[0].endswith("≈")
    assert fig.layout.xaxis.title.text == "WCI V14.2"


def test_pass_rate_figure(small_engine):
    fig = fc.pass_rate_figure(compliance.pass_rates(small_engine, Filters(), "platform"), "platform")
    assert list(fig.data[0].x) == [0.0, 0.0, 100.0, 100.0] and fig.data[0].y[0] in ("今日头条", "微信")
    trend_fig = fc.pass_rate_trend_figure(compliance.pass_rate_trend(small_engine, Filters()), "month")
    assert trend_fig.data[0].y[-1] == pytest.approx(60.0)


def test_tile_map(small_engine):
    tiles = regions.tiles(regions.province_ranking(small_engine, Filters()))
    fig = fre.tile_map_figure(tiles, "followers", selected=("浙江",))
    trace = fig.data[0]
    assert len(trace.customdata) == len(provinces.REGIONS) and trace.marker.symbol == "square"
    codes = [c[0] for c in trace.customdata]
    assert trace.marker.line.width[codes.index("浙江")] == 3
    assert trace.customdata[codes.index("中央")][2] == "5500"
    assert "<span" in trace.texttemplate and trace.text is None  # our markup in the template, data plain
    assert fig.layout.yaxis.scaleanchor == "x"


def test_matrix_figures(small_engine):
    tree = fx.hierarchy_figure(matrix.hierarchy(small_engine, Filters()))
    assert tree.data[0].values[0] == 5 and "浙江" in tree.data[0].labels
    cov = fx.coverage_figure(matrix.coverage(matrix.agencies(small_engine, Filters())))
    assert cov.data[0].zmax == 100
