"""Leaders on phones, in headless Chromium at 390×844 with an iPhone's WeChat user agent and touch: no
sideways scrolling, the KPI cards in at most three rows, the first chart within the first screen and a
half, the filters in one 筛选/选项 control. The QR code of presentation mode and of the export menu
decodes to the page's own link, filters included. Screenshots go to
$GOVMEDIA_TEST_ARTIFACTS (a temporary folder by default), phone-*.png."""

import io
import urllib.parse

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, chart_drawn, settle, shot, streamlit_server

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 390, 844
WECHAT = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Mobile/15E148 MicroMessenger/8.0.49(0x18003129) NetType/WIFI Language/zh_CN")
PAGES = ("overview", "trends", "mix", "growth", "rankings", "regions", "matrix", "compliance", "account")


@pytest.fixture(scope="module")
def server(tmp_path_factory, _seeded_template):
    import shutil

    root = tmp_path_factory.mktemp("phone") / "data"
    shutil.copytree(_seeded_template, root)
    with streamlit_server(root) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, user_agent=WECHAT, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


def _layout(page) -> dict:
    return page.evaluate("""() => {
        const rows = new Set([...document.querySelectorAll('[data-testid="stMetric"]')]
            .map(m => Math.round(m.getBoundingClientRect().top + window.scrollY)));
        const chart = document.querySelector('[data-testid="stPlotlyChart"]');
        return {scrollWidth: document.documentElement.scrollWidth, cardRows: rows.size,
                cards: document.querySelectorAll('[data-testid="stMetric"]').length,
                chartTop: chart ? chart.getBoundingClientRect().top + window.scrollY : null,
                sidebarShown: !!document.querySelector('[data-testid="stSidebar"][aria-expanded="true"]')};
    }""")


@pytest.mark.parametrize("name", ("overview", "trends", "rankings", "compliance"))
def test_a_phone_gets_a_layout_made_for_it(server, phone, name):
    phone.goto(f"{server}/{name}")
    settle(phone)
    chart_drawn(phone, ticks=False)
    phone.wait_for_timeout(1000)
    found = _layout(phone)
    shot(phone, f"phone-{name}")
    assert found["scrollWidth"] <= WIDTH, found
    assert found["cardRows"] <= 3, found
    assert found["chartTop"] is not None and found["chartTop"] <= 1.5 * HEIGHT, found
    assert phone.get_by_role("button", name="筛选/选项").count() == 1
    if name in ("overview", "compliance"):
        assert found["cards"] >= 4  # the cards are there, two by two


def test_every_page_fits_a_phone_and_the_filters_work_from_the_top_bar(server, phone):
    for name in PAGES:
        phone.goto(f"{server}/{name}" + ("?account=weibo:1288915263" if name == "account" else ""))
        settle(phone)
        phone.wait_for_timeout(800)
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        shot(phone, f"phone-{name}")
        assert width <= WIDTH, (name, width)
    phone.goto(f"{server}/trends")
    settle(phone)
    phone.get_by_role("button", name="筛选/选项").click()
    phone.get_by_text("省份", exact=True).first.wait_for()
    shot(phone, "phone-trends-filters")
    box = phone.locator('[data-testid="stPopoverBody"]').first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH + 1
    province = phone.locator('[data-testid="stPopoverBody"] [data-testid="stMultiSelect"]').first.locator("input")
    province.fill("浙江")
    province.press("Enter")
    phone.wait_for_function("() => decodeURIComponent(window.location.search).includes('province=浙江')")
    settle(phone)
    assert "province=%E6%B5%99%E6%B1%9F" in phone.url


def test_the_same_link_opens_the_same_view_on_a_desktop(server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.set_default_timeout(90_000)
    page.goto(f"{server}/trends?province=浙江&metric=reads")
    settle(page)
    # The sidebar's five list filters (province, city, platform, sector, level) are drawn one after another.
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stSidebar\"] [data-testid=\"stMultiSelect\"]')"
                           ".length >= 5")
    assert page.get_by_role("button", name="筛选/选项").count() == 0  # desktops keep the sidebar
    assert "浙江" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.close()


def _decode(png: bytes) -> str:
    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert found, "no QR code found in the image"
    return found[0].text


def test_the_qr_code_in_presentation_mode_scans_to_the_presenters_view(server, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.set_default_timeout(90_000)
    page.goto(f"{server}/trends?province=浙江&province=山西&metric=reads&split=platform&present=1&slide=1&lang=en")
    settle(page)
    qr = page.locator('img[alt="二维码 / QR code"]')
    qr.wait_for()
    shot(page, "present-trends-qr")
    decoded = _decode(qr.screenshot())
    assert urllib.parse.urlparse(decoded)._replace(fragment="") == urllib.parse.urlparse(page.url)._replace(fragment="")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(decoded).query)
    assert query["province"] == ["浙江", "山西"] and query["metric"] == ["reads"] and query["split"] == ["platform"]
    assert query["lang"] == ["en"] and query["present"] == ["1"]
    assert urllib.parse.unquote(decoded) in page.locator(".share-link").first.inner_text().replace("\n", "")
    page.close()


def test_the_qr_code_in_the_export_menu_scans_to_the_page(server, phone):
    phone.goto(f"{server}/rankings?platform=douyin&start=2019-02-28&end=2019-03-06&top=5")
    settle(phone)
    phone.get_by_role("button", name="导出").click()
    qr = phone.locator('img[alt="二维码 / QR code"]')
    qr.wait_for()
    shot(phone, "phone-export-qr")
    assert _decode(qr.screenshot()) == phone.url
