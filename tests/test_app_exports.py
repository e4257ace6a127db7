"""One definition per page: for every page, with page options away from their defaults, the charts on
screen and the exported slides are built from identical data, and the spreadsheet holds the screen's
tables with the screen's headers and names."""

import io
import json

import openpyxl
import plotly.io as pio
import pytest
from apptest import figures, open_app, table

from analytics.output import export
from analytics.pages import render
from analytics.pages.link import Link
from analytics.pages.options import OPTIONS
from analytics.pages.registry import PAGES
from analytics.query import catalog
from analytics.query.engine import Engine

DATA_KEYS = ("x", "y", "z", "values", "labels", "customdata", "text", "name", "type")
LINKS = {
    "overview": {"province": ["浙江", "山西"], "granularity": "quarter", "lang": "en", "events": "0"},
    "trends": {"metric": "reads", "split": "province", "rolling": "1", "province": ["浙江", "山西"], "events": "0"},
    "mix": {"metric": "interactions", "granularity": "year", "events": "0"},
    "growth": {"metric": "followers", "series": "mobile", "events": "0"},
    "rankings": {"top": "5", "board": "douyin", "start": "2019-02-28", "end": "2019-03-06"},
    "content": {"board": "weibo", "start": "2019-02-28", "end": "2019-03-06", "granularity": "week"},
    "regions": {"metric": "reads", "platform": "weibo"},
    "matrix": {"province": "浙江", "lang": "en"},
    "compliance": {"by": "platform", "province": "浙江", "events": "0"},
    "account": {"account": "wechat:gh_bff1dd183266", "start": "2024-01-01", "events": "0"},
}


def traces(spec: dict) -> list[dict]:
    return [{k: trace.get(k) for k in DATA_KEYS if k in trace} for trace in spec["data"]]


def test_every_page_with_a_spec_is_covered_with_options_away_from_defaults():
    assert set(LINKS) == {k for k, spec in PAGES.items() if spec.build}
    for key, spec in PAGES.items():
        for name in spec.options:
            assert LINKS[key].get(name) not in (None, OPTIONS[name].default), (key, name)


@pytest.mark.parametrize("page", sorted(LINKS))
def test_screen_and_export_are_built_from_identical_data(app_read, page):
    at = open_app(LINKS[page], page=page)
    assert at.title[0].value == PAGES[page].title(LINKS[page].get("lang", "zh"))
    screen = [traces(spec) for spec in figures(at)]
    engine = Engine(app_read)
    link, warnings = Link.parse(LINKS[page], tuple(OPTIONS), catalog.known(catalog.dimensions(engine)))
    assert warnings == []
    slides = render.deck(engine, page, link).slides
    assert slides
    for slide in slides:
        spec = json.loads(pio.to_json(slide.figure, validate=False))
        if not spec["data"]:  # the KPI cards drawn as a figure: the screen shows them as metric cards
            drawn = " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))
            assert at.metric and all(m.value in drawn for m in at.metric), (page, slide.title)
            continue
        assert traces(spec) in screen, (page, slide.title)


def test_rankings_spreadsheet_has_the_screen_headers_names_and_precision(app_read):
    link = LINKS["rankings"]
    at = open_app(link, page="rankings")
    shown = table(at, "rankings_ranking_table")
    engine = Engine(app_read)
    parsed, _ = Link.parse(link, tuple(OPTIONS), catalog.known(catalog.dimensions(engine)))
    sheets = render.sheets("rankings", render.sections(engine, "rankings", parsed), "zh")
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(sheets)))
    sheet = book[book.sheetnames[0]]
    header = [c.value for c in sheet[1]]
    assert header == list(shown.columns)
    assert header[:3] == ["排名", "名次变化", "账号名称"] and "播放（亿）" in header and "作品" in header
    first = {h: c.value for h, c in zip(header, sheet[2])}
    assert first["账号名称"] == "浙有正能量" and first["省份"] == "浙江" and first["排名"] == 1
    assert len(list(sheet.iter_rows(min_row=2))) == 5  # top=5 from the link
    plays = [row[header.index("播放（亿）")].value for row in sheet.iter_rows(min_row=2)]
    raw = render.sections(engine, "rankings", parsed)[0].rows()["r"]
    assert plays == (raw / 1e8).tolist()  # full precision: the screen rounds for display only
    assert plays == shown["播放（亿）"].tolist()


def test_english_spreadsheet_uses_english_headers_and_names(app_read):
    engine = Engine(app_read)
    link = Link.parse({"by": "platform", "lang": "en"}, tuple(OPTIONS))[0]
    sheets = render.sheets("compliance", render.sections(engine, "compliance", link), "en")
    failing = next(df for title, df in sheets.items() if title.startswith("Failing accounts"))
    assert list(failing.columns[:3]) == ["Account name", "Platform", "Province"]
    assert set(failing["Platform"]) <= {"Weibo", "WeChat", "Douyin", "Kuaishou", "Toutiao", "Bilibili",
                                        "Xiaohongshu", "Gov app"}
