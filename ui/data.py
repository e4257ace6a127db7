"""Cached access to the analytics engine for every session of the process, and error display."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from analytics import catalog, ingest
from analytics.errors import AnalyticsError
from analytics.query import Engine
from analytics.store import Store

from .i18n import lang

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """One engine (one DuckDB connection, one result cache) per process; results are keyed by the
    store version, so every session sees a new commit on its next rerun."""
    store = Store.open()
    ingest.ensure_seeded(store)
    return Engine(store)


def call(fn: Callable[..., T], *args, **kwargs) -> T:
    """Run an analytics call; a user-facing error is shown once and stops the page."""
    try:
        return fn(*args, **kwargs)
    except AnalyticsError as exc:
        st.error(exc.message(lang()))
        st.stop()
        raise  # st.stop raises; this keeps type checkers honest


def bounds() -> tuple[dt.date, dt.date]:
    return call(engine().date_bounds)


def dimensions():
    return call(catalog.dimensions, engine())
