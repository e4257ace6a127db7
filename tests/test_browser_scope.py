"""Two users signed in at the same time in two browsers on one server — a national administrator and a
浙江 analyst — open the same link and each sees the numbers of their own scope; both appear in the audit log."""

import shutil

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, settle, shot, sign_in, streamlit_server

from analytics.access import audit, directory
from analytics.access.roles import ADMIN, ANALYST
from analytics.access.scope import NATIONAL, Scope

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def _kpi(page) -> list[str]:
    page.locator('[data-testid="stMetric"]').first.wait_for()
    return [line for line in page.locator('[data-testid="stMetric"]').first.inner_text().split("\n") if line.strip()]


def test_two_users_in_two_browsers_see_their_own_scope(tmp_path, _seeded_template):
    from playwright.sync_api import sync_playwright

    root = tmp_path / "data"
    shutil.copytree(_seeded_template, root)
    secrets = tmp_path / "secrets.toml"
    directory.set_user(secrets, "总管", ADMIN, NATIONAL, PASSWORD)
    directory.set_user(secrets, "浙江分析", ANALYST, Scope.make(provinces=["浙江"]), PASSWORD)
    with streamlit_server(root, args=("--secrets.files", str(secrets))) as url, sync_playwright() as p:
        browsers = [p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS) for _ in range(2)]
        try:
            pages = {}
            for browser, name in zip(browsers, ("总管", "浙江分析")):
                page = browser.new_page(viewport={"width": 1600, "height": 1200})
                page.set_default_timeout(120_000)
                page.goto(url + "/data")
                settle(page)
                sign_in(page, name, PASSWORD)
                pages[name] = page
            seen = {}
            for name, page in pages.items():
                # Moving within the app keeps the session (and the sign-in); a new page load would not.
                page.get_by_role("link", name="总览").first.click()
                settle(page)
                seen[name] = _kpi(page)
                shot(page, f"scope-overview-{'admin' if name == '总管' else 'zhejiang'}")
            assert seen["浙江分析"][:2] == ["账号数", "93"]
            assert seen["总管"][0] == "账号数" and int(seen["总管"][1].replace(",", "")) > 93
            pages["浙江分析"].get_by_role("link", name="数据管理").first.click()
            settle(pages["浙江分析"])
            assert pages["浙江分析"].get_by_text("范围 浙江").count() >= 1
            assert pages["浙江分析"].get_by_role("link", name="审计").count() == 0
            assert pages["总管"].get_by_role("link", name="审计").count() == 1
        finally:
            for browser in browsers:
                browser.close()
    signed = {(r["user"], r["scope"]) for r in audit.read(root, event="sign_in") if r["outcome"] == "ok"}
    assert signed == {("总管", "national"), ("浙江分析", "浙江")}
