"""Sign-in under the production setting (GOVMEDIA_ANONYMOUS=none) in a real browser: nothing shows before
signing in; a password sign-in belongs to its tab (a second tab asks again, and shows nothing until then);
signing out returns to the sign-in page; each step is in the audit log."""

import shutil

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, settle, shot, streamlit_server

from analytics.access import audit, directory

pytestmark = pytest.mark.browser
PASSWORD = "a production password"


def _metrics(page) -> int:
    return page.locator('[data-testid="stMetric"]').count()


def test_sign_in_second_tab_and_sign_out_with_sign_in_required(tmp_path, _seeded_template):
    from playwright.sync_api import sync_playwright

    root = tmp_path / "data"
    shutil.copytree(_seeded_template, root)
    secrets = tmp_path / "secrets.toml"
    directory.set_password(secrets, "王分析", PASSWORD)
    with streamlit_server(root, {"GOVMEDIA_ANONYMOUS": "none"}, ("--secrets.files", str(secrets))) as url, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1600, "height": 1200})
            first = context.new_page()
            first.set_default_timeout(120_000)
            first.goto(url + "/overview?province=浙江")
            settle(first)
            first.get_by_text("本看板需要登录后查看").wait_for()
            assert _metrics(first) == 0 and "浙江" not in first.locator('[data-testid="stMain"]').inner_text()
            first.get_by_label("用户名").fill("王分析")
            first.get_by_label("密码", exact=True).fill("wrong password")
            first.get_by_role("button", name="分析员登录").click()
            first.get_by_text("用户名或密码错误").wait_for()
            first.get_by_label("密码", exact=True).fill(PASSWORD)
            first.get_by_role("button", name="分析员登录").click()
            first.locator('[data-testid="stMetric"]').first.wait_for()
            settle(first)
            shot(first, "signin-none-overview")

            second = context.new_page()  # the same browser, another tab
            second.set_default_timeout(120_000)
            second.goto(url + "/overview")
            settle(second)
            second.get_by_text("本看板需要登录后查看").wait_for()
            assert _metrics(second) == 0
            assert _metrics(first) > 0  # the first tab stays signed in

            first.get_by_role("link", name="数据管理").click()
            settle(first)
            first.get_by_role("button", name="退出登录（王分析）").click()
            first.get_by_text("本看板需要登录后查看").wait_for()
            settle(first)
            assert _metrics(first) == 0
            shot(first, "signin-none-signed-out")
        finally:
            browser.close()
    records = [(r["event"], r["outcome"], r["user"]) for r in audit.read(root) if r["event"] in ("sign_in", "sign_out")]
    assert records == [("sign_in", "failed", "王分析"), ("sign_in", "ok", "王分析"), ("sign_out", "ok", "王分析")]
