"""What every page starts with: the engine, the filters in force, a title and the data's cut-off."""

from __future__ import annotations

import streamlit as st

from analytics import numbers, periods
from analytics.describe import filters_text
from analytics.filters import Filters
from analytics.query import Engine

from . import data, exporting
from .i18n import lang, pick, t


def context() -> tuple[Engine, Filters]:
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
    st.caption(f"{pick(question_zh, question_en)}  \n{describe(f)} · "
               f"{t('data_cutoff', date=data.bounds()[1].isoformat(), version=data.engine().version())}")


def bucket_label(period, f: Filters) -> str:
    return periods.label(period, f.granularity, lang())


def fmt(value) -> str:
    return numbers.fmt(value, lang())
