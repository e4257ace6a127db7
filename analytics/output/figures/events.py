"""Events drawn on a time chart: a dotted line at a dated event, a shaded band over a range, a short label
at the top (staggered on three rows, laid out per chart width so neighbours never overlap), and a
diamond marker whose hover gives the date, the full title, the description and where the event comes from."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from analytics.events import model
from analytics.output import inert
from analytics.output.figures import style

KIND_COLORS = {"policy": "#3F5FA8", "cleanup": "#B5533C", "rename": "#7A5CA8", "platform": "#2E8B57",
               "campaign": "#B07D00", "incident": "#B0306A", "report": "#5F6B73", "lifecycle": "#4F6D7A"}
LABEL_CHARS = {"zh": 12, "en": 20}  # a Chinese character is about two Latin letters wide
ROWS = 3
LABEL_SIZE = 11
EVENTS_TRACE = "events"  # the hover trace's meta, so tests and exports can find it
# A label is as wide in pixels at any chart width while the gaps between events grow with it, so labels
# laid out for one width never overlap at a wider one. Each tier is a layout for charts at least that
# wide (CSS pixels); the screen shows the tier its chart's width falls in (ui.device's container
# queries), an image keeps the tier of its own width, and a chart narrower than the first shows none.
TIERS = (320, 400, 480, 560, 640, 760, 900, 1100, 1300, 1600, 1920)
TIER_FONT = "govmedia-ev"  # govmedia-ev400w first in a label's font family names its tier for CSS and exports
AXIS_ROOM = 72  # what y-axis ticks and title take from a chart's width (at scale 1), beyond its margins
GAP = 6  # pixels kept clear between two labels


def short(text: str, chars: int = LABEL_CHARS["zh"]) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def text_px(text: str, size: float) -> float:
    """A generous estimate of `text`'s width in the chart font: a CJK (or full-width) character is one
    em, Latin letters and digits a little over half, spaces and narrow punctuation a quarter."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F") or ch == "…":
            width += 1.0
        elif ch.isupper():
            width += 0.68
        elif ch.isalnum():
            width += 0.58
        elif ch in " .,:;'!|()[]-":
            width += 0.32
        else:
            width += 0.6
    return width * size * 1.06


def _when(row, lang: str) -> str:
    end = row["end"]
    if end is not None and not pd.isna(end) and end != row["start"]:
        return f"{row['start']} – {end}"
    return str(row["start"])


