"""The pages, their public URL paths (documented in the README) and moving between them."""

from __future__ import annotations

import streamlit as st

from .i18n import t

# (url path = key, script, icon). The URL paths are public: people and systems build links to them.
# Until a process first runs st.navigation, Streamlit treats pages/ as an old-style pages folder and
# runs pages/trends.py directly for /trends; ui.page.context() then runs the frame first (see there).
PAGES = (
    ("overview", "pages/overview.py", ":material/dashboard:"),
    ("trends", "pages/trends.py", ":material/show_chart:"),
    ("mix", "pages/mix.py", ":material/donut_small:"),
    ("growth", "pages/growth.py", ":material/trending_up:"),
    ("rankings", "pages/rankings.py", ":material/leaderboard:"),
    ("regions", "pages/regions.py", ":material/map:"),
    ("matrix", "pages/matrix.py", ":material/account_tree:"),
    ("compliance", "pages/compliance.py", ":material/fact_check:"),
    ("account", "pages/account.py", ":material/person_search:"),
    ("data", "pages/data.py", ":material/database:"),
)
SCRIPTS = {key: script for key, script, _ in PAGES}


def build() -> list[st.Page]:
    """Visible pages, plus the root URL, which forwards to /overview with the link's parameters."""
    pages = [st.Page(script, title=t(f"page_{key}"), icon=icon, url_path=key) for key, script, icon in PAGES]
    return [st.Page("pages/home.py", title=t("app_title"), url_path="home", default=True, visibility="hidden"), *pages]


def current_key(page: st.Page) -> str:
    return page.url_path or "home"


def open_account(platform: str, account_id: str) -> None:
    st.session_state["account"] = f"{platform}:{account_id}"
    st.switch_page(SCRIPTS["account"])
