"""Events on the time charts, against hand-made accounts: weekly snapshots (Wednesdays) from 2023-01-04
to 2024-12-25, four half-years.

  a1      weibo     浙江/杭州 公安  renamed 杭州公安旧 → 杭州公安 on 2023-03-08          → a rename
  b1      weibo     浙江/杭州 公安  last seen 2023-03-15, within 8 weeks of a1's rename  → a merge into 杭州公安
  d0…d11  douyin    浙江/杭州 公安  last seen 2024-03-06                                 → 12 closures in 2024 H1: a wave
  s0…s19  douyin    浙江/宁波 教育  every week                                            → nothing
  k0…k2   kuaishou  山西/太原 公安  first seen 2023-06-07                                 → the platform's arrival
The douyin platform closes 12 accounts in four half-years: 3 a half-year on average, 12 ≥ max(10, 2 × 3)."""

import datetime as dt

import pandas as pd
import pytest
from factory import parquet_bytes

from analytics.access.roles import ANALYST, Actor
from analytics.access.scope import Scope
from analytics.errors import PermissionDenied, SettingError
from analytics.events import added, curated, derived, model, select
from analytics.output.figures import events as events_fig
from analytics.pages import render
from analytics.pages.link import Link
from analytics.query.engine import Engine
from analytics.query.filters import Filters
from analytics.store import ingest
from analytics.views import account

WEEKS = [dt.date(2023, 1, 4) + dt.timedelta(days=7 * i) for i in range(104)]  # … 2024-12-25


def _accounts():
    yield "a1", "weibo", "浙江", "杭州", "公安", lambda d: "杭州公安旧" if d < dt.date(2023, 3, 8) else "杭州公安", None, None
    yield "b1", "weibo", "浙江", "杭州", "公安", lambda d: "杭州交警", None, dt.date(2023, 3, 15)
    for i in range(12):
        yield f"d{i}", "douyin", "浙江", "杭州", "公安", lambda d, i=i: f"抖音{i}", None, dt.date(2024, 3, 6)
    for i in range(20):
        yield f"s{i}", "douyin", "浙江", "宁波", "教育", lambda d, i=i: f"宁波教育{i}", None, None
    for i in range(3):
        yield f"k{i}", "kuaishou", "山西", "太原", "公安", lambda d, i=i: f"太原{i}", dt.date(2023, 6, 7), None


@pytest.fixture
def engine(store):
    rows = []
    for account_id, platform, province, city, sector, name, first, last in _accounts():
        for day in WEEKS:
            if (first and day < first) or (last and day > last):
                continue
            rows.append({"snapshot_date": day, "platform": platform, "account_id": account_id, "account_name": name(day),
                         "province": province, "city": city, "level": "municipal", "sector": sector, "followers": 100,
                         "posts": 1, "reads": 10, "likes": 1, "comments": 0, "shares": 0})
    prepared = ingest.prepare(store, "w.parquet", parquet_bytes(pd.DataFrame(rows)), today=dt.date(2026, 1, 1))
    assert prepared.report.ok, prepared.report.text("en")
    ingest.commit(store, prepared, Actor("t", ANALYST))
    return Engine(store)


def test_renames_merges_clean_up_waves_and_arrivals_are_derived_from_the_data(engine):
    df = derived.derived(engine).set_index("id")
    assert "d-rename-weibo:a1-2023-03-08" not in df.index  # a local account's rename is its own page's event
    profile = {"platform": "weibo", "account_id": "a1", "province": "浙江", "first_seen": pd.Timestamp("2023-01-04"),
               "last_seen": pd.Timestamp("2024-12-25")}
    own = derived.account_events(profile, WEEKS[0], WEEKS[-1], account.names(engine, "weibo", "a1")).set_index("id")
    rename = own.loc["d-rename-weibo:a1-2023-03-08"]
    assert (rename["kind"], rename["scope"], rename["title_zh"], rename["subject"]) == (
        "rename", "account:weibo:a1", "更名：杭州公安旧 → 杭州公安", "weibo:a1")
    merge = df.loc["d-merge-weibo:b1-2023-03-15"]
    assert (merge["kind"], merge["scope"], merge["title_zh"]) == ("rename", "city:浙江/杭州", "合并：杭州交警 并入 杭州公安")
    wave = df.loc["d-cleanup-douyin-2024-01-01"]
    assert (wave["start"], wave["end"], wave["scope"], wave["weight"]) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30), "platform:douyin", 12)
    assert wave["title_zh"] == "2024 年上半年抖音清理整合：关停 12 个"
    assert "3.0 个" in wave["description"] and "4.0 倍" in wave["description"]
    arrival = df.loc["d-arrival-kuaishou"]
    assert (arrival["start"], arrival["scope"], arrival["title_zh"]) == (dt.date(2023, 6, 7), "platform:kuaishou", "首批政务快手号出现")
    assert "共 3 个" in arrival["description"]
    assert set(df["kind"]) == {"rename", "cleanup", "platform"}  # weibo's one closure is no wave; douyin and weibo were there from the start


