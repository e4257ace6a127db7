"""End to end: an analyst signs in with a password, uploads a parquet file through the real file
input, confirms, and sees the new version and the changed KPI on the overview."""

import datetime as dt
import shutil

import pytest

from analytics import auth
from browser import CHROMIUM, CHROMIUM_ARGS, settle, shot, streamlit_server
from factory import make_rows, write_parquet

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def test_analyst_uploads_a_week_in_the_browser(tmp_path, _seeded_template):
    from playwright.sync_api import sync_playwright

    root = tmp_path / "data"
    shutil.copytree(_seeded_template, root)
    secrets = tmp_path / "secrets.toml"
    auth.set_password(secrets, "王分析", PASSWORD)
    week = write_parquet(tmp_path / "2026-07-01.parquet", make_rows(weeks=1, start=dt.date(2026, 7, 1)))
    with streamlit_server(root, args=("--secrets.files", str(secrets))) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        page.set_default_timeout(90_000)
        page.goto(url + "/")
        settle(page)
        page.goto(url + "/data")
        settle(page)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0  # a viewer sees no upload
        page.get_by_label("用户名").fill("王分析")
        page.get_by_label("密码", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="分析员登录").click()
        page.wait_for_selector('[data-testid="stFileUploader"]')
        settle(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(week))
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
        browser.close()
    from analytics.store.table import Store

    head = Store(root).history()[0]
    assert (head.version, head.user, head.source, head.rows_added) == (1, "王分析", "2026-07-01.parquet", 4)
