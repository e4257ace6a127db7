"""Signing users in: Streamlit's own OIDC login where secrets configure a provider, otherwise a local
password checked against the salted hashes in secrets.toml. Each user's role and scope come from
[govmedia.users]; visitors who have not signed in get what GOVMEDIA_ANONYMOUS allows (or nothing).
Sign-in, its failures and sign-out are written to the audit log."""

from __future__ import annotations

import time

import streamlit as st

from analytics import settings
from analytics.access import credentials, directory
from analytics.access.roles import ANALYST, VIEWER, Actor
from analytics.access.scope import Scope
from analytics.actions import people
from analytics.actions.base import Caller
from analytics.errors import AnalyticsError, SettingError
from analytics.output import inert

from .i18n import lang, pick


def _section() -> dict:
    try:
        return dict(st.secrets.get(directory.SECTION, {}))
    except (FileNotFoundError, KeyError):
        return {}


def secrets() -> dict:
    """The whole [govmedia] section as plain dicts (the mail password is read from it)."""
    try:
        section = st.secrets.get(directory.SECTION, {})
    except (FileNotFoundError, KeyError):
        return {}
    return {directory.SECTION: section.to_dict() if hasattr(section, "to_dict") else dict(section)}


def check_secrets() -> None:
    """A malformed secrets file or [govmedia] section is named once, before any page runs."""
    try:
        section = st.secrets.get(directory.SECTION, {})
    except FileNotFoundError:
        return
    except Exception as exc:  # Streamlit raises its own parse errors for a broken secrets.toml
        raise SettingError(f".streamlit/secrets.toml 无法读取：{exc}", f".streamlit/secrets.toml cannot be read: {exc}") from None
    directory.check_section(section.to_dict() if hasattr(section, "to_dict") else dict(section), ".streamlit/secrets.toml")


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets and bool(st.secrets["auth"])
    except (FileNotFoundError, KeyError):
        return False


def anonymous() -> Actor | None:
    """Who a visitor who has not signed in is: None when the settings require signing in."""
    places = settings.anonymous()
    if places is None:
        return None
    return Actor("", VIEWER, Scope.make(cities=[p for p in places if "/" in p], provinces=[p for p in places if "/" not in p]))


def actor() -> Actor | None:
    """The signed-in user with their role and scope as configured now (a changed scope applies at once, a
    removed user is signed out), else the anonymous visitor, else None (sign-in required)."""
    section = _section()
    if oidc_configured() and st.user.get("is_logged_in", False):
        claims = st.user.to_dict() if hasattr(st.user, "to_dict") else dict(st.user)
        found = directory.oidc_actor(section, claims, directory.configured_domain_rules())
        email = str(claims.get("email") or "")[: credentials.MAX_NAME]
        # Recorded once per session and identity: the provider signed them in, or we did not let them in.
        recorded = ("ok" if found else "refused", email, found)
        if st.session_state.get("_oidc_recorded") != recorded:
            st.session_state["_oidc_recorded"] = recorded
            if found is not None:
                people.signed_in(caller(found), method="organisation account")
            else:
                reason = "not a listed user or domain" if directory.verified(claims) else "e-mail not verified"
                people.sign_in_refused(caller(Actor(email)), email, reason)
        if found is not None:
            return found
        return anonymous()
    signed = st.session_state.get("actor")
    if signed is not None:
        stored = dict(section.get(directory.PASSWORDS, {})).get(signed.name)
        ended = _ended(stored)
        if ended is None:
            st.session_state["signed_seen"] = time.monotonic()
            return directory.user_actor(dict(section.get(directory.USERS, {})), signed.name, default=Actor(signed.name, ANALYST))
        end_session(ended)
    return anonymous()


def _ended(stored: str | None) -> tuple[str, str] | None:
    """Why a password session is over (the user was removed, their password changed, or the session sat idle
    longer than GOVMEDIA_SESSION_IDLE_HOURS), or None while it holds."""
    if stored is None:
        return ("您的账号已被移除，请联系管理员。", "Your account was removed: contact an administrator.")
    if st.session_state.get("signed_hash") != credentials.fingerprint(stored):
        return ("密码已更改，请用新密码重新登录。", "The password was changed: sign in again with the new one.")
    idle = time.monotonic() - st.session_state.get("signed_seen", 0.0)
    if idle > settings.get_int("GOVMEDIA_SESSION_IDLE_HOURS") * 3600:
        return ("长时间未操作，已自动退出登录，请重新登录。", "Signed out after a long idle time: sign in again.")
    return None


