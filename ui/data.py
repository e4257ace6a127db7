"""Cached access to the analytics engine for every session of the process, and error display."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from analytics import seeding
from analytics.access.scope import NOTHING
from analytics.errors import AnalyticsError
from analytics.query import catalog
from analytics.query.engine import Engine, ScopedEngine, open_engine
from analytics.store import verify

from . import signin
from .i18n import lang

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def shared_engine() -> Engine:
    """One engine (one DuckDB connection, one result cache) per process; results are keyed by the
    store version, so every session sees a new commit on its next rerun."""
    shared = open_engine()
    seeding.ensure_seeded(shared.store)
    return shared


def engine() -> Engine | ScopedEngine:
    """The shared engine as this session's user may see it: every query it runs is narrowed to their
    scope (the frame stops before any page when nobody may see anything)."""
    who = signin.actor()
    return shared_engine().with_scope(who.scope if who is not None else NOTHING, owner=session())


def session() -> str:
    """This browser session's id: what its own cached results and its exports are counted against."""
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "-"


def call(fn: Callable[..., T], *args, **kwargs) -> T:
    """Run an analytics call; a user-facing error is shown once and stops the page."""
    try:
        return fn(*args, **kwargs)
    except AnalyticsError as exc:
        st.error(exc.message(lang()))
        st.stop()
        raise  # st.stop raises; this keeps type checkers honest


def has_data() -> bool:
    """Whether the current version holds any rows (a new store, or one restored to an empty version, has none)."""
    return call(engine().has_data)


def bounds() -> tuple[dt.date, dt.date]:
    return call(engine().date_bounds)


def choices() -> catalog.Choices:
    return call(catalog.choices, engine())


@st.cache_resource(show_spinner=False, max_entries=4, ttl=3600)
def _checked(root: str, version: int | None) -> list[verify.Problem]:
    """The cheap part of verify (log, presence, sizes, footers): at start, on each new version, and hourly."""
    return verify.check(shared_engine().store, deep=False)


def store_problems() -> list[verify.Problem]:
    store = shared_engine().store
    return _checked(str(store.root), store.version())
