"""Province tile map (every region one equal tile in its rough place, no boundary data) and ranking bars."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.output import numbers
from analytics.output.figures import style
from analytics.vocab import provinces
from analytics.vocab.metrics import METRICS

TILE_PX = 58


def _lightness(hex_color: str) -> float:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255


def _color_at(fraction: float) -> str:
    steps = style.SEQUENTIAL
    return steps[min(len(steps) - 1, max(0, int(round(fraction * (len(steps) - 1)))))]


def tile_map_figure(tiles: pd.DataFrame, metric: str, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                    title: str | None = None, selected: tuple[str, ...] = ()) -> go.Figure:
    """Tiles coloured by the metric; each point's customdata starts with its province, for click-to-filter."""
    m = METRICS[metric]
    rows = int(tiles["row"].max()) + 1
    height = int(rows * TILE_PX * 1.12 * scale + 120)
    fig = style.base(title if title is not None else m.name(lang), theme, height=height, scale=scale)
    values = tiles["value"].where(tiles["in_scope"])
    # Colour by rank, not by value: one very large region (中央 often is) would otherwise wash
    # every other tile out to the palest shade.
    ranks = values.rank(pct=True, method="average")
    c = style.THEMES[theme]
    colors, text_colors, labels, values_shown, hovers = [], [], [], [], []
    for r, v in zip(tiles.itertuples(), values):
        name = r.en if lang == "en" else r.province
        if pd.isna(v):
            color = c["grid"] if r.in_scope else c["paper"]
            hovers.append(f"{r.en if lang == 'en' else r.full}: {style.t('no_data', lang)}")
            labels.append(name)
            values_shown.append("")
        else:
            color = _color_at(float(ranks[r.Index]))
            hovers.append(f"{r.en if lang == 'en' else r.full}: {numbers.fmt(v, lang)} · #{int(r.rank)}")
            labels.append(name)
            values_shown.append(numbers.fmt(v, lang, 1))
        colors.append(color)
        text_colors.append("#FFFFFF" if _lightness(color) < 0.55 else "#1F2937")
    # Tiles are shapes in data units, so they grow with the figure (a 1920×1080 export, a projector);
    # an invisible marker on each carries the hover text and the click that filters to the province.
    for r, color in zip(tiles.itertuples(), colors):
        border = "#111827" if r.province in selected else (c["muted"] if not r.in_scope else c["paper"])
        fig.add_shape(type="rect", x0=r.col - 0.46, x1=r.col + 0.46, y0=r.row - 0.46, y1=r.row + 0.46,
                      fillcolor=color, line=dict(color=border, width=3 if r.province in selected else 1), layer="below")
    fig.add_trace(go.Scatter(
        x=tiles["col"], y=tiles["row"], mode="markers+text",
        customdata=list(zip(tiles["province"], labels, values_shown)),
        texttemplate="%{customdata[1]}<br><span style='font-size:0.8em'>%{customdata[2]}</span>",
        hovertext=hovers, hoverinfo="text", textfont=dict(color=text_colors, size=13 * scale),
        marker=dict(symbol="square", size=TILE_PX * scale, color="rgba(0,0,0,0)",
                    line=dict(width=[3 if p in selected else 0 for p in tiles["province"]], color="#111827")),
        selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1))))
    fig.update_xaxes(visible=False, range=[-0.6, tiles["col"].max() + 0.6], fixedrange=True)
    fig.update_yaxes(visible=False, range=[rows - 0.4, -0.6], scaleanchor="x", scaleratio=1, fixedrange=True)
    fig.update_layout(showlegend=False, margin=dict(l=8, r=8, t=64, b=8))
    return fig


def province_bar_figure(ranking: pd.DataFrame, metric: str, lang: str = "zh", theme: str = "light",
                        scale: float = 1.0, title: str | None = None, top: int = 15) -> go.Figure:
    m = METRICS[metric]
    data = ranking.sort_values("rank").head(top)
    values, unit, _ = style.scaled(data["value"], lang)
    fig = style.base(title, theme, height=max(360, 30 * len(data) + 120), scale=scale)
    fig.add_trace(go.Bar(
        y=[provinces.name(p, lang) for p in data["province"]], x=values, orientation="h", marker_color=style.ACCENT,
        customdata=data["province"], text=style.hover_values(data["value"], lang), textposition="outside",
        cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title_text=None)
    fig.update_xaxes(title_text=style.axis_title(m.name(lang), unit, lang), range=style.bar_range(values))
    fig.update_layout(showlegend=False)
    return fig