def end_session(reason: tuple[str, str]) -> None:
    """Forget this session's sign-in and say why on the next page drawn."""
    for key in ("actor", "signed_hash", "signed_seen"):
        st.session_state.pop(key, None)
    st.session_state["signed_out_because"] = reason


def session_notice() -> None:
    """The reason a sign-in ended by itself, shown once."""
    reason = st.session_state.pop("signed_out_because", None)
    if reason:
        st.warning(pick(*reason), icon=":material/logout:")


def caller(who: Actor | None = None) -> Caller:
    """This session's visitor (or `who`) as the caller of an action: every action records itself."""
    return Caller(who or actor() or Actor(""), settings.data_dir(), "ui", _client())


def _throttle() -> credentials.Throttle:
    """Shared by every app process that serves this data directory."""
    return credentials.Throttle(settings.data_dir() / credentials.THROTTLE_FILE)


def _client() -> str | None:
    """The visitor's address. Behind serve.sh's proxy every connection comes from the proxy, which puts the
    visitor's address in X-Real-IP (replacing any the visitor sent); without the proxy the header is ignored,
    since anyone could send it."""
    try:
        if settings.behind_proxy():
            found = st.context.headers.get("X-Real-IP") or st.context.ip_address
        else:
            found = st.context.ip_address
        # Only a text is an address (a test harness without a browser has none).
        return found[: credentials.MAX_NAME] if isinstance(found, str) else None
    except AttributeError:
        return None


def refused() -> bool:
    """Whether the organisation account signed in with the provider is not admitted here."""
    recorded = st.session_state.get("_oidc_recorded")
    return bool(oidc_configured() and st.user.get("is_logged_in", False) and recorded and recorded[0] == "refused")


def refused_identity() -> None:
    """What an organisation account that is not admitted sees: who it is, why, and how to leave."""
    email = inert.markdown(str(st.user.get("email") or ""))
    if refused():
        st.error(pick(f"单位账号 {email} 未获授权访问本看板：请联系管理员将其加入用户名单（或所在域名的准入规则）。",
                      f"The organisation account {email} is not authorised for this dashboard: ask an administrator "
                      "to add it to the users (or its domain to the admission rules)."), icon=":material/block:")
        st.button(pick("退出此账号", "Sign out of this account"), on_click=st.logout, icon=":material/logout:",
                  key="refused_sign_out")
    else:
        st.warning(pick("当前账号没有分析员权限。", "This account is not an analyst."))


def sign_in_box() -> None:
    if oidc_configured():
        st.button(pick("使用单位账号登录", "Sign in with your organisation account"), on_click=st.login,
                  icon=":material/login:")
        if st.user.get("is_logged_in", False):
            refused_identity()
        return
    passwords = dict(_section().get(directory.PASSWORDS, {}))
    if not passwords:
        st.info(pick("尚未设置分析员密码：在服务器上运行 `python -m analytics set-password --user 姓名`（从标准输入读取密码）。",
                     "No analyst password is set: run `python -m analytics set-password --user NAME` on the server "
                     "(the password is read from standard input)."))
        return
    with st.form("sign_in", border=True):
        name = st.text_input(pick("用户名", "User name"), key="sign_in_name", max_chars=credentials.MAX_NAME)
        password = st.text_input(pick("密码", "Password"), type="password", key="sign_in_password",
                                 max_chars=credentials.MAX_PASSWORD)
        if st.form_submit_button(pick("分析员登录", "Sign in as analyst"), icon=":material/login:"):
            try:
                signed = directory.sign_in(passwords, name, password, _throttle(), _client(),
                                      users=dict(_section().get(directory.USERS, {})))
            except AnalyticsError as exc:
                people.sign_in_refused(caller(Actor(name.strip())), name.strip(), exc.en)
                st.error(exc.message(lang()))
            else:
                st.session_state["actor"] = signed
                st.session_state["signed_hash"] = credentials.fingerprint(passwords[signed.name])
                st.session_state["signed_seen"] = time.monotonic()
                people.signed_in(caller(signed), method="password")
                st.rerun()


def sign_out_button(current: Actor) -> None:
    label = pick(f"退出登录（{current.name}）", f"Sign out ({current.name})")
    if oidc_configured() and st.user.get("is_logged_in", False):
        st.button(label, on_click=lambda: (people.signed_out(caller(current)), st.logout()), icon=":material/logout:")
    elif st.button(label, icon=":material/logout:"):
        people.signed_out(caller(current))
        st.session_state.pop("actor", None)
        st.rerun()
