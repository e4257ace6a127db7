"""Trend chart: one line per series, with markers so a point can be selected."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.output import numbers
from analytics.output.figures import style
from analytics.vocab import periods
from analytics.vocab.metrics import METRICS


def trend_figure(df: pd.DataFrame, metric: str, granularity: str, by: str | None = None, lang: str = "zh",
                 theme: str = "light", scale: float = 1.0, rolling: bool = False, title: str | None = None) -> go.Figure:
    m = METRICS[metric]
    fig = style.base(title if title is not None else m.name(lang), theme, scale=scale)
    values, unit, divisor = style.scaled(df["value"], lang)
    df = df.assign(_v=values)
    for code, g in df.groupby("series", sort=False, dropna=False):
        name = style.series_name(code, by, lang)
        color = style.platform_color(code) if by == "platform" else (style.ACCENT if by is None else None)
        labels = [periods.label(p, granularity, lang) for p in g["period"]]
        custom = list(zip(labels, style.hover_values(g["value"], lang),
                          [numbers.pct(v, lang, signed=True) for v in g["pop"]],
                          [numbers.pct(v, lang, signed=True) for v in g["yoy"]],
                          [str(code)] * len(g)))
        pop, yoy = ("vs prev.", "YoY") if lang == "en" else ("环比", "同比")
        fig.add_trace(go.Scatter(
            x=g["period"], y=g["_v"], name=name, mode="lines+markers", customdata=custom,
            line=dict(width=3, color=color), marker=dict(size=6),
            hovertemplate=f"<b>{name}</b> %{{customdata[0]}}<br>{m.name(lang)}: %{{customdata[1]}}"
                          f"<br>{pop} %{{customdata[2]}} · {yoy} %{{customdata[3]}}<extra></extra>"))
        if rolling:
            fig.add_trace(go.Scatter(x=g["period"], y=g["rolling"] / divisor, name=f"{name} · {style.t('rolling', lang)}",
                                     mode="lines", line=dict(width=2, dash="dot", color=color), hoverinfo="skip"))
    fig.update_yaxes(title_text=style.axis_title(m.name(lang), unit, lang), rangemode="tozero")
    fig.update_xaxes(title_text=None)
    fig.update_layout(hovermode="closest", showlegend=by is not None or rolling)
    return fig
