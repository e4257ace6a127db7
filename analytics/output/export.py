"""Exports that work offline and keep Chinese intact: chart images through Plotly's own renderer
(kaleido driving the local Chromium, fonts from fonts-noto-cjk), 16:9 PPTX decks, CSV and XLSX."""

from __future__ import annotations

import datetime as dt
import io
import threading
import warnings

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from analytics.output.deck import Deck
from analytics.output.figures import events

SIZES = {"1080p": (1920, 1080), "720p": (1280, 720)}
_SERVER = threading.Lock()
_started = False
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _ensure_renderer() -> None:
    """One long-lived Chromium for all exports (a fresh one per image costs 3–5 s); MathJax off, as
    kaleido would otherwise fetch it from a CDN."""
    global _started
    with _SERVER:
        if not _started:
            import kaleido

            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
            _started = True


def image(fig: go.Figure, fmt: str = "png", size: str = "1080p") -> bytes:
    width, height = SIZES[size]
    _ensure_renderer()
    slide = events.for_width(go.Figure(fig), width)
    slide.update_layout(width=width, height=height)
    with warnings.catch_warnings():
        # plotly passes kaleido options that the long-lived renderer does not use; harmless.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return pio.to_image(slide, format=fmt, width=width, height=height)


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _safe(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    out.columns = [str(neutralise(c)) for c in out.columns]
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel opens Chinese correctly."""
    return _safe(df).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per table: bold header row, frozen panes, number formats by column type."""
    from openpyxl.styles import Font

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        used: set[str] = set()
        for name, df in sheets.items():
            title = _sheet_name(name, used)
            data = _safe(df)
            for col in data.columns:
                if isinstance(data[col].dtype, pd.DatetimeTZDtype):
                    data[col] = data[col].dt.tz_localize(None)
            data.to_excel(writer, sheet_name=title, index=False)
            sheet = writer.sheets[title]
            sheet.freeze_panes = "A2"
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for i, col in enumerate(data.columns, start=1):
                letter = sheet.cell(row=1, column=i).column_letter
                sheet.column_dimensions[letter].width = max(10, min(40, len(str(col)) * 2 + 4))
                fmt = _number_format(data[col])
                if fmt:
                    for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                        cell.number_format = fmt
    return buf.getvalue()


def _number_format(col: pd.Series) -> str | None:
    if pd.api.types.is_bool_dtype(col):
        return None
    if pd.api.types.is_integer_dtype(col):
        return "#,##0"
    if pd.api.types.is_float_dtype(col):
        values = col.dropna()
        if not values.empty and values.abs().max() <= 1.5 and str(col.name).endswith(("share", "rate", "pop", "yoy", "占比", "率")):
            return "0.0%"
        return "#,##0" if not values.empty and (values == values.round()).all() else "#,##0.00"
    if pd.api.types.is_datetime64_any_dtype(col):
        return "yyyy-mm-dd"
    return None


def _sheet_name(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:28] or "sheet"
    title, n = base, 2
    while title in used:
        title, n = f"{base[:25]}_{n}", n + 1
    used.add(title)
    return title


def file_name(page: str, filter_slug: str, ext: str, when: dt.date | None = None) -> str:
    return f"govmedia_{page}_{filter_slug}_{(when or dt.date.today()).isoformat()}.{ext}"


def pptx_bytes(decks: list[Deck], lang: str = "zh", progress=None) -> bytes:
    """A 16:9 deck: per page a title slide (page, filters in words, cut-off, version), then one
    slide per chart with its title, image and takeaway; speaker notes name sources and formulas."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    font = "Noto Sans CJK SC"
    total = sum(len(d.slides) + 1 for d in decks)
    done = 0

    def text(slide, left, top, width, height, value, size, bold=False, color=(0x1F, 0x29, 0x37)):
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        run = frame.paragraphs[0].add_run()
        run.text = value
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, font
        run.font.color.rgb = RGBColor(*color)
        return box

    for deck in decks:
        s = prs.slides.add_slide(blank)
        bar = s.shapes.add_shape(1, 0, 0, prs.slide_width, Inches(0.35))
        bar.fill.solid()
        bar.fill.fore_color.rgb = RGBColor(0xC8, 0x10, 0x2E)
        bar.line.fill.background()
        text(s, Inches(0.8), Inches(2.2), Inches(11.7), Inches(1.2), deck.title, 44, bold=True)
        text(s, Inches(0.8), Inches(3.5), Inches(11.7), Inches(1.0), deck.filters, 20, color=(0x4B, 0x55, 0x63))
        cut = (f"数据截至 {deck.cutoff} · 数据版本 {deck.version} · 生成于 {dt.date.today()}" if lang != "en"
               else f"Data to {deck.cutoff} · data version {deck.version} · made {dt.date.today()}")
        text(s, Inches(0.8), Inches(4.3), Inches(11.7), Inches(0.6), cut, 16, color=(0x6B, 0x72, 0x80))
        s.notes_slide.notes_text_frame.text = deck.slides[0].notes if deck.slides else ""
        done += 1
        if progress:
            progress(done, total)
        for item in deck.slides:
            s = prs.slides.add_slide(blank)
            text(s, Inches(0.5), Inches(0.25), Inches(12.3), Inches(0.8), item.title, 28, bold=True)
            picture = image(item.figure, "png", "720p")
            height = Inches(5.55)
            width = Emu(int(height * 1280 / 720))
            s.shapes.add_picture(io.BytesIO(picture), int((prs.slide_width - width) / 2), Inches(1.05), width, height)
            if item.takeaway:
                text(s, Inches(0.5), Inches(6.7), Inches(12.3), Inches(0.6), item.takeaway, 18, color=(0x37, 0x41, 0x51))
            s.notes_slide.notes_text_frame.text = item.notes
            done += 1
            if progress:
                progress(done, total)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
