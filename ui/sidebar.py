"""The shared filters in the sidebar: created in the entry script so they survive page switches."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics import catalog, platforms, regions, vocab
from analytics.filters import GRANULARITIES, GRANULARITY_NAMES

from . import state
from .i18n import lang, t


def _keep_valid(key: str, options: list[str]) -> None:
    # A value that is no longer offered (a city after its province was deselected) would make
    # Streamlit raise; drop it before the widget is drawn.
    st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options]


def _reset(bounds: tuple[dt.date, dt.date]) -> None:
    state.reset_filters(bounds)


def render(dims, bounds: tuple[dt.date, dt.date], version_note: str) -> None:
    # Labels are fixed when the widgets are drawn, so a widget's labels never mix languages.
    current = lang()
    en = current == "en"
    with st.sidebar:
        st.segmented_control(t("language"), ["zh", "en"], key="w_lang", default=current, required=True,
                             format_func={"zh": "中文", "en": "English"}.get)
        st.button("演示模式" if not en else "Presentation mode", on_click=st.session_state.update,
                  kwargs={"present": True, "slide": 1}, icon=":material/slideshow:", key="start_presenting",
                  width="stretch")
        st.subheader(t("filters"))
        present = set(dims["province"])
        province_options = [r.short for r in regions.IN_SCOPE if r.short in present]
        _keep_valid("f_province", province_options)
        st.multiselect(t("province"), province_options, key="f_province", placeholder=t("all"),
                       format_func=lambda s: regions.name(s, current))
        by_province = catalog.cities_by_province(dims)
        chosen = st.session_state["f_province"] or list(by_province)
        city_options = sorted({c for p in chosen for c in by_province.get(p, [])})
        _keep_valid("f_city", city_options)
        st.multiselect(t("city"), city_options, key="f_city", placeholder=t("all"))
        platform_options = [p for p in platforms.CODES if p in set(dims["platform"])]
        _keep_valid("f_platform", platform_options)
        st.multiselect(t("platform"), platform_options, key="f_platform", placeholder=t("all"),
                       format_func=lambda p: platforms.name(p, current))
        sector_options = catalog.sectors(dims)
        _keep_valid("f_sector", sector_options)
        st.multiselect(t("sector"), sector_options, key="f_sector", placeholder=t("all"),
                       format_func=lambda s: vocab.sector_name(s, current))
        level_options = [lv for lv in vocab.LEVELS if lv in set(dims["level"].dropna())]
        _keep_valid("f_level", level_options)
        st.multiselect(t("level"), level_options, key="f_level", placeholder=t("all"),
                       format_func=lambda lv: vocab.level_name(lv, current))
        st.date_input(t("dates"), key="f_dates", min_value=bounds[0], max_value=bounds[1], format="YYYY-MM-DD")
        st.segmented_control(t("granularity"), GRANULARITIES, key="w_f_granularity", required=True,
                             default=st.session_state.get("f_granularity") or "month",
                             format_func=lambda g: GRANULARITY_NAMES[g][1 if en else 0])
        st.button(t("reset"), on_click=_reset, args=(bounds,), icon=":material/restart_alt:", width="stretch")
        st.caption(version_note)