def test_an_account_page_gets_its_own_closure_and_not_its_edges(engine):
    profile = {"platform": "douyin", "account_id": "d3", "first_seen": pd.Timestamp("2023-01-04"), "last_seen": pd.Timestamp("2024-03-06")}
    df = derived.account_events(profile, dt.date(2023, 1, 4), dt.date(2024, 12, 25))
    assert list(df["title_zh"]) == ["最后出现（关停或注销）"] and df["start"][0] == dt.date(2024, 3, 6)


def test_the_shipped_events_load_and_a_bad_file_is_named(tmp_path):
    shipped = curated.load()
    policy = shipped[shipped["title_zh"].str.startswith("国办发〔2018〕123号")].iloc[0]
    assert (policy["start"], policy["kind"], policy["scope"]) == (dt.date(2018, 12, 27), "policy", "national")
    assert policy["link"].startswith("http://www.gov.cn/") and policy["reference"]
    bad = tmp_path / "events.csv"
    bad.write_text("start,title_zh,scope\n2019-02-30,某事,national\n", encoding="utf-8")
    with pytest.raises(SettingError) as caught:
        curated.load(bad)
    assert "第 1 行" in caught.value.zh and "2019-02-30" in caught.value.zh
    bad.write_text("start,title_zh,scope\n2019-02-01,某事,火星\n", encoding="utf-8")
    with pytest.raises(SettingError) as caught:
        curated.load(bad)
    assert "无法识别的范围“火星”" in caught.value.zh and "unknown scope" in caught.value.en


@pytest.mark.parametrize("row, problem", [
    ({"日期": "2024-01-01", "结束日期": "2023-12-01", "标题": "x"}, "结束日期早于开始日期"),
    ({"日期": "2024-01-01", "标题": ""}, "标题为空"),
    ({"日期": "2024-01-01", "标题": "x", "类型": "八卦"}, "无法识别的类型"),
    ({"日期": "2024-01-01", "标题": "x", "链接": "javascript:alert(1)"}, "链接应是"),
    ({"日期": "2024-01-01", "标题": "x", "范围": "province:火星"}, "无法识别的范围"),
    ({"日期": "2024-01-01", "标题": "x", "重要性": "9"}, "重要性应为"),
])
def test_a_bad_event_row_is_named(row, problem):
    rows, problems = model.normalise(pd.DataFrame([row]), "added")
    assert rows.empty and problem in problems[0][1]


def _zhejiang_event(engine, user_scope=Scope.make(("浙江",))):
    rows, problems = model.normalise(pd.DataFrame([{"日期": "2024-05-01", "标题": "浙江<b>整治</b>", "类型": "campaign",
                                                    "范围": "province:浙江", "说明": "全省政务号集中整改"}]), "added")
    assert not problems
    return added.add(engine.store.root, rows, "浙江分析", user_scope)


def _events_trace(fig):
    return [t for t in fig["data"] if t.get("meta") == events_fig.EVENTS_TRACE]


def _trend(engine, **filters):
    link = Link(filters=Filters(start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31), **filters))
    section = render.sections(engine, "trends", link)[0]
    return section, render.figure(engine, "trends", link, section, "light", 1.0, section.title).to_plotly_json()


