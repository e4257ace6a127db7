"""The KPI cards as a figure, so the overview's first screen can go on a slide or into a PNG."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.output import numbers
from analytics.output.figures import style
from analytics.vocab import names


def kpi_figure(kpis: pd.DataFrame, lang: str = "zh", theme: str = "light", scale: float = 1.0,
               title: str | None = None) -> go.Figure:
    fig = style.base(title, theme, height=520, scale=scale)
    c = style.THEMES[theme]
    for i, row in enumerate(kpis.itertuples()):
        name = names.label(row.metric, lang)
        change = row.change if row.change == row.change else None
        shown, delta = numbers.kpi(row.current, change, lang, points=row.metric == "pass_rate")
        delta = delta or ""
        color = c["muted"] if change is None or abs(change) < 0.0005 else ("#16A34A" if change > 0 else "#DC2626")
        col, row_i = i % 3, i // 3
        x, y = col / 3 + 1 / 6, 0.75 - row_i * 0.5
        fig.add_shape(type="rect", xref="paper", yref="paper", x0=col / 3 + 0.01, x1=(col + 1) / 3 - 0.01,
                      y0=y - 0.23, y1=y + 0.23, line=dict(color=c["grid"], width=2), fillcolor=c["paper"], layer="below")
        for dy, text, size, colour in ((0.13, name, 20, c["muted"]), (0.0, f"<b>{shown}</b>", 46, c["text"]),
                                       (-0.13, delta, 18, color)):
            fig.add_annotation(x=x, y=y + dy, xref="paper", yref="paper", text=text, showarrow=False, xanchor="center",
                               yanchor="middle", font=dict(size=size * scale, color=colour))
    fig.update_xaxes(visible=False, range=[0, 1])
    fig.update_yaxes(visible=False, range=[0, 1])
    fig.update_layout(margin=dict(l=24, r=24, t=40, b=24))
    return fig
