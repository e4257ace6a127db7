"""CNNIC-style growth charts: scale as bars, growth rate (or penetration) as a line on a second axis,
increments labelled on the bars; opened versus closed accounts per half-year."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.output import numbers
from analytics.output.figures import style
from analytics.vocab import platforms

LABELLED_STEPS = 12


def _dual_axis(fig: go.Figure, left: str, right: str, right_range: list[float] | None = None) -> None:
    # Plotly syncs an overlaying axis's ticks to the left axis by default, giving ticks like 11.58%.
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", title_text=right, ticksuffix="%", showgrid=False,
                                  range=right_range, tickmode="auto", nticks=6, zeroline=False))
    fig.update_yaxes(title_text=left, rangemode="tozero", selector=dict(overlaying=None))
    fig.update_xaxes(type="category", title_text=None)


def growth_figure(df: pd.DataFrame, metric_name: str, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                  title: str | None = None, color: str = style.ACCENT) -> go.Figure:
    """One series: half-year scale (bars, increments labelled) and growth rate (line, right axis)."""
    fig = style.base(title, theme, scale=scale)
    values, unit, _ = style.scaled(df["scale"], lang)
    labels = list(df["label"])
    inc = [("" if pd.isna(v) else ("+" if v >= 0 else "") + numbers.fmt(v, lang)) for v in df["increment"]]
    fig.add_trace(go.Bar(x=labels, y=values, name=metric_name, marker_color=color, text=inc, textposition="outside",
                         cliponaxis=False, customdata=style.hover_values(df["scale"], lang),
                         hovertemplate=f"%{{x}} {metric_name}: %{{customdata}}<br>{style.t('increment', lang)} %{{text}}<extra></extra>"))
    rate = [None if pd.isna(v) else v * 100 for v in df["rate"]]
    fig.add_trace(go.Scatter(x=labels, y=rate, name=style.t("rate", lang), yaxis="y2", mode="lines+markers",
                             line=dict(color=style.NEUTRAL, width=3), marker=dict(size=8),
                             hovertemplate=f"%{{x}} {style.t('rate', lang)}: %{{y:.1f}}%<extra></extra>"))
    _dual_axis(fig, style.axis_title(metric_name, unit, lang), style.t("rate", lang))
    return fig


def growth_by_platform_figure(df: pd.DataFrame, metric_name: str, lang: str = "zh", theme: str = "light",
                              scale: float = 1.0, title: str | None = None) -> go.Figure:
    """Stacked half-year scale per platform, with the total's growth rate as a line."""
    fig = style.base(title, theme, scale=scale)
    values, unit, divisor = style.scaled(df.groupby("label")["scale"].sum(), lang)
    for code in platforms.CODES:
        g = df[df["series"] == code]
        if g.empty:
            continue
        name = platforms.name(code, lang)
        fig.add_trace(go.Bar(x=g["label"], y=g["scale"] / divisor, name=name, marker_color=style.platform_color(code),
                             customdata=style.hover_values(g["scale"], lang),
                             hovertemplate=f"%{{x}} {name}: %{{customdata}}<extra></extra>"))
    total = df.groupby("label", sort=True)["scale"].sum()
    rate = (total / total.shift(1) - 1) * 100
    inc = total.diff()
    fig.add_trace(go.Scatter(x=list(total.index), y=list(total / divisor), mode="text", showlegend=False,
                             text=["" if pd.isna(v) else ("+" if v >= 0 else "") + numbers.fmt(v, lang) for v in inc],
                             textposition="top center", hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=list(rate.index), y=list(rate), name=style.t("rate", lang), yaxis="y2",
                             mode="lines+markers", line=dict(color=style.NEUTRAL, width=3),
                             hovertemplate=f"%{{x}} {style.t('rate', lang)}: %{{y:.1f}}%<extra></extra>"))
    fig.update_layout(barmode="stack")
    _dual_axis(fig, style.axis_title(metric_name, unit, lang), style.t("rate", lang))
    return fig


def flows_figure(df: pd.DataFrame, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                 title: str | None = None) -> go.Figure:
    """Accounts opened (up) and closed (down, hatched) per half-year by platform: clean-up waves show as closures."""
    fig = style.base(title, theme, scale=scale)
    order = sorted(df["label"].unique())
    for code in platforms.CODES:
        g = df[df["platform"] == code]
        if g.empty:
            continue
        name = platforms.name(code, lang)
        for kind, sign in (("opened", 1), ("closed", -1)):
            fig.add_trace(go.Bar(x=g["label"], y=sign * g[kind], name=name, marker_color=style.platform_color(code),
                                 marker_pattern_shape="/" if sign < 0 else "", legendgroup=code,
                                 showlegend=sign > 0, customdata=g[kind],
                                 hovertemplate=f"%{{x}} {name} {style.t(kind, lang)}: %{{customdata}}<extra></extra>"))
    fig.update_layout(barmode="relative")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order, title_text=None)
    fig.update_yaxes(title_text=f"{style.t('opened', lang)} ↑ / {style.t('closed', lang)} ↓")
    return fig


