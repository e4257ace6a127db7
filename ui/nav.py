"""The pages, their public URL paths (documented in the README) and moving between them."""

from __future__ import annotations

import streamlit as st

from analytics.pages.registry import PAGES

from . import state
from .i18n import lang, t

SCRIPTS = {key: f"pages/{key}.py" for key in PAGES}
AUDIT = "pages/audit.py"


def build(admin: bool = False) -> list[st.Page]:
    """Visible pages, plus the root URL, which forwards to /overview with the link's parameters. The
    audit page exists only for administrators: for anyone else its URL names no page."""
    pages = [st.Page(SCRIPTS[key], title=spec.title(lang()), icon=spec.icon, url_path=key) for key, spec in PAGES.items()]
    if admin:
        pages.append(st.Page(AUDIT, title=t("audit_title"), icon=":material/policy:", url_path="audit"))
    return [st.Page("pages/home.py", title=t("app_title"), url_path="home", default=True, visibility="hidden"), *pages]


def _signing_in() -> None:
    """Every page's URL before signing in: the sign-in is drawn in front of it, nothing else."""


def gate() -> list[st.Page]:
    """The pages' URLs for a visitor who must sign in first: a link to any page (with its filters) opens the
    sign-in instead of 'page not found', and the same link is on screen once they are in."""
    return [st.Page("pages/home.py", title=t("app_title"), url_path="home", default=True, visibility="hidden"),
            *(st.Page(_signing_in, title=spec.title(lang()), url_path=key, visibility="hidden") for key, spec in PAGES.items()),
            st.Page(_signing_in, title=t("audit_title"), url_path="audit", visibility="hidden")]


def current_key(page: st.Page) -> str:
    return page.url_path or "home"


def open_account(platform: str, account_id: str) -> None:
    state.edit(account=f"{platform}:{account_id}")
    st.switch_page(SCRIPTS["account"])