def test_an_added_event_is_drawn_on_its_scope_only_with_markers_and_inert_text(engine):
    version, rows = _zhejiang_event(engine)
    assert (version.version, version.action, version.user) == (1, "add", "浙江分析")
    section, fig = _trend(engine, provinces=("浙江",))
    titles = [a["text"] for a in fig["layout"]["annotations"]]
    assert "浙江&lt;b&gt;整治&lt;/b&gt;" in titles  # drawn as text, never as markup
    line = next(s for s in fig["layout"]["shapes"] if s["x0"] == dt.date(2024, 5, 1))
    assert line["type"] == "line" and line["yref"] == "paper"
    trace = _events_trace(fig)[0]
    assert "浙江&lt;b&gt;整治&lt;/b&gt;" in [c[0] for c in trace["customdata"]]
    assert "浙江<b>整治</b>" in section.events  # speaker notes are plain text
    for other in ({}, {"provinces": ("山西",)}):
        _, fig = _trend(engine, **other)
        assert "浙江&lt;b&gt;整治&lt;/b&gt;" not in [a["text"] for a in fig["layout"].get("annotations", [])]


def test_platform_waves_follow_the_platform_filter_and_the_toggle_hides_everything(engine):
    _, douyin = _trend(engine, platforms=("douyin",))
    assert any(a["text"].startswith("2024 年上半年抖音") for a in douyin["layout"]["annotations"])
    wave = next(s for s in douyin["layout"]["shapes"] if s["type"] == "rect")
    assert (wave["x0"], wave["x1"]) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    _, weibo = _trend(engine, platforms=("weibo",))
    assert not any("抖音" in a["text"] for a in weibo["layout"].get("annotations", []))
    link = Link(filters=Filters(platforms=("douyin",))).with_option("events", "0")
    section = render.sections(engine, "trends", link)[0]
    fig = render.figure(engine, "trends", link, section, "light", 1.0, "").to_plotly_json()
    assert not fig["layout"].get("shapes") and not _events_trace(fig) and section.events == ""


def test_too_many_events_collapse_to_the_most_important():
    table = pd.DataFrame([{**dict.fromkeys(model.COLUMNS, ""), "id": f"e{i}", "start": dt.date(2024, 1, 1) + dt.timedelta(days=i),
                           "end": None, "kind": "campaign", "scope": "national", "title_zh": f"事件{i}", "importance": 3 if i in (2, 7) else 1,
                           "source": "added", "weight": 0.0} for i in range(10)])
    shown, every = select.select(table, Filters(), Scope.make(), dt.date(2024, 1, 1), dt.date(2024, 12, 31), limit=4)
    assert list(shown["id"]) == ["e0", "e1", "e2", "e7"] and len(every) == 10  # the two important ones, then the earliest
    assert events_fig.notes(shown, len(every) - len(shown), "zh").endswith("……另有 6 个次要事件未显示")


def test_a_scoped_analyst_adds_only_within_their_scope_and_changes_are_versioned(engine):
    root = engine.store.root
    with pytest.raises(PermissionDenied):
        _zhejiang_event(engine, Scope.make(("山西",)))
    version, rows = _zhejiang_event(engine)
    changed = rows.iloc[0].copy()
    changed["title_zh"] = "浙江整治（更正）"
    assert added.edit(root, rows["id"][0], changed, "浙江分析", Scope.make(("浙江",))).version == 2
    assert added.current(root)["title_zh"].tolist() == ["浙江整治（更正）"]
    with pytest.raises(PermissionDenied):
        added.remove(root, rows["id"][0], "山西分析", Scope.make(("山西",)))
    assert added.remove(root, rows["id"][0], "浙江分析", Scope.make(("浙江",))).version == 3
    assert added.current(root).empty and added.current(root, version=2)["title_zh"].tolist() == ["浙江整治（更正）"]
    assert [v.action for v in added.versions(root)] == ["add", "edit", "remove"]


def test_the_slide_of_a_time_chart_lists_its_events_in_the_speaker_notes(engine):
    link = Link(filters=Filters(platforms=("douyin",)))
    section = render.sections(engine, "trends", link)[0]
    slide = render.slide(engine, "trends", link, section)
    assert "图中标注的事件：" in slide.notes and "2024-01-01 – 2024-06-30 2024 年上半年抖音清理整合：关停 12 个" in slide.notes
    assert _events_trace(slide.figure.to_plotly_json())


