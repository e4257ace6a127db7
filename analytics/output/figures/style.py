"""Shared look of every chart: CJK font stack, light and dark templates, platform colours, 万/亿 units."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from analytics.output import numbers
from analytics.vocab import names, platforms, provinces, units

# Noto Sans CJK comes from Debian's fonts-noto-cjk and is what exports render with; the others are
# what viewers' own machines usually have.
FONT_FAMILY = ("Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, "
               "WenQuanYi Micro Hei, sans-serif")
THEMES = {
    "light": {"paper": "#FFFFFF", "plot": "#FFFFFF", "text": "#1F2937", "grid": "#E5E7EB", "muted": "#6B7280"},
    "dark": {"paper": "#0E1117", "plot": "#0E1117", "text": "#E5E7EB", "grid": "#2D3340", "muted": "#9CA3AF"},
}
ACCENT = "#C8102E"  # 中国红, for single-series charts and highlights
NEUTRAL = "#9CA3AF"
SEQUENTIAL = ["#FFF5F0", "#FDD0C0", "#FB9A80", "#F0604D", "#C8102E", "#7F0A1D"]

def t(key: str, lang: str) -> str:
    return names.label(key, lang)


def _template(theme: str) -> go.layout.Template:
    c = THEMES[theme]
    return go.layout.Template(layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=16, color=c["text"]),
        title=dict(font=dict(size=22), x=0.01, xanchor="left"),
        paper_bgcolor=c["paper"], plot_bgcolor=c["plot"],
        colorway=[p.color for p in platforms.PLATFORMS],
        xaxis=dict(gridcolor=c["grid"], linecolor=c["grid"], zerolinecolor=c["grid"], ticks="outside",
                   tickcolor=c["grid"], automargin=True),
        yaxis=dict(gridcolor=c["grid"], linecolor=c["grid"], zerolinecolor=c["grid"], automargin=True),
        # Below the plot, measured from the figure's edge: a two-row legend never covers the title.
        legend=dict(orientation="h", yref="container", y=0.01, yanchor="bottom", xanchor="left", x=0,
                    font=dict(size=15)),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=15)),
        margin=dict(l=16, r=16, t=72, b=96),
    ))


for _name in THEMES:
    pio.templates[f"govmedia_{_name}"] = _template(_name)


def base(title: str | None, theme: str = "light", height: int = 460, scale: float = 1.0) -> go.Figure:
    """An empty figure in the house style; `scale` enlarges all type for a projector."""
    fig = go.Figure()
    fig.update_layout(template=f"govmedia_{theme}", height=height, title=title or None)
    if scale != 1.0:
        layout = fig.layout.template.layout
        fig.update_layout(font_size=layout.font.size * scale, title_font_size=layout.title.font.size * scale,
                          legend_font_size=layout.legend.font.size * scale)
    return fig


def platform_color(code: str) -> str:
    return platforms.COLORS.get(code, NEUTRAL)


def series_name(code: object, by: str | None, lang: str) -> str:
    if code is None or code != code:  # None or NaN: the attribute was not filled in
        return t("unknown", lang)
    if by == "platform":
        return platforms.name(str(code), lang)
    if by == "province":
        return provinces.name(str(code), lang)
    if by == "level":
        return units.level_name(str(code), lang)
    if by == "sector":
        return units.sector_name(str(code), lang)
    if code == "total":
        return t("total", lang)
    return str(code)


def scaled(values, lang: str) -> tuple[list[float], str, float]:
    """Values divided into 万/亿 (K/M/B) for an axis, the unit's name, and the divisor."""
    vals = [float(v) for v in values]
    peak = max((abs(v) for v in vals if v == v), default=0.0)
    divisor, unit = numbers.unit(peak, lang)
    return [v / divisor for v in vals], unit, divisor


def axis_title(name: str, unit: str, lang: str) -> str:
    if not unit:
        return name
    return f"{name}（{unit}）" if lang != "en" else f"{name} ({unit})"


def hover_values(values, lang: str) -> list[str]:
    return [numbers.fmt(v, lang) for v in values]


def bar_range(values) -> list[float]:
    """Room to the right of the longest bar for its value label."""
    peak = max((float(v) for v in values if v == v), default=0.0)
    return [0, peak * 1.22 if peak > 0 else 1]
