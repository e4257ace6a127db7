"""scripts/serve.sh: two app processes behind nginx on one address. A browser stays with its worker,
an upload through one worker is seen by the other, and a killed worker loses nothing: the proxy sends
its browsers to the survivor and the worker is started again."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import ssl
import urllib.request
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, settle, shot, sign_in
from factory import make_rows, write_parquet
from server import served, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "correct horse battery"
COOKIE = "govmedia_route"
SEED = {"GOVMEDIA_SEED": "0"}


def _get(url: str, route: str | None = None) -> tuple[int, str]:
    """(status, the worker that answered) for a GET through the proxy (over TLS: trusting the test's own certificate)."""
    request = urllib.request.Request(url, headers={"Cookie": f"{COOKIE}={route}"} if route else {})
    with urllib.request.urlopen(request, timeout=10, context=_UNVERIFIED if url.startswith("https") else None) as response:
        return response.status, response.headers.get("X-Govmedia-Worker", "")


_UNVERIFIED = ssl._create_unverified_context()  # the certificate is the one the test made a moment ago


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, valid for a day."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def _routes(url: str, workers: int) -> dict[str, str]:
    """A cookie value pinned to each worker, found by asking the proxy who answers."""
    found: dict[str, str] = {}
    for i in range(200):
        route = f"{i:032x}"
        worker = _get(url + "/_stcore/health", route)[1]
        found.setdefault(worker, route)
        if len(found) == workers:
            return found
    raise AssertionError(f"cookies reached only workers {sorted(found)}")


def _page(browser, url: str, route: str):
    context = browser.new_context(viewport={"width": 1600, "height": 1200})
    context.add_cookies([{"name": COOKIE, "value": route, "url": url}])
    page = context.new_page()
    page.set_default_timeout(120_000)
    return page


def _update_note(page, url: str) -> str:
    page.goto(url + "/overview")
    settle(page)
    return page.locator('[data-testid="stAlert"]').first.inner_text()


def test_two_workers_share_the_data_and_survive_a_killed_worker(tmp_path, _seeded_template):
    from playwright.sync_api import sync_playwright

    from analytics.access import directory

    data = tmp_path / "data"
    shutil.copytree(_seeded_template, data)
    secrets = tmp_path / "secrets.toml"
    directory.set_password(secrets, "王分析", PASSWORD)
    week = write_parquet(tmp_path / "2026-07-01.parquet", make_rows(weeks=1, start=dt.date(2026, 7, 1)))
    with served(data, env=SEED, args=("--secrets.files", str(secrets))) as (url, run), sync_playwright() as p:
        routes = _routes(url, 2)
        assert sorted(routes) == ["1", "2"]
        assert {_get(url + "/", routes["1"])[1] for _ in range(5)} == {"1"}  # a browser stays with its worker
        with urllib.request.urlopen(url + "/", timeout=10) as response:
            headers = response.headers
        assert (headers["X-Content-Type-Options"], headers["X-Frame-Options"], headers["Referrer-Policy"]) == (
            "nosniff", "SAMEORIGIN", "same-origin")
        assert "camera=()" in headers["Permissions-Policy"] and headers["Server"] == "nginx"
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            one, two = _page(browser, url, routes["1"]), _page(browser, url, routes["2"])
            assert "2026-07-01" not in _update_note(two, url)
            one.goto(url + "/data")
            settle(one)
            sign_in(one, "王分析", PASSWORD)
            one.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(week))
            one.get_by_text("新增行 4").wait_for()
            settle(one)
            one.get_by_role("button", name="确认导入 1 个文件").click()
            one.get_by_text("已提交为版本 1").wait_for()
            note = _update_note(two, url)  # the other worker, on its next run
            assert "2026-07-01" in note and "王分析" in note
            shot(two, "serve-other-worker-sees-upload")

            killed = int((run / "worker-2.pid").read_text())
            os.kill(killed, signal.SIGKILL)
            wait_for(lambda: _get(url + "/_stcore/health", routes["2"])[1] == "1", "the proxy to skip the dead worker")
            rescued = _page(browser, url, routes["2"])
            note = _update_note(rescued, url)
            assert "2026-07-01" in note and "王分析" in note  # committed data is intact on the survivor
            wait_for(lambda: int((run / "worker-2.pid").read_text()) != killed, "serve.sh to restart the worker")
            wait_for(lambda: _get(url + "/_stcore/health", routes["2"])[1] == "2", "the restarted worker to serve")
            assert "2026-07-01" in _update_note(_page(browser, url, routes["2"]), url)
        finally:
            browser.close()
    from analytics.store.table import Store

    assert [h.version for h in Store(data).history()] == [1, 0]


def test_tls_mode_serves_https_only_with_hsts_and_secure_cookies(tmp_path, _seeded_template):
    """serve.sh --tls CERT KEY: a real browser signs in over HTTPS; every answer carries HSTS and every cookie
    it is given (the worker's route, Streamlit's own) is Secure; plain HTTP on the port gets no page."""
    from playwright.sync_api import sync_playwright

    from analytics.access import directory

    data = tmp_path / "data"
    shutil.copytree(_seeded_template, data)
    secrets = tmp_path / "secrets.toml"
    directory.set_password(secrets, "王分析", PASSWORD)
    with served(data, 1, SEED, ("--secrets.files", str(secrets)), _certificate(tmp_path)) as (url, _), sync_playwright() as p:
        with urllib.request.urlopen(url + "/", timeout=10, context=_UNVERIFIED) as response:
            headers = response.headers
        assert headers["Strict-Transport-Security"] == "max-age=31536000"
        assert headers["Content-Security-Policy"] == "frame-ancestors 'self'"
        assert "; Secure" in headers["Set-Cookie"]
        with pytest.raises(OSError):
            urllib.request.urlopen(url.replace("https", "http", 1) + "/", timeout=10).read()
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--ignore-certificate-errors"])
        try:
            context = browser.new_context(viewport={"width": 1600, "height": 1200}, ignore_https_errors=True)
            page = context.new_page()
            page.set_default_timeout(120_000)
            page.goto(url + "/data")
            settle(page)
            sign_in(page, "王分析", PASSWORD)
            page.get_by_text("退出登录（王分析）").wait_for()
            cookies = context.cookies()
            assert {c["name"] for c in cookies} >= {COOKIE, "_streamlit_xsrf"}
            assert all(c["secure"] for c in cookies), [(c["name"], c["secure"]) for c in cookies]
            shot(page, "tls-signed-in")
        finally:
            browser.close()
