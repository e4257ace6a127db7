"""Presentation mode: no sidebar or chrome, large type, one chart per 16:9 screen, previous/next
(arrow keys too), a header saying what the audience sees; the URL reopens the same slide."""

from __future__ import annotations

from html import escape

import streamlit as st

from analytics import deck

from . import charts, data
from .i18n import lang, pick

_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1.2rem !important; max-width: 100% !important; }
.present-header { font-size: 1.15rem; opacity: .75; margin-bottom: .3rem; }
.present-title { font-size: 2.6rem; font-weight: 700; line-height: 1.2; margin: 0 0 .4rem 0; }
.present-takeaway { font-size: 1.7rem; font-weight: 500; margin-top: .2rem; }
.present-counter { font-size: 1.4rem; text-align: center; padding-top: .35rem; }
</style>
"""
_DARK = """
<style>
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] { background: #0E1117 !important; color: #E5E7EB !important; }
.stApp p, .stApp div, .stApp span { color: #E5E7EB; }
.stApp button { background: #1A1D24 !important; color: #E5E7EB !important; border-color: #2D3340 !important; }
.stApp button:disabled { opacity: .4; }
</style>
"""


def slide_number(total: int) -> int:
    try:
        n = int(str(st.session_state.get("slide", 1)))
    except ValueError:
        n = 1
    return min(max(n, 1), max(total, 1))


def _go(n: int) -> None:
    st.session_state["slide"] = n


def _exit() -> None:
    st.session_state["present"] = False
    st.session_state.pop("slide", None)


def render(page_key: str) -> None:
    theme = "dark" if st.session_state.get("theme") == "dark" else "light"
    st.markdown(_CSS + (_DARK if theme == "dark" else ""), unsafe_allow_html=True)
    context = deck.Context(data.engine(), st.session_state["filters"], lang(), theme, charts.scale(),
                           st.session_state.get("account"))
    d = data.call(deck.build, page_key, context)
    if not d.slides:
        st.info(pick("本页没有可演示的图表。", "This page has no charts to present."))
        st.button(pick("退出演示", "Exit presentation"), on_click=_exit, icon=":material/close:")
        return
    n = slide_number(len(d.slides))
    st.session_state["slide"] = n
    slide = d.slides[n - 1]
    cutoff = pick(f"数据截至 {d.cutoff} · 版本 {d.version}", f"Data to {d.cutoff} · version {d.version}")
    # Titles, filters and takeaways carry data (account names, cities): escaped before going into HTML.
    st.markdown(f'<div class="present-header">{escape(d.title)} · {escape(d.filters)} · {escape(cutoff)}</div>'
                f'<div class="present-title">{escape(slide.title)}</div>', unsafe_allow_html=True)
    figure = slide.figure
    figure.update_layout(height=760)
    charts.show(figure, key=f"present_{page_key}_{n}")
    if slide.takeaway:
        st.markdown(f'<div class="present-takeaway">{escape(slide.takeaway)}</div>', unsafe_allow_html=True)
    prev, counter, nxt, mode, leave = st.columns([2, 1, 2, 1.4, 1.4])
    prev.button(pick("◀ 上一页", "◀ Previous"), on_click=_go, args=(n - 1,), disabled=n <= 1, shortcut="Left",
                key="present_prev", width="stretch")
    counter.markdown(f'<div class="present-counter">{n} / {len(d.slides)}</div>', unsafe_allow_html=True)
    nxt.button(pick("下一页 ▶", "Next ▶"), on_click=_go, args=(n + 1,), disabled=n >= len(d.slides), shortcut="Right",
               key="present_next", width="stretch")
    other = "light" if theme == "dark" else "dark"
    mode.button(pick("浅色", "Light") if other == "light" else pick("深色", "Dark"),
                on_click=lambda: st.session_state.update(theme=other), key="present_theme", width="stretch",
                icon=":material/contrast:")
    leave.button(pick("退出演示", "Exit"), on_click=_exit, icon=":material/close:", key="present_exit", width="stretch")
