"""Platform mix charts: shares per metric, the 100 % stacked mix over time, province × platform heat map."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.output import numbers
from analytics.output.figures import style
from analytics.views.mix import SHARE_METRICS
from analytics.vocab import periods, platforms, provinces
from analytics.vocab.metrics import METRICS


def mix_share_figure(df: pd.DataFrame, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                     title: str | None = None) -> go.Figure:
    """One 100 % bar per metric (accounts, followers, reads, interactions), split by platform."""
    fig = style.base(title if title is not None else ("平台结构" if lang != "en" else "Platform mix"), theme,
                     height=380, scale=scale)
    rows = [METRICS[m].name(lang) for m in SHARE_METRICS]
    for r in df.itertuples():
        shares = [getattr(r, f"{m}_share") or 0.0 for m in SHARE_METRICS]
        raw = [getattr(r, m) for m in SHARE_METRICS]
        name = platforms.name(r.platform, lang)
        fig.add_trace(go.Bar(
            y=rows, x=[s * 100 for s in shares], name=name, orientation="h",
            marker_color=style.platform_color(r.platform), customdata=[[r.platform, numbers.fmt(v, lang)] for v in raw],
            text=[f"{s * 100:.0f}%" if s >= 0.06 else "" for s in shares], textposition="inside",
            insidetextanchor="middle",
            hovertemplate=f"<b>{name}</b> %{{y}}: %{{customdata[1]}} (%{{x:.1f}}%)<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title_text=None)
    fig.update_yaxes(autorange="reversed", title_text=None)
    return fig


def mix_area_figure(df: pd.DataFrame, metric: str, granularity: str, lang: str = "zh", theme: str = "light",
                    scale: float = 1.0, title: str | None = None) -> go.Figure:
    m = METRICS[metric]
    default = f"{m.name(lang)}{'的平台构成' if lang != 'en' else ' by platform'}"
    fig = style.base(title if title is not None else default, theme, scale=scale)
    for code in platforms.CODES:
        g = df[df["platform"] == code]
        if g.empty:
            continue
        name = platforms.name(code, lang)
        labels = [periods.label(p, granularity, lang) for p in g["period"]]
        fig.add_trace(go.Scatter(
            x=g["period"], y=g["share"] * 100, name=name, stackgroup="one", mode="lines",
            line=dict(width=0.5, color=style.platform_color(code)), fillcolor=style.platform_color(code),
            customdata=list(zip(labels, style.hover_values(g["value"], lang))),
            hovertemplate=f"<b>{name}</b> %{{customdata[0]}}: %{{y:.1f}}% (%{{customdata[1]}})<extra></extra>"))
    fig.update_yaxes(range=[0, 100], ticksuffix="%", title_text=style.t("share", lang))
    fig.update_layout(hovermode="x unified")
    return fig


def province_platform_figure(df: pd.DataFrame, metric: str, lang: str = "zh", theme: str = "light",
                             scale: float = 1.0, title: str | None = None) -> go.Figure:
    """Heat map of each platform's share within each province (rows ordered as the tile map, north first)."""
    m = METRICS[metric]
    default = f"各省{m.name(lang)}的平台占比" if lang != "en" else f"{m.name(lang)}: platform share by province"
    order = [r.short for r in sorted(provinces.IN_SCOPE, key=lambda r: (r.row, r.col)) if r.short in set(df["province"])]
    codes = [p for p in platforms.CODES if p in set(df["platform"])]
    pivot = df.pivot_table(index="province", columns="platform", values="share", aggfunc="sum").reindex(order)[codes]
    raw = df.pivot_table(index="province", columns="platform", values="value", aggfunc="sum").reindex(order)[codes]
    fig = style.base(title if title is not None else default, theme, height=max(460, 26 * len(order) + 120), scale=scale)
    fig.add_trace(go.Heatmap(
        z=pivot.values * 100, x=[platforms.name(c, lang) for c in codes], y=[provinces.name(p, lang) for p in order],
        colorscale=[[i / (len(style.SEQUENTIAL) - 1), c] for i, c in enumerate(style.SEQUENTIAL)],
        customdata=[[numbers.fmt(v, lang) for v in row] for row in raw.values],
        colorbar=dict(ticksuffix="%", title=style.t("share", lang)), xgap=2, ygap=2,
        hovertemplate="%{y} · %{x}: %{z:.1f}% (%{customdata})<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title_text=None)
    fig.update_xaxes(side="top", title_text=None, tickangle=0)
    fig.update_layout(margin=dict(t=110))  # room for the title above the column labels
    return fig
