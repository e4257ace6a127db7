"""Ranking chart: the top N of one platform as horizontal bars of their index score."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.output import numbers
from analytics.output.figures import style
from analytics.views import indices
from analytics.vocab import platforms


def ranking_figure(df: pd.DataFrame, platform: str, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                   title: str | None = None) -> go.Figure:
    top = df[df["platform"] == platform].sort_values("rank")
    spec = indices.spec_for(platform)
    fig = style.base(title, theme, height=max(360, 44 * len(top) + 120), scale=scale)
    labels = [f"{r.rank}. {r.account_name}" for r in top.itertuples()]
    text = [f"{r.score:.1f}{' ≈' if r.approximate else ''}" for r in top.itertuples()]
    reads = "Plays/reads" if lang == "en" else "阅读/播放"
    fig.add_trace(go.Bar(
        y=labels, x=top["score"], orientation="h", marker_color=style.platform_color(platform), text=text,
        textposition="outside", cliponaxis=False, name=platforms.name(platform, lang),
        customdata=[[r.platform, r.account_id, numbers.fmt(r.r, lang)] for r in top.itertuples()],
        hovertemplate=f"%{{y}}<br>{spec.code}: %{{x:.2f}}<br>{reads}: %{{customdata[2]}}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title_text=None)
    fig.update_xaxes(title_text=f"{spec.code} {spec.version}", range=style.bar_range(top["score"]))
    fig.update_layout(showlegend=False)
    return fig
