"""Links: filters are written to the URL and read back; bad values warn and fall back; clicks filter."""

import datetime as dt

import pandas as pd
import pytest
from apptest import figures, open_app, table

from analytics.pages import selection
from analytics.pages.link import Link
from analytics.pages.selection import Select
from analytics.pages.spec import Kind, Layout, Section
from analytics.query.filters import Filters


def query(at):
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def test_filters_are_written_to_the_url(app_read):
    at = open_app(page="trends")
    at.multiselect(key="f_province").set_value(["浙江", "山西"]).run()
    at.multiselect(key="f_platform").set_value(["douyin"]).run()
    at.button_group(key="f_granularity").set_value("quarter").run()
    at.date_input(key="f_dates").set_value((dt.date(2020, 1, 1), dt.date(2021, 12, 31))).run()
    q = query(at)
    assert q["province"] == ["浙江", "山西"] and q["platform"] == ["douyin"]
    assert q["granularity"] == ["quarter"] and q["start"] == ["2020-01-01"] and q["end"] == ["2021-12-31"]


def test_a_copied_link_reopens_the_same_view(app_read):
    link = {"province": ["浙江", "山西"], "platform": ["douyin"], "granularity": "quarter", "start": "2020-01-01",
            "end": "2021-12-31", "metric": "reads", "lang": "en"}
    at = open_app(link, page="trends")
    assert at.multiselect(key="f_province").value == ["浙江", "山西"]
    assert at.multiselect(key="f_platform").value == ["douyin"]
    assert at.session_state["f_granularity"] == "quarter"
    assert at.selectbox(key="trends_metric").value == "reads"
    assert at.title[0].value == "Trends"
    spec = figures(at)[0]
    assert spec["layout"]["title"]["text"] == "Reads / plays"
    assert {p["customdata"][0] for p in [{"customdata": c} for c in spec["data"][0]["customdata"]]} == {
        "2020 Q1", "2020 Q2", "2020 Q3", "2020 Q4", "2021 Q1", "2021 Q2", "2021 Q3", "2021 Q4"}
    q = query(at)
    assert q["metric"] == ["reads"] and q["lang"] == ["en"] and q["province"] == ["浙江", "山西"]


def test_hostile_link_values_warn_and_fall_back(app_read):
    at = open_app({"province": ["浙江", "火星' OR 1=1 --"], "start": "2024-13-45", "platform": "<script>",
                   "granularity": "decade", "lang": "klingon", "metric": "password"})
    assert not at.exception
    warning = " ".join(w.value for w in at.warning).replace("\\", "")  # shown escaped: Markdown marks are text
    assert "火星" in warning and "2024-13-45" in warning and "decade" in warning and "klingon" in warning
    assert at.multiselect(key="f_province").value == ["浙江"]
    assert at.multiselect(key="f_platform").value == []
    assert at.title[0].value == "总览"


def test_reset_clears_filters(app_read):
    at = open_app({"province": "浙江", "platform": "weibo"}, page="mix")
    reset = next(b for b in at.button if b.label == "重置筛选")
    reset.click().run()
    assert at.multiselect(key="f_province").value == [] and at.multiselect(key="f_platform").value == []
    assert "province" not in query(at)


def test_city_choices_follow_the_province(app_read):
    at = open_app({"province": "浙江"})
    assert set(at.multiselect(key="f_city").options) == {"杭州", "宁波", "温州", "绍兴"}
    at.multiselect(key="f_city").set_value(["杭州"]).run()
    at.multiselect(key="f_province").set_value(["山西"]).run()
    assert at.multiselect(key="f_city").value == []


def test_selection_values_from_chart_clicks():
    event = {"selection": {"points": [{"customdata": "浙江"}, {"customdata": ["douyin", "3亿"]},
                                      {"customdata": "浙江"}, {"x": 1}]}}
    assert selection.points(event) == ["浙江", ("douyin", "3亿")]
    assert selection.points(None) == [] and selection.points({"selection": {}}) == []


def test_a_click_changes_the_view():
    link = Link()
    after, account = selection.apply(Select.PLATFORM, [("douyin", "3亿")], link)
    assert after.filters.platforms == ("douyin",) and account == ""
    after, _ = selection.apply(Select.PROVINCE, ["浙江", "台湾"], link, present={"浙江", "山西"})
    assert after.filters.provinces == ("浙江",)
    assert selection.apply(Select.PROVINCE, ["台湾"], link, present={"浙江"})[0] == link
    assert selection.apply(Select.ACCOUNT, [("weibo", "123", "9万")], link) == (link, "weibo:123")


def test_a_section_takes_only_typed_kinds_and_selections():
    frame = pd.DataFrame()
    with pytest.raises(TypeError):
        Section("x", "x", frame, kind="table")
    with pytest.raises(TypeError):
        Section("x", "x", frame, select="province")
    shown = Section("x", "x", frame, kind=Kind.TABLE, select=Select.ACCOUNT, layout=Layout(row=2, on_slides=False))
    assert (shown.layout.row, shown.layout.width, shown.layout.on_slides) == (2, 1.0, False)


def test_the_view_draws_the_widgets_and_the_url(app_read):
    at = open_app(page="regions")
    at.session_state["link"] = Link(filters=Filters(provinces=("浙江",)))
    at.run()
    assert at.multiselect(key="f_province").value == ["浙江"] and query(at)["province"] == ["浙江"]


def test_a_province_link_changes_the_numbers_shown(app_read):
    import duckdb
    from apptest import metrics

    from analytics import settings
    from analytics.output import numbers

    sample = str(settings.SAMPLE_DIR / "snapshots.parquet")
    accounts, followers = duckdb.connect().execute(
        "SELECT count(*), sum(followers) FROM read_parquet($f) WHERE province = '浙江' "
        "AND snapshot_date = (SELECT max(snapshot_date) FROM read_parquet($f))", {"f": sample}).fetchone()
    everyone = metrics(open_app())
    zhejiang = metrics(open_app({"province": "浙江"}))
    assert zhejiang["账号数"] == numbers.fmt(accounts) and zhejiang["粉丝数"] == numbers.fmt(followers)
    assert zhejiang["账号数"] != everyone["账号数"] and zhejiang["粉丝数"] != everyone["粉丝数"]


def test_an_absent_province_is_reported_in_the_warning(app_read):
    at = open_app({"province": ["浙江", "台湾省", "710000"]})
    warning = " ".join(w.value for w in at.warning)
    assert "台湾" in warning and at.multiselect(key="f_province").value == ["浙江"]


def test_page_options_travel_in_the_link(app_read):
    at = open_app({"top": "5", "board": "douyin"}, page="rankings")
    assert len(table(at, "rankings_ranking_table")) == 5
    assert query(at)["top"] == ["5"] and query(at)["board"] == ["douyin"]
    at.number_input(key="rankings_top").set_value(7).run()
    assert query(at)["top"] == ["7"] and len(table(at, "rankings_ranking_table")) == 7
    at.switch_page("pages/trends.py").run()
    assert "top" not in query(at)  # another page's option stays out of this page's link
    at.switch_page("pages/rankings.py").run()
    assert query(at)["top"] == ["7"]  # and is kept for when the page is opened again
