"""Events in the browser: the list on /data with each event's source; an analyst adds one and it is
drawn on the trend of its province only; a viewer has no form; the screen and the exported slide carry
the same marks."""

import json

import plotly.io as pio
from apptest import figures, open_app, signed_in, table

from analytics.access import audit
from analytics.events import added
from analytics.pages import render
from analytics.pages.link import Link
from analytics.query.engine import Engine

PASSWORD = "events-analyst-pass"


def _signed_in(users):
    return signed_in(users, PASSWORD)


def _marks(spec):
    return [a["text"] for a in spec["layout"].get("annotations", [])]


def test_the_events_list_names_each_source(app_env):
    at = _signed_in({"领导": {"role": "viewer"}})
    shown = table(at, columns=("标题", "来源"))
    policy = shown[shown["标题"].str.startswith("国办发〔2018〕123号")].iloc[0]
    assert (policy["日期"], policy["来源"], policy["范围"]) == ("2018-12-27", "内置", "全国")
    rename = shown[shown["标题"] == "更名：公安部打四黑除四害 → 中国警方在线"].iloc[0]
    assert (rename["日期"], rename["来源"]) == ("2019-01-16", "数据推算")
    assert not any(f.key and f.key.startswith("event_add") for f in at.date_input)  # a viewer has no form


def test_an_analyst_adds_an_event_that_shows_on_its_province_only(app_env):
    at = _signed_in({"浙江分析": {"role": "analyst", "provinces": ["浙江"]}})
    assert at.text_input(key="event_add_scope").value == "province:浙江"
    at.date_input(key="event_add_start").set_value("2025-03-05")
    at.text_input(key="event_add_title").input("浙江政务号整治")
    next(b for b in at.button if b.label == "添加").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("事件已保存（第 1 版）" in s.value for s in at.success)
    assert added.current(app_env.root)["title_zh"].tolist() == ["浙江政务号整治"]
    assert audit.read(app_env.root, event="events")[-1]["user"] == "浙江分析"
    at.text_input(key="event_add_scope").input("national")
    at.text_input(key="event_add_title").input("全国整治")
    next(b for b in at.button if b.label == "添加").click().run()
    assert any("超出您的权限" in e.value for e in at.error) and len(added.current(app_env.root)) == 1

    zhejiang = open_app({"province": "浙江"}, page="trends")
    assert "浙江政务号整治" in _marks(figures(zhejiang)[0])
    assert "浙江政务号整治" not in _marks(figures(open_app({"province": "山西"}, page="trends"))[0])
    assert "浙江政务号整治" not in _marks(figures(open_app(page="trends"))[0])


def test_the_screen_and_the_slide_carry_the_same_marks(app_env):
    at = open_app({"platform": "weibo"}, page="trends")
    screen = figures(at)[0]
    engine = Engine(app_env)
    link, _ = Link.parse({"platform": "weibo"}, ())
    slide = render.deck(engine, "trends", link).slides[0]
    exported = json.loads(pio.to_json(slide.figure, validate=False))
    assert _marks(screen) == _marks(exported) and "2021 年上半年微博…" in _marks(screen)
    assert [s["x0"] for s in screen["layout"]["shapes"]] == [s["x0"] for s in exported["layout"]["shapes"]]
    assert "2021-01-01 – 2021-06-30 2021 年上半年微博清理整合" in slide.notes
    off = open_app({"platform": "weibo", "events": "0"}, page="trends")
    assert not _marks(figures(off)[0])
