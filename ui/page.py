"""A page on screen, drawn from its spec (analytics/pages/): title and question, the page's options,
then each section — cards, chart, takeaway, table — laid out in rows, columns or tabs."""

from __future__ import annotations

import runpy
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from analytics.output import inert
from analytics.output.describe import filters_text
from analytics.pages import render, selection
from analytics.pages.options import OPTIONS
from analytics.pages.registry import PAGES
from analytics.pages.selection import Select
from analytics.pages.spec import Card, Kind, Section
from analytics.query.engine import Engine
from analytics.vocab import names

from . import charts, data, device, exporting, nav, sidebar, state, tables
from .i18n import lang, pick, t

ENTRY = Path(__file__).resolve().parent.parent / "dashboard.py"


def engine() -> Engine:
    if getattr(PagesManager, "uses_pages_directory", False):
        # Until a process first calls st.navigation, Streamlit runs a URL's page straight from
        # pages/ (its old multipage mode), without the frame. Running the frame sets up filters and
        # navigation and renders this page through it; this outer run then ends.
        runpy.run_path(str(ENTRY), run_name="__main__")
        st.stop()
    return data.engine()


def header(key: str) -> None:
    """Page title, the question it answers, and what the numbers cover."""
    spec = PAGES[key]
    with st.container(key="page_head"):
        title, tools = st.columns([6, 1], vertical_alignment="bottom")
    title.title(spec.title(lang()))
    if not data.has_data():
        st.caption(spec.question(lang()))
        return
    with tools:
        exporting.menu(key)
    behind = data.call(data.engine().behind)
    if behind:
        st.info(pick(f"版本 {behind[0]} 的汇总表正在生成，暂时显示版本 {behind[1]} 的数字。",
                     f"Version {behind[0]}'s derived tables are being built; showing version {behind[1]}'s numbers meanwhile."),
                icon=":material/hourglass_top:")
    cutoff = t("data_cutoff", date=data.bounds()[1].isoformat(), version=data.engine().version())
    scope = data.engine().scope
    within = "" if scope.national else " · " + inert.markdown(pick(f"范围：{scope.describe('zh')}", f"scope: {scope.describe('en')}"))
    question = "" if device.phone() else f"{spec.question(lang())}  \n"  # a phone's first screen is for the chart
    st.caption(f"{question}{inert.markdown(filters_text(state.link().filters, data.bounds(), lang()))}{within} · {cutoff}")


def options(key: str) -> None:
    """The page's own choices (metric, split, top N…), drawn from and written to the Link."""
    spec = PAGES[key]
    link = state.link()
    current = lang()
    widgets = ([("metric", None)] if spec.metrics else []) + [(name, OPTIONS[name]) for name in spec.options
                                                               if not OPTIONS[name].by_page]
    if not widgets:
        return
    # Options share a row in quarters, so a lone number box is not stretched across the page.
    for column, (name, option) in zip(st.columns(max(4, len(widgets))), widgets):
        with column:
            if option is None:
                offered = list(spec.metrics)
                value = link.filters.metric if link.filters.metric in offered else offered[0]
                st.selectbox(t("metric"), offered, format_func=lambda m: names.value("metric", m, current),
                             **state.bound(f"{key}_metric", value,
                                           lambda lk, v: lk.with_(filters=lk.filters.with_(metric=v))))
            elif option.bounds:
                st.number_input(option.label(current), min_value=option.bounds[0], max_value=option.bounds[1], step=1,
                                **state.bound(f"{key}_{name}", int(link.option(name)), state.with_option(name)))
            elif option.choices == ("0", "1"):
                st.toggle(option.label(current),
                          **state.bound(f"{key}_{name}", link.option(name) == "1",
                                        lambda lk, v, n=name: lk.with_option(n, "1" if v else "0")))
            else:
                st.segmented_control(option.label(current), list(option.choices), required=True,
                                     format_func=lambda v, o=option: o.value_name(v, current),
                                     **state.bound(f"{key}_{name}", link.option(name), state.with_option(name)))


def sections(key: str) -> list[Section]:
    return data.call(render.sections, data.engine(), key, state.link())


def _cards(cards: list[Card], key: str) -> None:
    # Keyed so that a narrow screen lays the cards out two by two (ui/device.py's CSS).
    with st.container(key=f"kpis_{key}"):
        columns = st.columns(len(cards))
    for column, card in zip(columns, cards):
        neutral = card.delta == "±0"
        column.metric(card.label, card.value, card.delta, help=card.help or None, border=True,
                      delta_color="off" if neutral else "normal", delta_arrow="off" if neutral else "auto")


