"""Sign-in through st.login end to end: a real OpenID Connect provider (oidc-provider-mock: discovery,
authorization code, signed ID token, userinfo) runs on localhost; the browser goes through its login page
and lands in the dashboard with the role and scope that [govmedia.users] maps to the e-mail claim; another
account of the same provider is not admitted and is told so, nor is a listed one whose e-mail is not
verified; a user removed from the list while signed in loses access on the next page."""

import shutil

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, free_port, settle, shot, streamlit_server

from analytics.access import audit, directory
from analytics.access.roles import ANALYST
from analytics.access.scope import Scope

pytestmark = pytest.mark.browser
oidc = pytest.importorskip("oidc_provider_mock")
EMAIL = "zj.analyst@gov.cn"
OUTSIDER = "someone@example.com"  # any other account of the same provider
UNVERIFIED = "hz.analyst@gov.cn"  # a listed user whose provider has not verified the address


def test_organisation_sign_in_lands_with_the_mapped_role_and_scope(tmp_path, _seeded_template):
    from playwright.sync_api import sync_playwright

    root = tmp_path / "data"
    shutil.copytree(_seeded_template, root)
    secrets = tmp_path / "secrets.toml"
    directory.set_user(secrets, EMAIL, ANALYST, Scope.make(provinces=["浙江"]))
    directory.set_user(secrets, UNVERIFIED, ANALYST, Scope.make(provinces=["浙江"]))
    port = free_port()
    users = [oidc.User(sub=EMAIL, claims={"email": EMAIL, "email_verified": True, "name": "浙江分析"}),
             oidc.User(sub=OUTSIDER, claims={"email": OUTSIDER, "email_verified": True, "name": "路人"}),
             oidc.User(sub=UNVERIFIED, claims={"email": UNVERIFIED, "email_verified": False, "name": "杭州分析"})]
    with oidc.run_server_in_thread(user_claims=users) as idp:
        issuer = f"http://127.0.0.1:{idp.server_port}"
        with secrets.open("a", encoding="utf-8") as f:
            f.write(f'\n[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
                    f'cookie_secret = "a-test-cookie-secret-of-some-length"\nclient_id = "govmedia"\n'
                    f'client_secret = "govmedia-secret"\nserver_metadata_url = "{issuer}/.well-known/openid-configuration"\n')
        with streamlit_server(root, {"GOVMEDIA_ANONYMOUS": "none"}, ("--secrets.files", str(secrets)), port) as url, \
                sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1600, "height": 1200})
                page.set_default_timeout(120_000)
                page.goto(url + "/")
                settle(page)
                assert page.locator('[data-testid="stMetric"]').count() == 0  # nothing before signing in
                page.get_by_text("本看板需要登录后查看").wait_for()
                _sign_in_as(page, url, issuer, OUTSIDER)
                page.get_by_text("未获授权访问本看板").wait_for()
                assert page.locator('[data-testid="stMetric"]').count() == 0  # an unlisted account sees nothing
                shot(page, "oidc-not-authorised")
                assert page.get_by_role("button", name="退出此账号").count() == 1
                page = browser.new_context(viewport={"width": 1600, "height": 1200}).new_page()  # a colleague's browser
                page.set_default_timeout(120_000)
                page.goto(url + "/")
                settle(page)
                page.get_by_role("button", name="使用单位账号登录").click()
                page.wait_for_url(f"{issuer}/**")  # the provider's own login page
                shot(page, "oidc-provider-login")
                page.get_by_role("button", name=EMAIL).click()  # the predefined user, as on a real login form
                page.wait_for_url(f"{url}/**")
                settle(page)
                page.locator('[data-testid="stMetric"]').first.wait_for()
                first = [s for s in page.locator('[data-testid="stMetric"]').first.inner_text().split("\n") if s.strip()]
                assert first[:2] == ["账号数", "93"]
                assert page.get_by_text("范围：浙江").count() >= 1
                shot(page, "oidc-signed-in-overview")

                directory.remove_user(secrets, EMAIL)  # removed while signed in: the next page refuses
                page.wait_for_timeout(3000)  # the app notices the changed secrets file
                page.goto(url + "/trends")
                settle(page)
                page.get_by_text("未获授权访问本看板").wait_for()
                assert page.locator('[data-testid="stMetric"]').count() == 0

                page = browser.new_context(viewport={"width": 1600, "height": 1200}).new_page()
                page.set_default_timeout(120_000)
                page.goto(url + "/")
                settle(page)
                _sign_in_as(page, url, issuer, UNVERIFIED)
                page.get_by_text("未获授权访问本看板").wait_for()
                assert page.locator('[data-testid="stMetric"]').count() == 0
            finally:
                browser.close()
    signed = [r for r in audit.read(root, event="sign_in") if r["outcome"] == "ok"]
    assert [(r["user"], r["role"], r["scope"]) for r in signed] == [(EMAIL, "analyst", "浙江")]
    refused = [r for r in audit.read(root, event="sign_in") if r["outcome"] == "failed"]
    assert [(r["details"]["name"], r["details"]["reason"]) for r in refused] == [
        (OUTSIDER, "not a listed user or domain"), (EMAIL, "not a listed user or domain"), (UNVERIFIED, "e-mail not verified")]


def _sign_in_as(page, url, issuer, email):
    """From the dashboard's sign-in prompt through the provider's login page and back, as `email`."""
    page.get_by_role("button", name="使用单位账号登录").click()
    page.wait_for_url(f"{issuer}/**")
    page.get_by_role("button", name=email).click()
    page.wait_for_url(f"{url}/**")
    settle(page)