def cnnic_figure(df: pd.DataFrame, which: str = "netizens", lang: str = "zh", theme: str = "light",
                 scale: float = 1.0, title: str | None = None) -> go.Figure:
    """CNNIC's series as its reports draw it: scale (亿) as bars with the increment on top, and
    penetration (or the mobile share) as a line. Steps that are not six months apart are marked."""
    col, rate_col = ("netizens_10k", "penetration_pct") if which == "netizens" else ("mobile_netizens_10k", "mobile_share_pct")
    names = {"netizens": (("网民规模", "互联网普及率"), ("Internet users", "Penetration")),
             "mobile": (("手机网民规模", "手机网民占比"), ("Mobile internet users", "Share of users on mobile"))}[which]
    bar_name, line_name = names[1] if lang == "en" else names[0]
    data = df.dropna(subset=[col])
    fig = style.base(title, theme, scale=scale)
    inc = data[col].diff()

    def in_10k(v: float, signed: bool = False) -> str:
        # CNNIC publishes exact 万 figures (82851万); English readers get millions.
        sign = "+" if signed and v >= 0 else ""
        return f"{sign}{v:.0f}万" if lang != "en" else sign + numbers.fmt(v * 1e4, "en")

    # Thirty-odd labels are unreadable on a projector: label the latest steps, keep all in the hover.
    labelled = set(data.index[-LABELLED_STEPS:])
    fig.add_trace(go.Bar(
        x=data["as_of"], y=data[col] / 1e4, name=bar_name, marker_color=style.ACCENT,
        text=["" if pd.isna(v) or i not in labelled else in_10k(v, signed=True) for i, v in zip(data.index, inc)],
        textposition="outside", cliponaxis=False,
        textfont=dict(size=13 * scale), customdata=[[in_10k(v), "" if pd.isna(d) else in_10k(d, True)]
                                                     for v, d in zip(data[col], inc)],
        hovertemplate=f"%{{x}} {bar_name}: %{{customdata[0]}} (%{{customdata[1]}})<extra></extra>"))
    fig.add_trace(go.Scatter(x=data["as_of"], y=data[rate_col], name=line_name, yaxis="y2", mode="lines+markers",
                             line=dict(color=style.NEUTRAL, width=3),
                             hovertemplate=f"%{{x}} {line_name}: %{{y:.1f}}%<extra></extra>"))
    for r in data[data["months"].fillna(6) != 6].itertuples():
        note = (f"{int(r.months)} 个月" if lang != "en" else f"{int(r.months)} months")
        fig.add_annotation(x=r.as_of, y=getattr(r, col) / 1e4, text=note, showarrow=True, arrowhead=2, ay=-60,
                           font=dict(size=12 * scale, color=style.THEMES[theme]["muted"]))
    unit = "亿人" if lang != "en" else "100M people"
    _dual_axis(fig, f"{bar_name}（{unit}）" if lang != "en" else f"{bar_name} ({unit})", line_name, [0, 100])
    return fig


GOVERNMENT_SERIES = (("经过新浪平台认证的政务机构微博", "weibo", "Government agency Weibo accounts (Sina-verified)"),
                     ("各级政府开通的政务头条号", "toutiao", "Government Toutiao accounts"))


def as_of_date(as_of: str) -> pd.Timestamp:
    """CNNIC's cut-off month (2020-12) as its last day, so events fall where they happened."""
    return pd.Timestamp(f"{as_of}-01") + pd.offsets.MonthEnd(0)


def government_figure(df: pd.DataFrame, lang: str = "zh", theme: str = "light", scale: float = 1.0,
                      title: str | None = None) -> go.Figure:
    """CNNIC's counts of government Weibo and Toutiao accounts on a time axis, each point labelled."""
    fig = style.base(title, theme, scale=scale)
    for metric, code, english in GOVERNMENT_SERIES:
        rows = df[df["metric"] == metric].sort_values("as_of")
        if rows.empty:
            continue
        name = english if lang == "en" else metric
        fig.add_trace(go.Scatter(
            x=[as_of_date(a) for a in rows["as_of"]], y=rows["value"], name=name, mode="lines+markers+text",
            line=dict(color=style.platform_color(code), width=3), marker=dict(size=9 * scale),
            text=[numbers.fmt(v, lang) for v in rows["value"]], textposition="top center", textfont=dict(size=12 * scale),
            customdata=[[a, f"{v:,.0f}"] for a, v in zip(rows["as_of"], rows["value"])],
            hovertemplate=f"{name}<br>%{{customdata[0]}}: %{{customdata[1]}}<extra></extra>"))
    fig.update_yaxes(title_text="个" if lang != "en" else "accounts", rangemode="tozero")
    return fig
