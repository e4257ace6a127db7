"""Session state and the URL: filters and page parameters are read from the link once per session
and written back after every run, so a copied link reopens the same view."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics import catalog
from analytics.filters import Filters, FilterWarning

LIST_KEYS = {"province": "f_province", "city": "f_city", "platform": "f_platform", "sector": "f_sector", "level": "f_level"}
# Single-choice widgets (key w_<name>) keep their value in <name>: a page's widget is forgotten when
# the page is left, and the value must outlive it.
PERSISTED = ("metric", "split", "top_n", "rank_platform", "lang", "f_granularity")
TRUE = ("1", "true", "yes", "on")


def _query() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def load_url_once(dims, bounds: tuple[dt.date, dt.date]) -> None:
    """Seed the session from the link on its first run; invalid values become warnings."""
    if st.session_state.get("_url_loaded"):
        return
    q = _query()
    f, warnings = Filters.from_query(q, cities={c for cs in catalog.cities_by_province(dims).values() for c in cs},
                                     sectors=catalog.sectors(dims))
    for name, key in LIST_KEYS.items():
        st.session_state[key] = list(getattr(f, name + "s" if name != "city" else "cities"))
    start = min(max(f.start or bounds[0], bounds[0]), bounds[1])
    end = max(min(f.end or bounds[1], bounds[1]), start)
    st.session_state["f_dates"] = (start, end)
    st.session_state["f_granularity"] = f.granularity
    for name in ("f_granularity", "lang", "metric"):
        st.session_state.pop(f"w_{name}", None)
    st.session_state["metric"] = f.metric
    raw_lang = (q.get("lang") or ["zh"])[0]
    if raw_lang not in ("zh", "en"):
        warnings.append(FilterWarning(f"已忽略无法识别的语言：{raw_lang[:20]!r}", f"ignored unknown lang: {raw_lang[:20]!r}"))
    st.session_state["lang"] = raw_lang if raw_lang in ("zh", "en") else "zh"
    st.session_state["present"] = (q.get("present") or [""])[0].lower() in TRUE
    for name in ("account", "slide", "theme"):
        if q.get(name):
            st.session_state[name] = q[name][0][:200]
    st.session_state["_url_warnings"] = warnings
    st.session_state["_url_loaded"] = True


def follow_bounds(bounds: tuple[dt.date, dt.date]) -> None:
    """When a commit extends the data, a range that ran to the old last date runs to the new one;
    a range the user narrowed stays as chosen."""
    old = st.session_state.get("f_bounds")
    st.session_state["f_bounds"] = bounds
    dates = st.session_state.get("f_dates")
    if old is None or old == bounds or not dates or len(dates) < 2:
        return
    start, end = dates
    start = bounds[0] if start <= old[0] else max(start, bounds[0])
    end = bounds[1] if end >= old[1] else min(end, bounds[1])
    st.session_state["f_dates"] = (min(start, end), end)


def apply_pending() -> None:
    """Changes requested by a click (a platform in a chart, a tile on the map) land before the
    sidebar widgets exist, since Streamlit forbids changing a widget's value after it is drawn."""
    pending = st.session_state.pop("_pending", None)
    if pending:
        for key, value in pending.items():
            st.session_state[key] = value


def request(**changes) -> None:
    st.session_state["_pending"] = changes
    st.rerun()


def persist_widgets() -> None:
    for name in PERSISTED:
        value = st.session_state.get(f"w_{name}")
        if value is not None:
            st.session_state[name] = value


def filters(bounds: tuple[dt.date, dt.date]) -> Filters:
    dates = st.session_state.get("f_dates") or bounds
    if isinstance(dates, dt.date):
        dates = (dates,)
    # While a range is being picked the widget holds only its first date.
    start, end = dates[0], dates[1] if len(dates) > 1 else bounds[1]
    return Filters(
        start=None if start <= bounds[0] else start, end=None if end >= bounds[1] else end,
        provinces=tuple(st.session_state.get("f_province", ())), cities=tuple(st.session_state.get("f_city", ())),
        platforms=tuple(st.session_state.get("f_platform", ())), sectors=tuple(st.session_state.get("f_sector", ())),
        levels=tuple(st.session_state.get("f_level", ())),
        granularity=st.session_state.get("f_granularity") or "month",
        metric=st.session_state.get("metric", Filters.metric),
    )


def write_url(f: Filters, page: str | None = None) -> None:
    desired = f.to_query()
    if st.session_state.get("lang") == "en":
        desired["lang"] = ["en"]
    if st.session_state.get("present"):
        desired["present"] = ["1"]
        if st.session_state.get("slide"):
            desired["slide"] = [str(st.session_state["slide"])]
        if st.session_state.get("theme") == "dark":
            desired["theme"] = ["dark"]
    if page == "account" and st.session_state.get("account"):
        desired["account"] = [st.session_state["account"]]
    if desired != _query():
        st.query_params.from_dict(desired)


def reset_filters(bounds: tuple[dt.date, dt.date]) -> None:
    for key in LIST_KEYS.values():
        st.session_state[key] = []
    st.session_state["f_dates"] = bounds
    st.session_state["f_granularity"] = "month"
    st.session_state["metric"] = Filters.metric
    for name in ("f_granularity", "metric"):
        st.session_state.pop(f"w_{name}", None)
