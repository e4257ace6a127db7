"""What every page starts with: the engine, the filters in force, a title and the data's cut-off."""

from __future__ import annotations

import streamlit as st

from analytics import numbers, periods, platforms, regions, vocab
from analytics.filters import Filters
from analytics.query import Engine

from . import data
from .i18n import lang, pick, t


def context() -> tuple[Engine, Filters]:
    return data.engine(), st.session_state["filters"]


def describe(f: Filters) -> str:
    """The filters in words, for captions, exports and the presentation header."""
    en = lang() == "en"
    parts = []
    if f.provinces:
        parts.append("、".join(regions.name(p, lang()) for p in f.provinces) if not en else ", ".join(regions.name(p, "en") for p in f.provinces))
    if f.cities:
        parts.append(("、" if not en else ", ").join(f.cities))
    if f.platforms:
        parts.append(("、" if not en else ", ").join(platforms.name(p, lang()) for p in f.platforms))
    if f.sectors:
        parts.append(("、" if not en else ", ").join(vocab.sector_name(s, lang()) for s in f.sectors))
    if f.levels:
        parts.append(("、" if not en else ", ").join(vocab.level_name(lv, lang()) for lv in f.levels))
    first, last = data.bounds()
    start, end = f.start or first, f.end or last
    parts.append(f"{start.isoformat()} – {end.isoformat()}")
    if not parts[:-1]:
        parts.insert(0, pick("全部地区、平台", "All regions and platforms"))
    return " · ".join(parts)


def header(key: str, question_zh: str, question_en: str) -> None:
    """Page title, the question it answers, and what the numbers cover."""
    _, f = context()
    st.title(t(f"page_{key}"))
    st.caption(f"{pick(question_zh, question_en)}  \n{describe(f)} · "
               f"{t('data_cutoff', date=data.bounds()[1].isoformat(), version=data.engine().version())}")


def bucket_label(period, f: Filters) -> str:
    return periods.label(period, f.granularity, lang())


def fmt(value) -> str:
    return numbers.fmt(value, lang())
