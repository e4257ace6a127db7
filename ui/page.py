"""What every page starts with: the engine, the filters in force, a title and the data's cut-off."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from analytics import numbers, periods
from analytics.describe import filters_text
from analytics.filters import Filters
from analytics.query import Engine

from . import data, exporting
from .markup import plain
from .i18n import lang, pick, t

ENTRY = Path(__file__).resolve().parent.parent / "dashboard.py"


def context() -> tuple[Engine, Filters]:
    if getattr(PagesManager, "uses_pages_directory", False):
        # Until a process first calls st.navigation, Streamlit runs a URL's page straight from
        # pages/ (its old multipage mode), without the frame. Running the frame sets up filters and
        # navigation and renders this page through it; this outer run then ends.
        runpy.run_path(str(ENTRY), run_name="__main__")
        st.stop()
    return data.engine(), st.session_state["filters"]


def describe(f: Filters) -> str:
    """The filters in words, for captions and the presentation header."""
    return filters_text(f, data.bounds(), lang())


def header(key: str, question_zh: str, question_en: str) -> None:
    """Page title, the question it answers, and what the numbers cover."""
    _, f = context()
    title, tools = st.columns([6, 1], vertical_alignment="bottom")
    title.title(t(f"page_{key}"))
    with tools:
        exporting.menu(key)
    st.caption(f"{pick(question_zh, question_en)}  \n{plain(describe(f))} · "
               f"{t('data_cutoff', date=data.bounds()[1].isoformat(), version=data.engine().version())}")


def bucket_label(period, f: Filters) -> str:
    return periods.label(period, f.granularity, lang())


def fmt(value) -> str:
    return numbers.fmt(value, lang())
