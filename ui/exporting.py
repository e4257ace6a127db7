"""The export menu of every page: the page or the whole briefing as a 16:9 PPTX (with progress),
and each chart as PNG (1920×1080, 1280×720) or SVG, rendered offline on the server."""

from __future__ import annotations

import streamlit as st

from analytics import deck, export
from analytics.describe import slug

from . import data
from .i18n import lang, pick
from .markup import plain

PRESENTATION_SCALE = 1.35  # exported slides are read on a projector


def _context() -> deck.Context:
    return deck.Context(data.engine(), st.session_state["filters"], lang(), "light", PRESENTATION_SCALE,
                        st.session_state.get("account"))


def _name(page: str, ext: str, suffix: str = "") -> str:
    return export.file_name(page + suffix, slug(st.session_state["filters"]), ext, data.bounds()[1])


def _build_pptx(pages: tuple[str, ...]) -> bytes:
    with st.status(pick("正在生成 PPTX…", "Building the PPTX…"), expanded=True) as status:
        bar = st.progress(0.0)
        context = _context()
        decks = []
        for i, page in enumerate(pages, start=1):
            bar.progress(0.3 * i / len(pages), text=pick(f"汇总数据：{deck.PAGE_TITLES[page][0]}", f"Data: {page}"))
            decks.append(deck.build(page, context))
        result = export.pptx_bytes(decks, lang(), progress=lambda done, total: bar.progress(
            0.3 + 0.7 * done / total, text=pick(f"渲染第 {done}/{total} 页", f"Rendering slide {done}/{total}")))
        status.update(label=pick("PPTX 已生成", "PPTX ready"), state="complete", expanded=False)
    return result


def menu(page: str) -> None:
    with st.popover(pick("导出", "Export"), icon=":material/ios_share:"):
        for label, pages, tag in ((pick("本页 PPTX", "This page as PPTX"), (page,), "page"),
                                  (pick("整套简报 PPTX（总览、趋势、平台、增长、榜单、合规）",
                                        "Whole briefing as PPTX (overview, trends, mix, growth, rankings, compliance)"),
                                   deck.BRIEFING, "briefing")):
            key = f"export_{tag}_{page}"
            if page == "data" and tag == "page":
                continue
            if st.button(label, key=key, icon=":material/slideshow:", width="stretch"):
                st.session_state[f"{key}_bytes"] = _build_pptx(pages)
            if st.session_state.get(f"{key}_bytes"):
                st.download_button(pick("下载 PPTX", "Download PPTX"), st.session_state[f"{key}_bytes"],
                                   file_name=_name(page if tag == "page" else "briefing", "pptx"), key=f"{key}_dl",
                                   mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                                   icon=":material/download:")
        if page == "data":
            return
        if st.button(pick("准备图表图片（PNG / SVG）", "Prepare chart images (PNG / SVG)"), key=f"export_images_{page}",
                     icon=":material/image:", width="stretch"):
            st.session_state[f"export_slides_{page}"] = deck.build(page, _context()).slides
        for i, slide in enumerate(st.session_state.get(f"export_slides_{page}", []), start=1):
            st.caption(f"{i}. {plain(slide.title)}")
            a, b, c = st.columns(3)
            figure = slide.figure
            a.download_button("PNG 1920×1080", lambda fig=figure: export.image(fig, "png", "1080p"),
                              file_name=_name(page, "png", f"-{i}-1080p"), mime="image/png", key=f"png1080_{page}_{i}")
            b.download_button("PNG 1280×720", lambda fig=figure: export.image(fig, "png", "720p"),
                              file_name=_name(page, "png", f"-{i}-720p"), mime="image/png", key=f"png720_{page}_{i}")
            c.download_button("SVG", lambda fig=figure: export.image(fig, "svg", "1080p"),
                              file_name=_name(page, "svg", f"-{i}"), mime="image/svg+xml", key=f"svg_{page}_{i}")
