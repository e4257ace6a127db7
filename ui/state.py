"""The session's view and the URL. The link is read once, on a session's first run, into one `Link`
value; widgets are drawn from that value and a change edits it; the URL is written from it once per
run. Nothing flows back from the URL after the first run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import streamlit as st

from analytics.pages.link import LANGS, Link
from analytics.pages.options import OPTIONS
from analytics.pages.registry import PAGES
from analytics.query.filters import Filters

KEY = "link"


def _query() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def loaded() -> bool:
    return KEY in st.session_state


def link() -> Link:
    return st.session_state.get(KEY) or Link()


def set_link(new: Link) -> None:
    st.session_state[KEY] = new


def url_lang() -> str:
    """The language before the link is parsed (navigation titles are drawn first)."""
    if loaded():
        return link().lang
    raw = (_query().get("lang") or ["zh"])[0].strip().lower()
    return raw if raw in LANGS else "zh"


def load_once(known: Mapping[str, Iterable[str]] | None) -> None:
    """Parse the link on the session's first run; invalid values become warnings for the page."""
    if loaded():
        return
    parsed, warnings = Link.parse(_query(), tuple(OPTIONS), known)
    set_link(parsed)
    st.session_state["_url_warnings"] = warnings


def write_url(page: str) -> None:
    """The URL for what this run shows: written once, from the Link."""
    spec = PAGES.get(page)
    desired = link().to_query(spec.options if spec else (), page)
    if desired != _query():
        st.query_params.from_dict(desired)


def edit(**changes: Any) -> None:
    set_link(link().with_(**changes))


def request(new: Link) -> None:
    """A change made while the page is drawn (a click on a chart): it takes effect on an immediate rerun,
    so the URL, written once per run, says what is shown."""
    set_link(new)
    st.rerun()


def request_filters(**changes: Any) -> None:
    request(link().with_(filters=link().filters.with_(**changes)))


def _changed(key: str, apply: Callable[[Link, Any], Link]) -> None:
    value = st.session_state[key]
    if isinstance(value, tuple) and len(value) == 1:
        return  # a date range half picked: wait for its end
    set_link(apply(link(), value))


def bound(key: str, value: Any, apply: Callable[[Link, Any], Link]) -> dict[str, Any]:
    """Keyword arguments that bind a widget to the Link: its value is drawn from the Link on every run (so
    it survives page switches) and a change edits the Link. A date range half picked is left alone."""
    current = st.session_state.get(key)
    if not (isinstance(current, tuple) and len(current) == 1):
        st.session_state[key] = value
    return {"key": key, "on_change": _changed, "args": (key, apply)}


def dates(bounds: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The filters' range within the data's bounds (a range the data no longer reaches is clamped)."""
    f = link().filters
    start = min(max(f.start or bounds[0], bounds[0]), bounds[1])
    end = max(min(f.end or bounds[1], bounds[1]), start)
    return start, end


def with_dates(bounds: tuple[dt.date, dt.date]) -> Callable[[Link, Any], Link]:
    """A picked range; a range reaching the data's first or last date keeps following it as data arrives."""
    def apply(current: Link, value: Any) -> Link:
        start, end = value
        return current.with_(filters=current.filters.with_(start=None if start <= bounds[0] else start,
                                                           end=None if end >= bounds[1] else end))
    return apply


def with_filter(attr: str) -> Callable[[Link, Any], Link]:
    def apply(current: Link, value: Any) -> Link:
        return current.with_(filters=current.filters.with_(**{attr: tuple(value) if isinstance(value, list) else value}))
    return apply


def with_option(name: str) -> Callable[[Link, Any], Link]:
    def apply(current: Link, value: Any) -> Link:
        return current.with_option(name, str(OPTIONS[name].default if value is None else value))
    return apply


def reset_filters() -> None:
    edit(filters=Filters())
