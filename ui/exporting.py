"""The export menu of every page: the page or the whole briefing as a 16:9 PPTX (built once for
everyone asking for the same file, queued with a visible place and progress), every chart as PNG
(1920×1080, 1280×720) or SVG, and every table of the page as one XLSX — all built from the page's
spec with the options in force, so a file shows what the screen shows."""

from __future__ import annotations

import streamlit as st

from analytics.actions import people
from analytics.errors import AnalyticsError
from analytics.output import builds, export, inert
from analytics.output.describe import slug
from analytics.pages import render
from analytics.pages.registry import BRIEFING, PAGES

from . import data, share, signin, state
from .charts import PRESENTATION_SCALE
from .i18n import lang, pick


def _name(page: str, ext: str, suffix: str = "") -> str:
    return export.file_name(page + suffix, slug(state.link().filters), ext, data.bounds()[1])


def audited(page: str, fmt: str, item: str = ""):
    """The download's click handler: one audit record of what was exported, with the view's filters."""
    return lambda: people.exported(signin.caller(), page=page, format=fmt, item=item, filters=slug(state.link().filters))


def _pptx(engine, pages: tuple[str, ...], link, language: str, progress: builds.Progress) -> bytes:
    """Built on an export worker, not in the reader's session: everything it needs is passed in."""
    decks = []
    for i, page in enumerate(pages, start=1):
        progress(0.3 * i / len(pages), f"汇总数据：{PAGES[page].zh}", f"Data: {PAGES[page].en}")
        decks.append(render.deck(engine, page, link, "light", PRESENTATION_SCALE))
    return export.pptx_bytes(decks, language, progress=lambda done, total: progress(
        0.3 + 0.7 * done / total, f"渲染第 {done}/{total} 页", f"Rendering slide {done}/{total}"))


def _request(pages: tuple[str, ...]):
    """The shared build of these pages for this view and reader: one per (data version, link, scope, language)."""
    engine, link, language = data.engine(), state.link(), lang()
    key = ("pptx", pages, engine.version(), link, engine.scope, language)
    return builds.shared().request(key, data.session(), lambda progress: _pptx(engine, pages, link, language, progress))


@st.fragment(run_every=1.0)
def _waiting(key: str) -> None:
    """A queued or running build's place and progress, redrawn each second until it is done."""
    build = builds.shared().get(st.session_state[key][1])
    if build is None or not build.unfinished:
        st.rerun()
    ahead = builds.shared().position(build)
    if build.state == "queued":
        st.info(pick(f"排队等待生成：前面还有 {ahead} 个导出", f"Waiting to be built: {ahead} export(s) ahead"),
                icon=":material/hourglass_top:")
    else:
        st.progress(build.fraction, text=pick(*build.step) or pick("正在生成 PPTX…", "Building the PPTX…"))


def _current(key: str):
    """What was prepared for the view on screen; nothing once the filters or options changed since."""
    prepared = st.session_state.get(key)
    return prepared[1] if prepared and prepared[0] == state.link() else None


def menu(page: str) -> None:
    with st.popover(pick("导出", "Export"), icon=":material/ios_share:"):
        if page != "data":
            share.code(page, size=160)
            st.divider()
        for label, pages, tag in ((pick("本页 PPTX", "This page as PPTX"), (page,), "page"),
                                  (pick("整套简报 PPTX（总览、趋势、平台、增长、榜单、合规）",
                                        "Whole briefing as PPTX (overview, trends, mix, growth, rankings, compliance)"),
                                   BRIEFING, "briefing")):
            key = f"export_{tag}_{page}"
            if page == "data" and tag == "page":
                continue
            if st.button(label, key=key, icon=":material/slideshow:", width="stretch"):
                try:
                    st.session_state[f"{key}_bytes"] = (state.link(), _request(pages).key)
                except AnalyticsError as exc:
                    st.warning(exc.message(lang()))
            wanted = _current(f"{key}_bytes")
            build = builds.shared().get(wanted) if wanted is not None else None
            if build is not None and build.unfinished:
                _waiting(f"{key}_bytes")
            elif build is not None and build.state == "failed":
                st.warning(pick(*build.error))
            elif build is not None and build.result is not None:
                st.download_button(pick("下载 PPTX", "Download PPTX"), build.result,
                                   file_name=_name(page if tag == "page" else "briefing", "pptx"), key=f"{key}_dl",
                                   mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                                   icon=":material/download:", on_click=audited(page, "pptx", tag))
        if page == "data":
            return
        st.download_button(pick("本页全部表格 XLSX", "All tables of this page as XLSX"),
                           lambda: export.xlsx_bytes(render.sheets(
                               page, render.sections(data.engine(), page, state.link()), lang())),
                           file_name=_name(page, "xlsx"), key=f"export_xlsx_{page}", icon=":material/table:",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", width="stretch",
                           on_click=audited(page, "xlsx"))
        if st.button(pick("准备图表图片（PNG / SVG）", "Prepare chart images (PNG / SVG)"), key=f"export_images_{page}",
                     icon=":material/image:", width="stretch"):
            st.session_state[f"export_slides_{page}"] = (state.link(), render.deck(
                data.engine(), page, state.link(), "light", PRESENTATION_SCALE).slides)
        for i, slide in enumerate(_current(f"export_slides_{page}") or [], start=1):
            st.caption(f"{i}. {inert.markdown(slide.title)}")
            a, b, c = st.columns(3)
            figure = slide.figure
            a.download_button("PNG 1920×1080", lambda fig=figure: export.image(fig, "png", "1080p"),
                              file_name=_name(page, "png", f"-{i}-1080p"), mime="image/png", key=f"png1080_{page}_{i}",
                              on_click=audited(page, "png", f"chart {i} 1080p"))
            b.download_button("PNG 1280×720", lambda fig=figure: export.image(fig, "png", "720p"),
                              file_name=_name(page, "png", f"-{i}-720p"), mime="image/png", key=f"png720_{page}_{i}",
                              on_click=audited(page, "png", f"chart {i} 720p"))
            c.download_button("SVG", lambda fig=figure: export.image(fig, "svg", "1080p"),
                              file_name=_name(page, "svg", f"-{i}"), mime="image/svg+xml", key=f"svg_{page}_{i}",
                              on_click=audited(page, "svg", f"chart {i}"))
