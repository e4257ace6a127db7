"""Untrusted text (account names, agencies, cities, sectors, file names, URL values) made inert, one
helper per medium. The policy is the same everywhere: text stays on one line (newlines and other
control characters become spaces), bidirectional controls that could disguise a name are shown as
visible marks (⟦U+202E⟧), and nothing formats, links, loads or runs: no Markdown, no HTML or Plotly
markup, no auto-linked web or e-mail address."""

from __future__ import annotations

import html as _html
import re
from typing import Any

import plotly.graph_objects as go

BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f\u2028\u2029]+")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&@\"'])")
# GFM turns scheme://…, www.… and user@host into links even when escaped; a word joiner (invisible,
# zero width) after these marks breaks the pattern without changing what people read.
_AUTOLINK = re.compile(r"(:|@|www)", re.I)
WORD_JOINER = "\u2060"
# Trace properties that carry data into a chart's text (categories, labels, hover values, names).
_TRACE_TEXT = ("x", "y", "z", "labels", "parents", "ids", "text", "customdata", "name", "legendgroup", "hovertext")


def line(text: object) -> str:
    """The one-line, bidi-safe form of untrusted text, before any medium's escaping."""
    s = "" if text is None else str(text)
    s = BIDI.sub(lambda m: f"⟦U+{ord(m.group()):04X}⟧", s)
    return CONTROL.sub(" ", s).strip()


_WEB = re.compile(r"^https?://[^\s\x00-\x1f\x7f\\\"'<>`]+$", re.I)


def web_address(text: object) -> str:
    """A link's target: an http(s) address without spaces, quotes or angle brackets, else nothing
    (a javascript:, data: or file: target never reaches a link)."""
    s = line(text)
    return s if _WEB.match(s) else ""


def markdown(text: object) -> str:
    """For st.markdown, st.caption, st.warning and every other element that renders Markdown."""
    escaped = _MARKDOWN.sub(r"\\\1", line(text))
    return _AUTOLINK.sub(lambda m: m.group() + WORD_JOINER, escaped)


_ROBOT = str.maketrans({"[": "［", "]": "］", "(": "（", ")": "）", "<": "＜", ">": "＞", "*": "＊", "_": "＿",
                        "`": "｀", "#": "＃", "~": "～", "|": "｜", "\\": "＼"})


def robot(text: object) -> str:
    """For the markdown of 企业微信/钉钉 robots, which have no escape character: marks that would format or
    link are shown in their full-width form, and addresses are broken as for Markdown."""
    return _AUTOLINK.sub(lambda m: m.group() + WORD_JOINER, line(text).translate(_ROBOT))


def html(text: object) -> str:
    """For HTML we write ourselves (presentation mode)."""
    return _html.escape(line(text), quote=True)


def plotly(text: object) -> str:
    """For Plotly, which reads <b>, <a href>, <span style>, <br> and entities in every text it draws."""
    return _html.escape(line(text), quote=False)


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return plotly(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_value(v) for v in value)
    return value


def figure(fig: go.Figure) -> go.Figure:
    """Every string a trace carries as data, and the title, made inert. Our own formatting lives only in
    templates (hovertemplate, texttemplate), which are left as they are."""
    for trace in fig.data:
        for prop in _TRACE_TEXT:
            value = getattr(trace, prop, None) if prop in trace else None
            if value is None:
                continue
            if isinstance(value, str):
                trace[prop] = plotly(value)
            elif hasattr(value, "dtype") and value.dtype.kind not in "OUS":
                continue
            else:
                trace[prop] = [_value(v) for v in (value.tolist() if hasattr(value, "tolist") else value)]
    if fig.layout.title and fig.layout.title.text:
        fig.layout.title.text = plotly(fig.layout.title.text)
    return fig
