"""Presentation mode: no sidebar or chrome, large type, one chart per 16:9 screen, previous/next
(arrow keys too), a header saying what the audience sees; the URL reopens the same slide. The slides
are the sections of the page's spec, so they show what the page shows; only the shown one is drawn."""

from __future__ import annotations

import streamlit as st

from analytics.output import inert
from analytics.output.describe import filters_text
from analytics.pages import render
from analytics.pages.registry import PAGES

from . import charts, data, share, state
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


def _exit() -> None:
    state.edit(present=False, slide=1)


def render_page(page_key: str) -> None:
    link = state.link()
    theme = link.theme
    st.markdown(_CSS + (_DARK if theme == "dark" else ""), unsafe_allow_html=True)
    slides = render.on_slides(data.call(render.sections, data.engine(), page_key, link))
    if not slides:
        st.info(pick("本页没有可演示的图表。", "This page has no charts to present."))
        st.button(pick("退出演示", "Exit presentation"), on_click=_exit, icon=":material/close:")
        return
    n = min(max(link.slide, 1), len(slides))
    if n != link.slide:  # a link past the last slide opens the last one, and says so in its URL
        state.edit(slide=n)
        st.rerun()
    shown = slides[n - 1]
    bounds = data.bounds()
    cutoff = pick(f"数据截至 {bounds[1]} · 版本 {data.engine().version()}", f"Data to {bounds[1]} · version {data.engine().version()}")
    words = filters_text(link.filters, bounds, lang())
    # Titles, filters and takeaways carry data (account names, cities): escaped before going into HTML.
    heading, code = st.columns([5, 1], vertical_alignment="top")
    heading.markdown(f'<div class="present-header">{inert.html(PAGES[page_key].title(lang()))} · {inert.html(words)} · '
                     f'{inert.html(cutoff)}</div><div class="present-title">{inert.html(shown.title)}</div>', unsafe_allow_html=True)
    with code:  # the room scans the slide on screen into their phones
        share.corner(page_key)
    figure = render.figure(data.engine(), page_key, link, shown, theme, charts.scale(), "", height=700)
    charts.show(figure, key=f"present_{page_key}_{n}")
    if shown.takeaway:
        st.markdown(f'<div class="present-takeaway">{inert.html(shown.takeaway)}</div>', unsafe_allow_html=True)
    prev, counter, nxt, mode, leave = st.columns([2, 1, 2, 1.4, 1.4])
    prev.button(pick("◀ 上一页", "◀ Previous"), on_click=state.edit, kwargs={"slide": n - 1}, disabled=n <= 1,
                shortcut="Left", key="present_prev", width="stretch")
    counter.markdown(f'<div class="present-counter">{inert.html(f"{n} / {len(slides)}")}</div>', unsafe_allow_html=True)
    nxt.button(pick("下一页 ▶", "Next ▶"), on_click=state.edit, kwargs={"slide": n + 1}, disabled=n >= len(slides),
               shortcut="Right", key="present_next", width="stretch")
    other = "light" if theme == "dark" else "dark"
    mode.button(pick("浅色", "Light") if other == "light" else pick("深色", "Dark"), on_click=state.edit,
                kwargs={"theme": other}, key="present_theme", width="stretch", icon=":material/contrast:")
    leave.button(pick("退出演示", "Exit"), on_click=_exit, icon=":material/close:", key="present_exit", width="stretch")
