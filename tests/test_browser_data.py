"""End to end: an analyst signs in with a password, uploads a parquet file through the real file
input, confirms, and sees the new version and the changed KPI on the overview."""

import datetime as dt
import shutil

import pytest
from browser import analyst_browser, chart_drawn, settle, shot, sign_in
from factory import make_rows, write_parquet

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def test_analyst_uploads_a_week_in_the_browser(tmp_path, _seeded_template):
    root = tmp_path / "data"
    shutil.copytree(_seeded_template, root)
    week = write_parquet(tmp_path / "2026-07-01.parquet", make_rows(weeks=1, start=dt.date(2026, 7, 1)))
    with analyst_browser(root, tmp_path / "secrets.toml", "王分析", PASSWORD) as (url, page):
        page.goto(url + "/")
        settle(page)
        page.goto(url + "/data")
        settle(page)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0  # a viewer sees no upload
        sign_in(page, "王分析", PASSWORD)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(week))
        page.get_by_text("新增行 4").wait_for()
        settle(page)
        shot(page, "data-upload-report")
        page.get_by_role("button", name="确认导入 1 个文件").click()
        page.get_by_text("已提交为版本 1").wait_for()
        settle(page)
        shot(page, "data-committed")
        page.goto(url + "/overview")
        settle(page)
        note = page.locator('[data-testid="stAlert"]').first.inner_text()
        assert "王分析" in note and "2026-07-01" in note
        accounts = [line for line in page.locator('[data-testid="stMetric"]').first.inner_text().split("\n") if line.strip()]
        assert accounts[:2] == ["账号数", "4"]
        shot(page, "overview-after-upload")
    from analytics.store.table import Store

    head = Store(root).history()[0]
    assert (head.version, head.user, head.source, head.rows_added) == (1, "王分析", "2026-07-01.parquet", 4)


def test_first_start_with_no_data_through_to_every_page(tmp_path):
    """Seeding off and an empty data directory: the analyst signs in, uploads the sample file through the
    browser, and every page then works, without a restart."""
    from analytics import settings
    from analytics.pages.registry import PAGES

    sample = settings.SAMPLE_DIR / "snapshots.parquet"
    with analyst_browser(tmp_path / "data", tmp_path / "secrets.toml", "王分析", PASSWORD) as (url, page):
        page.goto(url + "/trends")
        settle(page)
        page.get_by_text("还没有数据").first.wait_for()
        shot(page, "empty-trends")
        page.get_by_role("link", name="前往数据管理").click()
        page.wait_for_function("() => window.location.pathname.endsWith('/data')")
        settle(page)
        sign_in(page, "王分析", PASSWORD)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(sample))
        page.get_by_role("button", name="确认导入 1 个文件").wait_for(timeout=180_000)
        settle(page)
        page.get_by_role("button", name="确认导入 1 个文件").click()
        page.get_by_text("已提交为版本 0").wait_for(timeout=180_000)
        settle(page)
        shot(page, "empty-first-commit")
        for key, spec in PAGES.items():
            page.goto(f"{url}/{key}")
            settle(page)
            assert page.locator('[data-testid="stException"]').count() == 0, key
            assert page.locator("h1").first.inner_text().strip() == spec.zh, key
            assert page.get_by_text("还没有数据").count() == 0, key
            if key == "content":  # snapshots only: the page says posts are missing and where to import them
                page.get_by_text("还没有作品数据").first.wait_for()
            elif spec.build and key != "account":
                chart_drawn(page, ticks=False)
        shot(page, "empty-then-data-page")
