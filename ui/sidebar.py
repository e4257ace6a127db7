"""The shared filters in the sidebar: created in the entry script so they survive page switches. Each
widget is drawn from the session's Link and edits it (see ui/state.py)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics.query import catalog
from analytics.query.filters import DIMENSIONS, GRANULARITIES
from analytics.vocab import names, platforms, provinces, units

from . import state
from .i18n import lang, t


def _options(param: str, choices: catalog.Choices, chosen_provinces: tuple[str, ...]) -> list[str]:
    """The values a list filter offers: those present in the data, in the vocabulary's order."""
    present = set(choices.known[param])
    if param == "province":
        return [r.short for r in provinces.IN_SCOPE if r.short in present]
    if param == "platform":
        return [p for p in platforms.CODES if p in present]
    if param == "level":
        return [lv for lv in units.LEVELS if lv in present]
    if param == "city":
        return sorted({c for p in (chosen_provinces or choices.cities) for c in choices.cities.get(p, [])})
    return choices.sectors


def language() -> None:
    st.segmented_control(t("language"), ["zh", "en"], required=True, format_func={"zh": "中文", "en": "English"}.get,
                         **state.bound("w_lang", state.link().lang, lambda link, v: link.with_(lang=v or "zh")))


def controls(choices: catalog.Choices, bounds: tuple[dt.date, dt.date], version_note: str) -> None:
    """Language, presentation mode and the filters, in whatever container is current (the sidebar on a
    desktop, the page's 筛选/选项 control on a phone)."""
    current = lang()  # labels are fixed when the widgets are drawn, so a widget's labels never mix languages
    f = state.link().filters
    language()
    st.button(t("presentation"), on_click=state.edit, kwargs={"present": True, "slide": 1},
              icon=":material/slideshow:", key="start_presenting", width="stretch")
    st.subheader(t("filters"))
    for d in DIMENSIONS:
        options = _options(d.param, choices, f.provinces)
        chosen = [v for v in f.values(d) if v in options]
        st.multiselect(t(d.param), options, placeholder=t("all"),
                       format_func=lambda v, p=d.param: names.value(p, v, current),
                       **state.bound(f"f_{d.param}", chosen, state.with_filter(d.attr)))
    st.date_input(t("dates"), min_value=bounds[0], max_value=bounds[1], format="YYYY-MM-DD",
                  **state.bound("f_dates", state.dates(bounds), state.with_dates(bounds)))
    st.segmented_control(t("granularity"), GRANULARITIES, required=True,
                         format_func=lambda g: names.value("granularity", g, current),
                         **state.bound("f_granularity", f.granularity,
                                  lambda link, v: link.with_(filters=link.filters.with_(granularity=v or "month"))))
    st.button(t("reset"), on_click=state.reset_filters, icon=":material/restart_alt:", key="reset_filters",
              width="stretch")
    st.caption(version_note)


def render(choices: catalog.Choices, bounds: tuple[dt.date, dt.date], version_note: str) -> None:
    with st.sidebar:
        controls(choices, bounds, version_note)
