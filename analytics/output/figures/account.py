"""Account detail charts: followers and reads over time, and the account's weekly rank on its platform."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.output.figures import style
from analytics.vocab import platforms
from analytics.vocab.metrics import METRICS


def account_figure(df: pd.DataFrame, platform: str, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                   title: str | None = None) -> go.Figure:
    fig = style.base(title, theme, scale=scale)
    reads, reads_unit, _ = style.scaled(df["reads"], lang)
    followers, f_unit, _ = style.scaled(df["followers"], lang)
    color = style.platform_color(platform)
    fig.add_trace(go.Bar(x=df["snapshot_date"], y=reads, name=METRICS["reads"].name(lang), marker_color=color,
                         opacity=0.55, customdata=style.hover_values(df["reads"], lang),
                         hovertemplate="%{x|%Y-%m-%d}: %{customdata}<extra></extra>"))
    fig.add_trace(go.Scatter(x=df["snapshot_date"], y=followers, name=METRICS["followers"].name(lang), yaxis="y2",
                             mode="lines", line=dict(color=style.ACCENT, width=3),
                             customdata=style.hover_values(df["followers"], lang),
                             hovertemplate="%{x|%Y-%m-%d}: %{customdata}<extra></extra>"))
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", showgrid=False, rangemode="tozero", tickmode="auto",
                                  title_text=style.axis_title(METRICS["followers"].name(lang), f_unit, lang)))
    fig.update_yaxes(title_text=style.axis_title(METRICS["reads"].name(lang), reads_unit, lang), rangemode="tozero",
                     selector=dict(overlaying=None))
    return fig


def rank_figure(df: pd.DataFrame, platform: str, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                title: str | None = None) -> go.Figure:
    fig = style.base(title, theme, height=320, scale=scale)
    of = "of" if lang == "en" else "/"
    fig.add_trace(go.Scatter(x=df["snapshot_date"], y=df["rank"], mode="lines+markers",
                             line=dict(color=style.platform_color(platform), width=3),
                             customdata=list(zip(df["of_accounts"], df["score"].round(1))),
                             hovertemplate=f"%{{x|%Y-%m-%d}}: #%{{y}} {of} %{{customdata[0]}} · %{{customdata[1]}}<extra></extra>",
                             name=platforms.name(platform, lang)))
    fig.update_yaxes(autorange="reversed", title_text=style.t("rank", lang))
    fig.update_layout(showlegend=False)
    return fig
