"""What a phone gets, under AppTest (the browser tests measure the layout itself): the filters in the
page's 筛选/选项 control instead of the sidebar, charts fitted to the width, tables with their key columns;
and the QR code of the view in presentation mode and the export menu, with its link beside it."""

import json
import re
import urllib.parse

import pytest
from apptest import figures, open_app

from ui import device

IPHONE_WECHAT = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Mobile/15E148 MicroMessenger/8.0.49 NetType/WIFI Language/zh_CN")


@pytest.mark.parametrize("agent, phone", [
    (IPHONE_WECHAT, True),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36", True),
    ("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36", False),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36", False),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", False),
])
def test_phones_are_told_from_desktops_and_tablets_by_their_user_agent(agent, phone):
    assert bool(device.PHONE_UA.search(agent)) is phone


@pytest.fixture
def on_a_phone(monkeypatch):
    monkeypatch.setattr(device, "phone", lambda: True)


def test_a_phone_gets_filters_under_the_title_and_charts_fitted_to_the_width(app_read, on_a_phone):
    at = open_app({"province": "浙江"}, page="trends")
    assert [p.proto.popover.label for p in at.get("popover") if p.proto.popover.label == "筛选/选项"] == ["筛选/选项"]
    assert not at.sidebar.multiselect  # the filters moved out of the sidebar…
    assert at.multiselect(key="f_province").value == ["浙江"]  # …and still hold the link's values
    spec = figures(at)[0]
    assert spec["layout"]["height"] == device.PHONE_CHART_HEIGHT and spec["layout"]["legend"]["orientation"] == "h"
    assert not [a for a in spec["layout"].get("annotations", []) if a.get("name") == "event" and a.get("visible", True)]
    chart = at.get("plotly_chart")[0].proto
    assert json.loads(chart.config)["displayModeBar"] is False


def test_a_phone_table_shows_its_key_columns_and_downloads_all(app_read, on_a_phone):
    at = open_app({"platform": "douyin"}, page="rankings")
    frame = next(d for d in at.dataframe if "排名" in d.value.columns)
    assert list(frame.proto.column_order) == list(frame.value.columns[:device.PHONE_TABLE_COLUMNS])
    assert len(frame.value.columns) > device.PHONE_TABLE_COLUMNS


def test_a_desktop_keeps_the_sidebar(app_read):
    at = open_app({"province": "浙江"}, page="trends")
    assert not [p for p in at.get("popover") if p.proto.popover.label == "筛选/选项"]
    assert at.sidebar.multiselect(key="f_province").value == ["浙江"]


def _shared(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if "二维码 / QR code" in h.proto.body]


def test_presentation_mode_shows_the_qr_code_of_the_slide_with_its_link(app_read, monkeypatch):
    monkeypatch.setenv("GOVMEDIA_PUBLIC_URL", "https://zwxmt.example.gov.cn/")
    at = open_app({"province": ["浙江", "山西"], "metric": "reads", "present": "1", "slide": "1", "lang": "en"}, page="trends")
    body = _shared(at)[0]
    assert 'alt="二维码 / QR code"' in body and 'src="data:image/svg+xml' in body
    link = re.search(r'class="share-link"[^>]*>([^<]+)<', body).group(1)
    parsed = urllib.parse.urlparse(link.replace("&amp;", "&"))
    assert (parsed.scheme, parsed.netloc, parsed.path) == ("https", "zwxmt.example.gov.cn", "/trends")
    query = urllib.parse.parse_qs(parsed.query)
    assert query == {"province": ["浙江", "山西"], "metric": ["reads"], "lang": ["en"], "present": ["1"]}


def test_the_export_menu_shows_the_qr_code_of_the_page(app_read, monkeypatch):
    monkeypatch.setenv("GOVMEDIA_PUBLIC_URL", "https://zwxmt.example.gov.cn")
    at = open_app({"platform": "douyin", "top": "5"}, page="rankings")
    assert _shared(at)
    shown = next(c.value for c in at.code if "zwxmt.example.gov.cn" in c.value)
    assert shown == "https://zwxmt.example.gov.cn/rankings?platform=douyin&top=5"
