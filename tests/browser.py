"""The real server in headless Chromium (Debian's /usr/bin/chromium; Playwright never downloads one)."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Outside the source tree; CI may point it at a folder it keeps.
ARTIFACTS = Path(os.environ.get("GOVMEDIA_TEST_ARTIFACTS") or Path(tempfile.gettempdir()) / "govmedia-test-artifacts")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
from server import CHROMIUM_ARGS, app, free_port  # noqa: F401  (the app starter the load benchmark shares)

DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@contextmanager
def streamlit_server(data_dir: Path, extra_env: dict | None = None, args: tuple[str, ...] = (), port: int | None = None):
    """The dashboard on a free local port (or `port`), seeding off unless asked; yields its URL."""
    with app("dashboard.py", data_dir, {"GOVMEDIA_SEED": "0", **(extra_env or {})}, args, port) as (url, _):
        yield url


def settle(page, timeout: int = 90_000) -> None:
    """Wait until the script has run and charts have drawn (the frontend re-runs on each change)."""
    page.wait_for_selector(DONE, timeout=timeout)
    page.wait_for_timeout(800)
    page.wait_for_selector(DONE, timeout=timeout)


def chart_drawn(page, index: int = 0, ticks: bool = True, timeout: int = 90_000):
    """The index-th chart once Plotly has drawn it (with its axis ticks, for charts that have axes);
    returns its locator."""
    page.wait_for_function(
        """([i, ticks]) => { const c = document.querySelectorAll('[data-testid="stPlotlyChart"]')[i];
                  return !!c && c.querySelectorAll('.main-svg').length > 0
                         && (!ticks || c.querySelectorAll('.ytick text, .xtick text').length > 0); }""",
        arg=[index, ticks], timeout=timeout)
    return page.locator('[data-testid="stPlotlyChart"]').nth(index)


def y_ticks(page, index: int = 0) -> list[str]:
    return chart_drawn(page, index).locator(".ytick text").all_inner_texts()


def until(page, condition, timeout_s: float = 90, what: str = "condition"):
    """Poll a Python condition against the page (the frontend redraws asynchronously) until it holds."""
    import time

    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        page.wait_for_timeout(250)


@contextmanager
def analyst_browser(root: Path, secrets: Path, name: str, password: str, timeout: int = 120_000):
    """A server on `root` whose secrets hold an analyst's password, and a page in Chromium: (url, page)."""
    from playwright.sync_api import sync_playwright

    from analytics.access import directory

    directory.set_password(secrets, name, password)
    with streamlit_server(root, args=("--secrets.files", str(secrets))) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        page.set_default_timeout(timeout)
        try:
            yield url, page
        finally:
            browser.close()


def sign_in(page, name: str, password: str) -> None:
    """Sign in on the data page (already open) and wait for the upload control."""
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="分析员登录").click()
    page.wait_for_selector('[data-testid="stFileUploader"]')
    settle(page)


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