def mark(fig: go.Figure, events: pd.DataFrame, lang: str, theme: str = "light", scale: float = 1.0,
         to_x: Callable[[dt.date], object] | None = None) -> go.Figure:
    """Draw `events` on `fig`; `to_x` maps a date to the chart's x (a category label on a half-year axis),
    None where the chart has no place for it."""
    if events.empty:
        return fig
    colors = style.THEMES.get(theme, style.THEMES["light"])
    where_on = _positions(fig)
    chars = LABEL_CHARS["en" if lang == "en" else "zh"]
    # The most important events claim label room first; the rest fit around them or keep only their marker.
    ranked = events.sort_values("order", kind="stable") if "order" in events else \
        events.sort_values("importance", ascending=False, kind="stable")
    placed = []  # (x, share along the axis, label, colour)
    xs, marker_colors, custom = [], [], []
    for _, row in ranked.iterrows():
        x0 = to_x(row["start"]) if to_x else row["start"]
        end = row["end"] if row["end"] is not None and not pd.isna(row["end"]) else None
        x1 = (to_x(end) if to_x else end) if end is not None else None
        if x0 is None:
            continue
        color = KIND_COLORS.get(row["kind"], style.NEUTRAL)
        if x1 is not None and x1 != x0:
            fig.add_shape(type="rect", xref="x", yref="paper", x0=x0, x1=x1, y0=0, y1=1, fillcolor=color, opacity=0.10,
                          line_width=0, layer="below")
        else:
            fig.add_shape(type="line", xref="x", yref="paper", x0=x0, x1=x0, y0=0, y1=1, layer="below",
                          line=dict(color=color, width=1.2 * scale, dash="dot"))
        title = model.title(row, lang)
        placed.append((x0, where_on(x0), short(title, chars), color))
        kind_zh, kind_en = model.KINDS.get(row["kind"], (row["kind"], row["kind"]))
        source_zh, source_en = model.SOURCES.get(row["source"], (row["source"], row["source"]))
        where = (f"{kind_en} · {source_en}" if lang == "en" else f"{kind_zh} · {source_zh}")
        reference = row.get("reference") or ""
        xs.append(x0)
        marker_colors.append(color)
        custom.append([title, _when(row, lang), where + (f" · {reference}" if reference else ""),
                       short(row.get("description") or "", 120)])
    if not xs:
        return fig
    margin = fig.layout.margin
    room = (margin.l if margin.l is not None else 16) + (margin.r if margin.r is not None else 16) + AXIS_ROOM * scale
    for tier in TIERS:
        # Plotly pads a date axis a little beyond the data for its markers: the gaps come out a few % smaller.
        _label_tier(fig, placed, tier, 0.97 * max(tier - room, 1.0), scale, colors["paper"])
    fig.add_trace(go.Scatter(
        x=xs, y=[TOP] * len(xs), yaxis="y9", mode="markers", showlegend=False, name="事件" if lang != "en" else "Events",
        marker=dict(symbol="diamond", size=9 * scale, color=marker_colors, line=dict(width=0)), customdata=custom,
        meta=EVENTS_TRACE, hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"))
    fig.update_layout(yaxis9=dict(overlaying="y", range=[0, 1], visible=False, fixedrange=True))
    return fig


TOP = 0.99  # the markers' height and the first label row's, as a share of the plot
ROW_PX = 20  # label rows are this many pixels apart (at scale 1), whatever the plot's height


def _label_tier(fig: go.Figure, placed: list, tier: int, plot_px: float, scale: float, paper: str) -> None:
    """Lay the labels out for a plot `plot_px` wide: each on the first row where it overlaps no other
    label and no other event's marker, to the right of its line (to the left near the right edge);
    an event with no free row keeps its line and its marker's hover rather than covering a neighbour."""
    shift, marker = 7 * scale, 6 * scale
    taken: list[list[tuple[float, float]]] = [[] for _ in range(ROWS)]
    taken[0] = [(at * plot_px - marker, at * plot_px + marker) for _, at, _, _ in placed if at is not None]
    for x0, at, label, color in placed:
        if at is None:
            continue
        here, width = at * plot_px, text_px(label, LABEL_SIZE * scale) + GAP * scale
        right = here + shift + width <= plot_px + 16 * scale
        span = (here + shift, here + shift + width) if right else (here - shift - width, here - shift)
        if span[0] < -AXIS_ROOM * scale / 2:  # would cover the y axis' ticks
            continue
        own = (here - marker, here + marker)
        free = [n for n in range(ROWS) if not any(a < span[1] and span[0] < b for a, b in taken[n] if (a, b) != own)]
        if not free:
            continue
        taken[free[0]].append(span)
        fig.add_annotation(name="event", x=x0, xref="x", y=TOP, yref="paper", yshift=-free[0] * ROW_PX * scale, yanchor="middle",
                           xanchor="left" if right else "right", xshift=shift if right else -shift,
                           text=inert.plotly(label), showarrow=False, bgcolor=paper, opacity=0.9,
                           font=dict(size=LABEL_SIZE * scale, color=color, family=f"{TIER_FONT}{tier}w, {style.FONT_FAMILY}"))


def tier_of(annotation) -> int | None:
    """The layout tier of an event label (None for any other annotation)."""
    family = (annotation.font.family or "") if annotation.font else ""
    if annotation.name != "event" or not family.startswith(TIER_FONT):
        return None
    return int(family[len(TIER_FONT):].split("w", 1)[0])


def for_width(fig: go.Figure, width: float) -> go.Figure:
    """`fig` as an image `width` pixels wide keeps only the labels laid out for that width, as no style
    sheet picks one there."""
    fits = [t for t in TIERS if t <= width]
    keep = fits[-1] if fits else None
    fig.layout.annotations = [a for a in fig.layout.annotations or () if tier_of(a) in (None, keep)]
    return fig


def _positions(fig: go.Figure) -> Callable[[object], float | None]:
    """Where an x value falls along the chart's x axis, from 0 (left) to 1 (right): by date on a time
    axis, by order on a category axis (half-years, report cut-offs), each category the middle of its
    own share as bars are drawn."""
    values = [v for trace in fig.data if getattr(trace, "x", None) is not None and getattr(trace, "yaxis", None) != "y9"
              for v in trace.x]
    if not values:
        return lambda x: None
    if isinstance(values[0], str):
        order = {v: i for i, v in enumerate(dict.fromkeys(values))}
        return lambda x: (order[x] + 0.5) / len(order) if x in order else None
    stamps = pd.to_datetime(pd.Series(values), errors="coerce").dropna()
    if stamps.empty:
        return lambda x: None
    first, last = stamps.min(), stamps.max()
    span = max((last - first).total_seconds(), 1.0)
    return lambda x: (pd.Timestamp(x) - first).total_seconds() / span


def notes(events: pd.DataFrame, hidden: int, lang: str) -> str:
    """The events a chart shows, one per line, for speaker notes and the screen's caption."""
    if events.empty:
        return ""
    head = "Events on the chart:" if lang == "en" else "图中标注的事件："
    lines = [f"- {_when(row, lang)} {inert.line(model.title(row, lang))}" for _, row in events.iterrows()]
    if hidden:
        lines.append(f"- … {hidden} more not shown" if lang == "en" else f"- ……另有 {hidden} 个次要事件未显示")
    return "\n".join([head, *lines])
