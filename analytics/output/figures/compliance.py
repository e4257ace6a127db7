"""Compliance charts: pass rate (合格率) by group with the failing share visible, and over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.output.figures import style
from analytics.vocab import periods


def pass_rate_figure(df: pd.DataFrame, by: str | None, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                     title: str | None = None) -> go.Figure:
    """Lowest rate first, so the groups that need attention lead."""
    data = df.sort_values("rate")
    fig = style.base(title, theme, height=max(360, 30 * len(data) + 140), scale=scale)
    names = [style.series_name(g, by, lang) for g in data["grp"]]
    colors = [style.platform_color(g) if by == "platform" else style.ACCENT for g in data["grp"]]
    failed = "failing" if lang == "en" else "未达标"
    fig.add_trace(go.Bar(
        y=names, x=data["rate"] * 100, orientation="h", marker_color=colors,
        text=[f"{v * 100:.1f}%" for v in data["rate"]], textposition="outside", cliponaxis=False,
        customdata=list(zip(data["grp"], data["accounts"].astype(int), data["failed"].astype(int))),
        hovertemplate=f"%{{y}}: %{{x:.1f}}% · %{{customdata[2]}} {failed} / %{{customdata[1]}}<extra></extra>"))
    fig.update_xaxes(range=[0, 105], ticksuffix="%", title_text=style.t("pass_rate", lang))
    fig.update_yaxes(title_text=None)
    fig.update_layout(showlegend=False)
    return fig


def pass_rate_trend_figure(df: pd.DataFrame, granularity: str, by: str | None = None, lang: str = "zh",
                           theme: str = "light", scale: float = 1.0, title: str | None = None) -> go.Figure:
    fig = style.base(title, theme, scale=scale)
    for grp, g in df.groupby("grp", sort=False):
        name = style.series_name(grp, by, lang)
        color = style.platform_color(grp) if by == "platform" else (style.ACCENT if by is None else None)
        labels = [periods.label(p, granularity, lang) for p in g["period"]]
        fig.add_trace(go.Scatter(x=g["period"], y=g["rate"] * 100, name=name, mode="lines+markers",
                                 line=dict(width=3, color=color), customdata=labels,
                                 hovertemplate=f"{name} %{{customdata}}: %{{y:.1f}}%<extra></extra>"))
    fig.update_yaxes(ticksuffix="%", title_text=style.t("pass_rate", lang))
    fig.update_layout(showlegend=by is not None)
    return fig