def _select(section: Section, event) -> None:
    present = set(section.data["province"]) if "province" in section.data else ()
    before = state.link()
    after, account = selection.apply(section.select, selection.points(event), before, present)
    if account:
        platform, _, account_id = account.partition(":")
        nav.open_account(platform, account_id)
    elif after != before:
        state.request(after)


def _table(section: Section, key: str, page: str) -> None:
    rows = section.rows()
    clickable = section.select is Select.ACCOUNT and {"platform", "account_id"} <= set(rows.columns)
    phone = device.phone()
    tallest = 300 if phone else 760 if section.layout.beside else 420
    clicked = tables.show(rows, section.columns, key=f"{key}_table", page=page, clickable=clickable,
                          height=min(40 + 35 * len(rows), tallest) if len(rows) else "auto",
                          prepared=section.labelled(lang()), visible=device.PHONE_TABLE_COLUMNS if phone else None)
    if clicked:
        row = rows.iloc[clicked[0]]
        nav.open_account(row["platform"], row["account_id"])


def _chart(section: Section, key: str, page: str) -> None:
    drawn = render.figure(data.engine(), page, state.link(), section, charts.theme(), charts.scale(), section.title)
    phone = device.phone()
    if phone:
        drawn = device.fit(drawn)
    event = charts.show(drawn, key=key, selectable=section.select is not None, toolbar=not phone)
    _select(section, event)
    if section.takeaway:
        st.markdown(f"**{inert.markdown(section.takeaway)}**")


def _section(section: Section, page: str) -> None:
    key = f"{page}_{section.key}"
    if section.kind is Kind.CARDS:
        if section.summary:
            st.header(inert.markdown(section.title))
            st.markdown(section.summary)
        _cards(section.cards or [], section.key)
    elif section.kind is Kind.TABLE and not section.layout.tab:
        st.subheader(inert.markdown(section.title))
    if section.summary and section.kind is not Kind.CARDS:
        st.markdown(section.summary)
    chart = section.figure is not None and section.kind is Kind.CHART
    if chart and section.layout.beside and section.columns:
        left, right = st.columns([2, 3])
        with left:
            _chart(section, key, page)
        with right:
            _table(section, key, page)
    else:
        if chart:
            _chart(section, key, page)
        if section.columns and chart and not section.layout.expanded:
            with st.expander(t("table"), expanded=False):
                _table(section, key, page)
        elif section.columns:
            _table(section, key, page)
    if section.caption:
        st.caption(section.caption)
    if section.notes and section.kind is Kind.CHART:
        with st.expander(section.notes_title or pick("计算方法", "How it is computed"), expanded=False):
            st.code(section.notes, language=None)


def draw(found: list[Section], page: str) -> None:
    """The sections in rows: side by side by width, or as tabs where they carry a tab label."""
    rows: dict[int, list[Section]] = {}
    for s in found:
        rows.setdefault(s.layout.row, []).append(s)
    for row in rows.values():
        if len(row) == 1:
            _section(row[0], page)
        elif all(s.layout.tab for s in row):
            for tab, s in zip(st.tabs([inert.markdown(s.title) for s in row]), row):
                with tab:
                    _section(s, page)
        else:
            for column, s in zip(st.columns([s.layout.width for s in row]), row):
                with column:
                    _section(s, page)


def start(key: str, extra: Callable[[], None] | None = None) -> None:
    """Title, question and the page's options (and `extra`, the page's own controls). On a phone the
    filters, the options and the page's controls fold into one 筛选/选项 control under the title."""
    engine()
    header(key)
    if not device.phone():
        options(key)
        if extra:
            extra()
        return
    if not data.has_data():
        return
    with st.popover(pick("筛选/选项", "Filters & options"), icon=":material/tune:", width="stretch"):
        options(key)
        if extra:
            extra()
        bounds = data.bounds()
        sidebar.controls(data.choices(), bounds, t("data_cutoff", date=bounds[1].isoformat(), version=data.engine().version()))


def body(key: str, found: list[Section] | None = None) -> None:
    found = sections(key) if found is None else found
    if not found and key == "content" and data.engine().posts_version() is None:
        st.info(pick("还没有作品数据：请分析员在“数据管理”页导入作品文件（每行一件作品）；导入后本页即显示热门作品、发布时段与关键词。",
                     "No posts yet: an analyst imports posts files (one row per post) on the Data page; this page then "
                     "shows top works, posting times and keywords."), icon=":material/inbox:")
        st.page_link(nav.SCRIPTS["data"], label=pick("前往数据管理", "Go to the Data page"), icon=":material/database:")
        return
    if not found:
        st.info(t("no_data"))
        return
    draw(found, key)


def show(key: str) -> None:
    """The whole page from its spec."""
    start(key)
    body(key)
