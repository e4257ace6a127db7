"""榜单: which accounts lead each platform in the period, by the platform's communication index,
and who rose, fell or entered the list since the period before, beside the lists others published.
Click an account to open it."""

import datetime as dt

import streamlit as st

from analytics.vocab import names, platforms
from ui import data, page, published, state
from ui.i18n import lang, pick

page.engine()
found = page.sections("rankings") if data.has_data() else []


def controls() -> None:
    """The period buttons and the platform picker: beside the options on a desktop, in 筛选/选项 on a phone."""
    first, last = data.bounds()
    end = state.link().filters.end or last
    quick = {pick("最近一周", "Last week"): 6, pick("最近四周", "Last 4 weeks"): 27, pick("最近一季", "Last quarter"): 90}
    for column, (label, days) in zip(st.columns(len(quick) + 2), quick.items()):
        if column.button(label, key=f"rank_quick_{days}", width="stretch"):
            start = end - dt.timedelta(days=days)
            state.request_filters(start=None if start <= first else start, end=None if end >= last else end)
    if found:
        present = [p for p in platforms.CODES if p in set(found[0].data["platform"])]
        board = state.link().option("board")
        current = lang()
        st.segmented_control(pick("平台", "Platform"), present, required=True,
                             format_func=lambda p: names.value("platform", p, current),
                             **state.bound("rankings_board", board if board in present else present[0],
                                           state.with_option("board")))


page.start("rankings", extra=controls if data.has_data() else None)
page.body("rankings", found)
published.section()
