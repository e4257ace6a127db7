"""Events drawn on a time chart: a dotted line at a dated event, a shaded band over a range, a short label
at the top (staggered on three rows so neighbours do not overlap), and a diamond marker whose hover
gives the date, the full title, the description and where the event comes from."""

from __future__ import annotations

import datetime as dt
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
WIDE, NARROW = 0.012, 0.006  # a label character's width as a share of a chart's width (CJK, Latin)
EVENTS_TRACE = "events"  # the hover trace's meta, so tests and exports can find it


def short(text: str, chars: int = LABEL_CHARS["zh"]) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


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
    taken: list[list[tuple[float, float]]] = [[] for _ in range(ROWS)]  # each label row's spans, as shares of the axis
    chars = LABEL_CHARS["en" if lang == "en" else "zh"]
    xs, ys, marker_colors, custom = [], [], [], []
    # The most important events claim label room first; the rest fit around them or keep only their marker.
    ranked = events.sort_values("order", kind="stable") if "order" in events else \
        events.sort_values("importance", ascending=False, kind="stable")
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
        label = short(title, chars)
        # The label goes on the first row free at its place; when all three are taken it is left out and the
        # event keeps its line and its marker's hover, rather than writing over a neighbour.
        at = where_on(x0)
        span = (at if at is not None else 0.0, (at if at is not None else 0.0) + len(label) * (WIDE if lang != "en" else NARROW))
        free = [n for n in range(ROWS) if not any(a < span[1] and span[0] < b for a, b in taken[n])]
        slot = free[0] if free else len(xs) % ROWS
        y = 0.99 - slot * 0.075
        if free:
            taken[slot].append(span)
            fig.add_annotation(name="event", x=x0, xref="x", y=y, yref="paper", yanchor="middle", xanchor="left",
                               xshift=7 * scale, text=inert.plotly(label), showarrow=False,
                               font=dict(size=11 * scale, color=color), bgcolor=colors["paper"], opacity=0.9)
        kind_zh, kind_en = model.KINDS.get(row["kind"], (row["kind"], row["kind"]))
        source_zh, source_en = model.SOURCES.get(row["source"], (row["source"], row["source"]))
        where = (f"{kind_en} · {source_en}" if lang == "en" else f"{kind_zh} · {source_zh}")
        reference = row.get("reference") or ""
        xs.append(x0)
        ys.append(y)
        marker_colors.append(color)
        custom.append([title, _when(row, lang), where + (f" · {reference}" if reference else ""),
                       short(row.get("description") or "", 120)])
    if not xs:
        return fig
    fig.add_trace(go.Scatter(
        x=xs, y=ys, yaxis="y9", mode="markers", showlegend=False, name="事件" if lang != "en" else "Events",
        marker=dict(symbol="diamond", size=9 * scale, color=marker_colors, line=dict(width=0)), customdata=custom,
        meta=EVENTS_TRACE, hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"))
    fig.update_layout(yaxis9=dict(overlaying="y", range=[0, 1], visible=False, fixedrange=True))
    return fig


def _positions(fig: go.Figure) -> Callable[[object], float | None]:
    """Where an x value falls along the chart's x axis, from 0 (left) to 1 (right): by date on a time
    axis, by order on a category axis (half-years, report cut-offs)."""
    values = [v for trace in fig.data if getattr(trace, "x", None) is not None and getattr(trace, "yaxis", None) != "y9"
              for v in trace.x]
    if not values:
        return lambda x: None
    if isinstance(values[0], str):
        order = {v: i for i, v in enumerate(dict.fromkeys(values))}
        span = max(len(order) - 1, 1)
        return lambda x: order[x] / span if x in order else None
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