def _crowded(titles, lang="zh"):
    """A two-year line chart with events a month apart: more labels than fit on a narrow chart."""
    import plotly.graph_objects as go

    days = pd.date_range("2020-01-01", "2021-12-31", freq="MS")
    fig = go.Figure(go.Scatter(x=days, y=list(range(len(days))), mode="lines"))
    events = pd.DataFrame([{"start": dt.date(2020, 3 + i, 1), "end": None, "kind": "policy", "source": "curated",
                            "title_zh": t, "title_en": t, "description": "", "importance": 10 - i} for i, t in enumerate(titles)])
    return events_fig.mark(fig, events, lang)


def _labels(fig, tier):
    return [a for a in fig.layout.annotations if events_fig.tier_of(a) == tier]


def test_event_labels_are_laid_out_per_width_and_never_share_a_row_span():
    fig = _crowded(["深化党和国家机构改革方案", "国办发〔2018〕123号", "新冠肺炎疫情", "微信清理整合", "微博清理整合"])
    counts = [len(_labels(fig, tier)) for tier in events_fig.TIERS]
    assert counts == sorted(counts) and counts[0] < 5 == counts[-1]  # a wider chart never shows fewer
    for tier in events_fig.TIERS:
        plot = 0.97 * (tier - 32 - events_fig.AXIS_ROOM)
        rows = {}
        for a in _labels(fig, tier):
            at = (pd.Timestamp(a.x) - pd.Timestamp("2020-01-01")) / (pd.Timestamp("2021-12-01") - pd.Timestamp("2020-01-01"))
            width = events_fig.text_px(a.text, events_fig.LABEL_SIZE) + events_fig.GAP
            left = at * plot + a.xshift if a.xanchor == "left" else at * plot + a.xshift - width
            rows.setdefault(a.yshift, []).append((left, left + width))
        for spans in rows.values():
            spans.sort()
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), (tier, spans)


def test_an_image_keeps_the_labels_of_its_own_width_only():
    fig = _crowded(["深化党和国家机构改革方案", "新冠肺炎疫情", "微信清理整合"])
    wide = events_fig.for_width(go_copy(fig), 1920)
    assert {events_fig.tier_of(a) for a in wide.layout.annotations} == {1920}
    assert {events_fig.tier_of(a) for a in events_fig.for_width(go_copy(fig), 1280).layout.annotations} == {1100}
    assert not events_fig.for_width(go_copy(fig), 300).layout.annotations
    assert events_fig.text_px("深化党和国家机构改革方案", 11) >= 132  # measured in Chromium: 132 px at 11 px
    assert events_fig.text_px("Reform of Party and…", 11) >= 113  # measured: 113 px


def go_copy(fig):
    import plotly.graph_objects as go

    return go.Figure(fig)


def test_the_catalogue_lists_only_the_events_that_concern_the_readers_scope(engine):
    scopes = ["national", "province:浙江", "city:浙江/宁波", "city:浙江/杭州", "province:山西", "platform:kuaishou",
              "account:kuaishou:k0", "account:weibo:a1", "agency:不存在的单位"]
    rows, problems = model.normalise(pd.DataFrame([{"日期": "2024-05-01", "标题": f"事件{i}", "类型": "campaign", "范围": s}
                                                   for i, s in enumerate(scopes)]), "added")
    assert not problems
    added.add(engine.store.root, rows, "督查", Scope())

    def seen(scope: Scope) -> set[str]:
        table = select.catalog(engine.with_scope(scope))
        return set(table.loc[table["source"] == "added", "title_zh"])

    assert seen(Scope()) == {f"事件{i}" for i in range(len(scopes))}
    assert seen(Scope.make(["山西"])) == {"事件0", "事件4", "事件5", "事件6"}
    assert seen(Scope.make(cities=["浙江/杭州"])) == {"事件0", "事件1", "事件3", "事件5", "事件7"}
    assert seen(Scope.make(platforms=["weibo"])) == {"事件0", "事件1", "事件2", "事件3", "事件4", "事件7"}
    derived_for_shanxi = select.catalog(engine.with_scope(Scope.make(["山西"])))
    assert not derived_for_shanxi["title_zh"].str.contains("杭州|宁波|抖音").any()
