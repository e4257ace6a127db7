"""End to end in headless Chromium: every page loads, filters update chart and URL, links reopen the
same view, a click on a province tile filters to it. Screenshots go to
$GOVMEDIA_TEST_ARTIFACTS (a temporary folder by default)."""

import urllib.parse

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, chart_drawn, settle, shot, streamlit_server, until, y_ticks

pytestmark = pytest.mark.browser
PAGES = ("overview", "trends", "mix", "growth", "rankings", "content", "regions", "matrix", "compliance", "account", "data")


@pytest.fixture(scope="module")
def server(tmp_path_factory, _seeded_template):
    import shutil

    root = tmp_path_factory.mktemp("e2e") / "data"
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
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    yield pg
    context.close()


def query_of(url: str) -> dict:
    return urllib.parse.parse_qs(urllib.parse.urlparse(url).query)


def test_every_page_loads_without_an_exception(server, page):
    page.goto(server + "/")
    settle(page)
    assert page.url.rstrip("/").endswith("/overview")
    for name in PAGES:
        page.goto(f"{server}/{name}")
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0, name
        assert page.locator("h1").first.inner_text().strip(), name
        if name not in ("account", "data"):
            chart_drawn(page, ticks=False)
        shot(page, f"page-{name}")


def test_the_seed_weeks_top_works_on_the_content_page(server, page):
    page.goto(f"{server}/content?start=2019-02-28&end=2019-03-06&platform=douyin")
    settle(page)
    chart_drawn(page, ticks=False)
    body = page.locator("body").inner_text()
    assert "前 10 个账号共发布作品 240 件" in body and "播放 15.27亿" in body
    assert "浙有正能量" in body and "效果最好的时段" in body
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "content-seed-week")


def test_filter_updates_chart_and_url_and_the_link_reopens_it(server, page, browser):
    page.goto(f"{server}/trends")
    settle(page)
    before = y_ticks(page)
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="平台")
    box.locator("input").click()
    page.keyboard.type("抖音")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => window.location.search.includes('platform=douyin')")
    settle(page)
    assert query_of(page.url)["platform"] == ["douyin"]
    caption = lambda pg: pg.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()  # noqa: E731
    until(page, lambda: "抖音" in caption(page), what="the caption naming the filter")
    after = until(page, lambda: (t := y_ticks(page)) != before and t, what="the chart redrawn for 抖音")
    shot(page, "filter-douyin")

    other = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    other.set_default_timeout(90_000)
    other.goto(page.url)
    settle(other)
    until(other, lambda: "抖音" in caption(other), what="the reopened caption")
    until(other, lambda: y_ticks(other) == after, what="the reopened chart's ticks")
    chips = other.locator('[data-testid="stMultiSelect"]').filter(has_text="平台").inner_text()
    assert "抖音" in chips
    assert other.locator("h1").first.inner_text().strip() == "趋势"
    shot(other, "link-reopened")
    other.context.close()


def test_clicking_a_province_tile_filters_to_it(server, page):
    from analytics.vocab import provinces

    page.goto(f"{server}/regions")
    settle(page)
    index = [r.short for r in provinces.REGIONS].index("浙江")
    chart = chart_drawn(page, ticks=False)
    box = chart.locator(".scatterlayer .trace .points path").nth(index).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => decodeURIComponent(window.location.search).includes('province=浙江')")
    settle(page)
    assert query_of(page.url)["province"] == ["浙江"]
    assert "浙江" in page.locator('[data-testid="stMultiSelect"]').filter(has_text="省份").inner_text()
    shot(page, "tile-click-zhejiang")


def test_english_link(server, page):
    page.goto(f"{server}/rankings?start=2019-02-28&end=2019-03-06&platform=douyin&lang=en")
    settle(page)
    assert page.locator("h1").first.inner_text().strip() == "Rankings"
    summary = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="The top 10 together").first
    summary.wait_for()
    text = summary.inner_text()
    assert "240" in text and "1.53B" in text
    shot(page, "rankings-seed-week-en")


def test_presentation_fills_a_1080p_screen(server, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.set_default_timeout(90_000)
    page.goto(f"{server}/growth?present=1&slide=3")
    settle(page)
    chart_drawn(page, ticks=False)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 1
    box = page.locator('[data-testid="stPlotlyChart"]').first.bounding_box()
    assert box["height"] >= 0.6 * 1080 and box["width"] >= 0.85 * 1920
    assert "3 / 4" in page.locator('[data-testid="stMain"]').inner_text()
    shot(page, "present-growth-1080p")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => window.location.search.includes('slide=2')")
    settle(page)
    until(page, lambda: "2 / 4" in page.locator('[data-testid="stMain"]').inner_text(), what="slide 2 of 4")
    page.close()


def test_no_request_leaves_the_dashboard(server, browser):
    """Intranets have no internet: a full walk — every page, presentation mode, the export menu, the Data
    page — asks nothing of any host but the dashboard's own."""
    origin = urllib.parse.urlparse(server).netloc
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(90_000)
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    for path in ("/", *(f"/{name}" for name in PAGES), "/rankings?present=1", "/growth?present=1&slide=2&theme=dark",
                 "/account?account=wechat:gh_bff1dd183266"):
        page.goto(server + path)
        settle(page)
    page.goto(server + "/overview")
    settle(page)
    page.get_by_role("button", name="导出").click()
    page.get_by_text("本页 PPTX").wait_for()
    page.keyboard.press("Escape")
    page.wait_for_timeout(1500)
    elsewhere = [u for u in seen if urllib.parse.urlparse(u).scheme in ("http", "https", "ws", "wss")
                 and urllib.parse.urlparse(u).netloc != origin]
    assert len(seen) > 50 and elsewhere == [], elsewhere[:10]
    favicon = page.locator("link[rel~='icon']").first.get_attribute("href") or ""
    assert "gstatic" not in favicon and "googleapis" not in favicon
    context.close()


LABEL_BOXES = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(chart => {
    const c = chart.getBoundingClientRect();
    return {chart: [c.left, c.right], labels: [...chart.querySelectorAll('g.annotation')]
        .filter(a => a.querySelector('text[style*="govmedia-ev"]') && getComputedStyle(a).display !== 'none')
        .map(a => { const r = a.querySelector('text').getBoundingClientRect();
                    return [a.textContent, r.left, r.right, r.top, r.bottom]; })};
})"""


@pytest.mark.parametrize("name", ["overview", "compliance"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_event_labels_never_overlap_at_any_width(server, browser, name, lang):
    """Measured in the browser: every visible event label's box against every other on the same chart,
    at desktop widths from a 1024 laptop to a 1920 projector, the window resized in place."""
    page = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{server}/{name}?lang={lang}")
    settle(page)
    chart_drawn(page)
    seen = {}
    for width in (1600, 1920, 1366, 1280, 1024, 1440):
        page.set_viewport_size({"width": width, "height": 1000})
        page.wait_for_timeout(700)  # Plotly redraws on resize; the container queries follow at once
        charts = page.evaluate(LABEL_BOXES)
        seen[width] = sum(len(c["labels"]) for c in charts)
        for chart in charts:
            labels = chart["labels"]
            for i, (text, left, right, top, bottom) in enumerate(labels):
                assert chart["chart"][0] - 1 <= left and right <= chart["chart"][1] + 1, (width, text)
                for other, left2, right2, top2, bottom2 in labels[i + 1:]:
                    assert not (left < right2 and left2 < right and top < bottom2 and top2 < bottom), (width, text, other)
    assert seen[1600] >= 3 and seen[1920] >= seen[1600], seen  # labels are drawn, and more room never shows fewer
    page.context.close()
