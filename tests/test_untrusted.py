"""Untrusted text is inert everywhere: whatever a name, a city, a sector, an agency, a file name or a link
parameter holds — markup, Markdown, web addresses, bidi controls, newlines — it reaches a chart, a page
or a file as plain text on one line (see analytics/output/inert.py)."""

import html
import json
import re

import pytest
from apptest import figures, open_app
from hostile import HOSTILE
from hypothesis import given, settings
from hypothesis import strategies as st_

from analytics.output import inert
from analytics.pages import render
from analytics.pages.link import Link
from analytics.pages.registry import PAGES
from analytics.query.engine import Engine

TEXT = st_.text(st_.sampled_from("<>[]()!*_`#:/.@&;\"' \n\u202e\u2066abcw政务12"), max_size=40) | st_.sampled_from(HOSTILE)
MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~$:=^&@\"'")
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def markdown_is_inert(text: str) -> bool:
    """Every Markdown mark escaped, no auto-link pattern left whole, one line, no bidi control."""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch in MARKDOWN_SPECIALS:
            return False
        i += 1
    unjoined = re.search(r"(:|@|www)(?!\u2060)", text, re.I)
    return not unjoined and "\n" not in text and "\r" not in text and not BIDI.search(text)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_every_medium_makes_any_string_inert(text):
    assert markdown_is_inert(inert.markdown(text))
    for out in (inert.plotly(text), inert.html(text)):
        assert "<" not in out and ">" not in out and "\n" not in out and not BIDI.search(out)
        assert html.unescape(out) == inert.line(text)  # what people read is the text itself
    assert inert.markdown(text).replace("\\", "").replace(inert.WORD_JOINER, "") == inert.line(text)


def test_bidi_controls_are_shown_not_obeyed():
    assert inert.line("名称\u202egnp.exe") == "名称⟦U+202E⟧gnp.exe"
    assert inert.line("a\nb\r\nc\td") == "a b c d"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in ("hovertemplate", "texttemplate"):
                yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@pytest.mark.parametrize("page", sorted(k for k, spec in PAGES.items() if spec.build))
def test_figures_of_every_page_carry_names_escaped(hostile_only, page):
    engine = Engine(hostile_only)
    link = Link(account="douyin:h0")
    for slide in render.deck(engine, page, link).slides:
        spec = json.loads(slide.figure.to_json())
        for trace in spec["data"]:
            for text in _strings(trace):
                assert "<" not in text and ">" not in text, (page, text)
        title = (spec["layout"].get("title") or {}).get("text") or ""
        assert "<" not in title


@pytest.mark.parametrize("page, query", [
    ("rankings", {"platform": "douyin"}), ("account", {"account": "douyin:h0"}), ("compliance", {}),
    ("matrix", {}), ("trends", {"split": "sector"}), ("data", {}),
    ("content", {"platform": "douyin", "start": "2026-06-11", "end": "2026-06-24"}),
])
def test_pages_show_names_as_plain_text(app_hostile, page, query):
    at = open_app(query, page=page)
    assert not at.exception
    for element in [*at.markdown, *at.caption, *at.header, *at.subheader, *at.warning, *at.info]:
        body = element.value
        assert not re.search(r"(?<!\\)\]\(|(?<!\\)!\[|(?<!\\)<[a-z/]", body), (page, body)
        assert not re.search(r"https?:(?!\u2060)", body), (page, body)
        assert not BIDI.search(body) and "\n第二行" not in body
    for spec in figures(at):
        for trace in spec["data"]:
            assert all("<" not in s for s in _strings(trace)), page


@pytest.mark.parametrize("query", [
    {"account": "weibo:[点此重新登录](https://example.invalid/login)"},
    {"account": "![p](http://127.0.0.1:9/p.png)"},
    {"metric": "![p](http://127.0.0.1:9/p.png)"},
    {"granularity": ":red[伪造警告]"},
    {"province": "<img src=x onerror=alert(1)>", "city": "**粗体**", "lang": "\u202eevil"},
])
def test_crafted_links_never_format_or_link(app_read, query):
    at = open_app(query, page="account" if "account" in query else "overview")
    assert not at.exception
    shown = [w.value for w in at.warning] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    for body in shown:
        assert not re.search(r"(?<!\\)\]\(|(?<!\\)!\[|(?<!\\):red\[|(?<!\\)<img|(?<!\\)\*\*粗", body), body
        assert not re.search(r"https?:(?!\u2060)", body), body


def test_the_content_sheets_hold_titles_as_plain_text_and_only_web_links(hostile_only):
    import io

    import openpyxl

    from analytics.output import export
    from analytics.query.filters import Filters

    engine = Engine(hostile_only)
    import datetime as dt

    link = Link(filters=Filters(start=dt.date(2026, 6, 11), end=dt.date(2026, 6, 24), platforms=("douyin",)))
    found = render.sections(engine, "content", link)
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(render.sheets("content", found, "zh"))))
    titles, links = [], []
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2, values_only=True):
            cells = dict(zip(header, row))
            titles += [cells["标题"]] if "标题" in cells else []
            links += [cells["链接"]] if "链接" in cells else []
    assert titles and all("\n" not in t and not BIDI.search(t) for t in titles)
    assert {t for t in titles} <= {inert.line(h) for h in HOSTILE}
    assert links and all(u.startswith("https://example.invalid/p/") for u in links)
