"""Signing analysts in: Streamlit's own OIDC login where secrets configure a provider, otherwise a
local password checked against the salted hashes in secrets.toml. Everyone else is a viewer."""

from __future__ import annotations

import streamlit as st

from analytics import auth, settings
from analytics.auth import ANONYMOUS, Actor
from analytics.errors import AnalyticsError, SettingError

from .i18n import lang, pick


def _section() -> dict:
    try:
        return dict(st.secrets.get(auth.SECTION, {}))
    except (FileNotFoundError, KeyError):
        return {}


def check_secrets() -> None:
    """A malformed secrets file or [govmedia] section is named once, before any page runs."""
    try:
        section = st.secrets.get(auth.SECTION, {})
    except FileNotFoundError:
        return
    except Exception as exc:  # Streamlit raises its own parse errors for a broken secrets.toml
        raise SettingError(f".streamlit/secrets.toml 无法读取：{exc}", f".streamlit/secrets.toml cannot be read: {exc}") from None
    auth.check_section(section.to_dict() if hasattr(section, "to_dict") else dict(section), ".streamlit/secrets.toml")


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets and bool(st.secrets["auth"])
    except (FileNotFoundError, KeyError):
        return False


def actor() -> Actor:
    """The signed-in analyst, or an anonymous viewer."""
    if oidc_configured() and st.user.get("is_logged_in", False):
        email = st.user.get("email")
        return Actor(str(email or st.user.get("name") or ""), auth.role_for_email(_section(), email))
    return st.session_state.get("actor", ANONYMOUS)


def _throttle() -> auth.Throttle:
    """Shared by every app process that serves this data directory."""
    return auth.Throttle(settings.data_dir() / auth.THROTTLE_FILE)


def _client() -> str | None:
    """The visitor's address. Behind serve.sh's proxy every connection comes from the proxy, which puts the
    visitor's address in X-Real-IP (replacing any the visitor sent); without the proxy the header is ignored,
    since anyone could send it."""
    try:
        if settings.behind_proxy():
            return st.context.headers.get("X-Real-IP") or st.context.ip_address
        return st.context.ip_address
    except AttributeError:
        return None


def sign_in_box() -> None:
    if oidc_configured():
        st.button(pick("使用单位账号登录", "Sign in with your organisation account"), on_click=st.login,
                  icon=":material/login:")
        if st.user.get("is_logged_in", False):
            st.warning(pick("当前账号没有分析员权限。", "This account is not an analyst."))
        return
    passwords = dict(_section().get(auth.PASSWORDS, {}))
    if not passwords:
        st.info(pick("尚未设置分析员密码：在服务器上运行 `python -m analytics set-password --user 姓名`（从标准输入读取密码）。",
                     "No analyst password is set: run `python -m analytics set-password --user NAME` on the server "
                     "(the password is read from standard input)."))
        return
    with st.form("sign_in", border=True):
        name = st.text_input(pick("用户名", "User name"), key="sign_in_name")
        password = st.text_input(pick("密码", "Password"), type="password", key="sign_in_password")
        if st.form_submit_button(pick("分析员登录", "Sign in as analyst"), icon=":material/login:"):
            try:
                st.session_state["actor"] = auth.sign_in(passwords, name, password, _throttle(), _client())
            except AnalyticsError as exc:
                st.error(exc.message(lang()))
            else:
                st.rerun()


def sign_out_button(current: Actor) -> None:
    label = pick(f"退出登录（{current.name}）", f"Sign out ({current.name})")
    if oidc_configured() and st.user.get("is_logged_in", False):
        st.button(label, on_click=st.logout, icon=":material/logout:")
    elif st.button(label, icon=":material/logout:"):
        st.session_state.pop("actor", None)
        st.rerun()
