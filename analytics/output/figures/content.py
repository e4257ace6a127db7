"""内容 charts: the top works, the mix of kinds over time, the weekday × hour heat map, the keywords."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.output import numbers
from analytics.output.figures import style
from analytics.vocab import periods, works

TITLE_CHARS = 22  # a work's title on a bar's axis; the table holds it whole
KIND_COLORS = {"article": "#3B6FD8", "video": "#C8102E", "live": "#FF7A00", "image": "#09B35F", "repost": "#9CA3AF",
               "audio": "#8E44AD", "other": "#C29B00", "unknown": "#D1D5DB"}
WEEKDAYS = {"zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
            "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def weekday_name(day: int, lang: str) -> str:
    return WEEKDAYS["en" if lang == "en" else "zh"][day]


def _short(text: object) -> str:
    value = "" if text is None or text != text else " ".join(str(text).split())
    return value if len(value) <= TITLE_CHARS else value[: TITLE_CHARS - 1] + "…"


def cards_figure(cards: pd.DataFrame, theme: str = "light", scale: float = 1.0, title: str | None = None) -> go.Figure:
    """Headline numbers as tiles (label, value as shown, change), three to a row: the slide of the cards."""
    fig = style.base(title, theme, height=520, scale=scale)
    c = style.THEMES[theme]
    for i, row in enumerate(cards.itertuples()):
        col, row_i = i % 3, i // 3
        x, y = col / 3 + 1 / 6, 0.75 - row_i * 0.5
        fig.add_shape(type="rect", xref="paper", yref="paper", x0=col / 3 + 0.01, x1=(col + 1) / 3 - 0.01,
                      y0=y - 0.23, y1=y + 0.23, line=dict(color=c["grid"], width=2), fillcolor=c["paper"], layer="below")
        rising = str(row.delta).startswith(("+", "▲"))
        falling = str(row.delta).startswith(("-", "−", "▼"))
        colour = "#16A34A" if rising else "#DC2626" if falling else c["muted"]
        for dy, text, size, tint in ((0.13, row.metric, 20, c["muted"]), (0.0, f"<b>{row.shown}</b>", 46, c["text"]),
                                     (-0.13, row.delta, 18, colour)):
            fig.add_annotation(x=x, y=y + dy, xref="paper", yref="paper", text=text, showarrow=False, xanchor="center",
                               yanchor="middle", font=dict(size=size * scale, color=tint))
    fig.update_xaxes(visible=False, range=[0, 1])
    fig.update_yaxes(visible=False, range=[0, 1])
    fig.update_layout(margin=dict(l=24, r=24, t=40, b=24))
    return fig


def top_works_figure(top: pd.DataFrame, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                     title: str | None = None) -> go.Figure:
    """One bar per work, longest on top: its reads (plays), its title and account on the axis."""
    fig = style.base(title, theme, height=max(380, 46 * len(top) + 140), scale=scale)
    labels = [f"{int(r.rank)}. {_short(r.title)} · {_short(r.account_name)}" for r in top.itertuples()]
    fig.add_trace(go.Bar(
        y=labels, x=top["reads"], orientation="h", marker_color=[style.platform_color(p) for p in top["platform"]],
        text=style.hover_values(top["reads"], lang), textposition="outside", cliponaxis=False,
        customdata=list(zip(style.hover_values(top["interactions"], lang))),
        hovertemplate="%{y}<br>%{text} · " + ("interactions" if lang == "en" else "互动") + " %{customdata[0]}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title_text=None, type="category")
    fig.update_xaxes(range=style.bar_range(top["reads"]), title_text=style.t("reads", lang), showticklabels=False)
    fig.update_layout(showlegend=False)
    return fig


def kind_mix_figure(df: pd.DataFrame, granularity: str, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                    title: str | None = None) -> go.Figure:
    """A 100 % bar per bucket, split by kind of work."""
    fig = style.base(title, theme, height=420, scale=scale)
    labels = {p: periods.label(p, granularity, lang) for p in df["period"].unique()}
    for code in (*works.CODES, "unknown"):
        g = df[df["kind"] == code]
        if g.empty:
            continue
        name = works.name(None if code == "unknown" else code, lang)
        fig.add_trace(go.Bar(
            x=[labels[p] for p in g["period"]], y=g["share"] * 100, name=name, marker_color=KIND_COLORS[code],
            customdata=list(zip(g["works"].astype(int))),
            hovertemplate=f"<b>{name}</b> %{{x}}: %{{y:.1f}}% (%{{customdata[0]:,}})<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0.3)
    fig.update_yaxes(range=[0, 100], ticksuffix="%", title_text=style.t("share", lang))
    fig.update_xaxes(type="category", title_text=None)
    return fig


def heatmap_figure(cells: pd.DataFrame, value: str, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                   title: str | None = None) -> go.Figure:
    """Weekday (rows, Monday first) × hour of day in Beijing time; `value` is works or mean_reads."""
    fig = style.base(title, theme, height=420, scale=scale)
    # The colour scale reads in 万/亿 like every axis, not in Plotly's k/M.
    divisor, unit = numbers.unit(float(cells[value].max()) if len(cells) else 0.0, lang)
    grid = [[None] * 24 for _ in range(7)]
    shown = [[""] * 24 for _ in range(7)]
    for r in cells.itertuples():
        v = getattr(r, value)
        grid[int(r.weekday)][int(r.hour)] = float(v) / divisor
        shown[int(r.weekday)][int(r.hour)] = f"{int(r.works):,}" if value == "works" else numbers.fmt(v, lang)
    fig.add_trace(go.Heatmap(
        z=grid, x=[f"{h:02d}" for h in range(24)], y=[weekday_name(d, lang) for d in range(7)],
        colorscale=[[i / (len(style.SEQUENTIAL) - 1), c] for i, c in enumerate(style.SEQUENTIAL)],
        customdata=shown, hoverongaps=False, xgap=1, ygap=1,
        colorbar=dict(thickness=12, title=dict(text=unit)),
        hovertemplate="%{y} %{x}:00 — %{customdata}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title_text=None, type="category")
    fig.update_xaxes(title_text="北京时间（时）" if lang != "en" else "Hour (Beijing time)", type="category")
    return fig


def keywords_figure(kw: pd.DataFrame, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                    title: str | None = None) -> go.Figure:
    """The period's keywords, highest TF-IDF on top, with how many posts use each."""
    fig = style.base(title, theme, height=max(380, 28 * len(kw) + 140), scale=scale)
    fig.add_trace(go.Bar(
        y=list(kw["word"]), x=kw["score"] * 1000, orientation="h", marker_color=style.ACCENT,
        customdata=list(zip(kw["posts"].astype(int))),
        hovertemplate="%{y}: %{x:.2f} · " + ("posts" if lang == "en" else "作品") + " %{customdata[0]:,}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title_text=None, type="category")
    fig.update_xaxes(title_text="TF-IDF × 1000")
    fig.update_layout(showlegend=False)
    return fig
