"""The link of the view on screen — page, filters, page options, language (and the slide in presentation
mode) — and its QR code, so a room can follow a briefing on their phones. The base address is the
GOVMEDIA_PUBLIC_URL setting, else the address this browser used. The code is drawn here (segno, SVG as a
data URI): no other host is contacted."""

from __future__ import annotations

from urllib.parse import unquote, urlencode, urlsplit

import segno
import streamlit as st

from analytics import settings
from analytics.output import inert
from analytics.pages.registry import PAGES

from . import state
from .i18n import pick

ALT = "二维码 / QR code"


def base_url() -> str:
    configured = settings.public_url()
    if configured:
        return configured
    parts = urlsplit(st.context.url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{parts.scheme}://{parts.netloc}" + (f"/{prefix}" if prefix else "")


def view_url(page: str) -> str:
    spec = PAGES.get(page)
    query = state.link().to_query(spec.options if spec else (), page)
    tail = f"?{urlencode(query, doseq=True)}" if query else ""
    return f"{base_url()}/{page}{tail}"


def qr_data_uri(url: str) -> str:
    """The QR code as an SVG data URI: dark modules on white with the quiet zone a phone camera needs."""
    return segno.make(url, error="m", micro=False).svg_data_uri(border=4, dark="#000000", light="#FFFFFF", omitsize=True)


def _image(url: str, size: int) -> str:
    return (f'<img class="share-qr" src="{qr_data_uri(url)}" alt="{ALT}" title="{ALT}" width="{size}" height="{size}" '
            f'style="image-rendering: pixelated; background: #fff; padding: 4px;">')


def readable(url: str) -> str:
    """The link as people read it: Chinese filter values unescaped (browsers accept either form)."""
    return unquote(url)


def code(page: str, size: int = 180) -> None:
    """The QR code of the view and its link beside it as text."""
    url = view_url(page)
    image, text = st.columns([1, 2], vertical_alignment="center")
    # Our own markup around a data URI made here; the URL's text goes out through st.code, which formats nothing.
    with image:
        st.html(_image(url, size))
    with text:
        st.caption(pick("用微信扫码，在手机上打开同一视图：", "Scan with WeChat to open the same view on a phone:"))
        st.code(inert.line(readable(url)), language=None, wrap_lines=True)


def corner(page: str, size: int = 120) -> None:
    """The QR code with its link in small type under it, for a slide's corner."""
    url = view_url(page)
    st.html(f'<div style="text-align:right">{_image(url, size)}<div class="share-link" style="font-size:11px; '
            f'line-height:1.25; opacity:.75; word-break:break-all; text-align:left">{inert.html(readable(url))}</div></div>')
