"""Matrix charts: the hierarchy as a treemap and platform coverage by level as a heat map."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.output.figures import style
from analytics.vocab import platforms, provinces, units


def hierarchy_figure(df: pd.DataFrame, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                     title: str | None = None) -> go.Figure:
    """Treemap: province → city → level, sized by accounts."""
    root = "全部" if lang != "en" else "All"
    counts: dict[tuple, float] = {}
    for r in df.itertuples():
        path = (r.province,) + ((r.city,) if r.city else ()) + ((r.level,) if r.level else ())
        for depth in range(1, len(path) + 1):
            counts[path[:depth]] = counts.get(path[:depth], 0) + r.accounts
    ids, labels, parents, values = [root], [root], [""], [sum(v for k, v in counts.items() if len(k) == 1)]
    for path, value in counts.items():
        ids.append("/".join(path))
        parents.append("/".join(path[:-1]) if len(path) > 1 else root)
        last = path[-1]
        if len(path) == 1:
            labels.append(provinces.name(last, lang))
        elif last in units.LEVELS:
            labels.append(units.level_name(last, lang))
        else:
            labels.append(last)
        values.append(value)
    fig = style.base(title, theme, height=560, scale=scale)
    fig.add_trace(go.Treemap(ids=ids, labels=labels, parents=parents, values=values, branchvalues="total",
                             maxdepth=3, marker=dict(colorscale=[[0, style.SEQUENTIAL[1]], [1, style.ACCENT]]),
                             hovertemplate="%{label}: %{value}<extra></extra>", textinfo="label+value"))
    fig.update_layout(margin=dict(l=8, r=8, t=64, b=8))
    return fig


def coverage_figure(df: pd.DataFrame, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                    title: str | None = None) -> go.Figure:
    """Share of agencies at each level that run an account on each platform."""
    levels = list(dict.fromkeys(df["level"]))
    codes = [p for p in platforms.CODES if p in set(df["platform"])]
    pivot = df.pivot_table(index="level", columns="platform", values="share", observed=True).reindex(levels)[codes]
    fig = style.base(title, theme, height=120 + 56 * len(levels), scale=scale)
    fig.add_trace(go.Heatmap(
        z=pivot.values * 100, x=[platforms.name(c, lang) for c in codes], y=[units.level_name(lv, lang) for lv in levels],
        colorscale=[[i / (len(style.SEQUENTIAL) - 1), c] for i, c in enumerate(style.SEQUENTIAL)], zmin=0, zmax=100,
        text=[[f"{v * 100:.0f}%" for v in row] for row in pivot.values], texttemplate="%{text}", xgap=3, ygap=3,
        colorbar=dict(ticksuffix="%"), hovertemplate="%{y} · %{x}: %{z:.0f}%<extra></extra>"))
    fig.update_xaxes(side="top", title_text=None, tickangle=-35)
    fig.update_layout(margin=dict(t=130))  # room for the title above the column labels
    fig.update_yaxes(autorange="reversed", title_text=None)
    return fig
