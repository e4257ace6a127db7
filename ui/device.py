"""Phones: which visitor is on one (their browser says so in its User-Agent, the only hint of the screen
a server gets before the first page is drawn), what changes for them, and the CSS that makes any narrow
window — phone or not — lay out without sideways scrolling. The link stays the same on every device."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import streamlit as st

from analytics.output.figures import events

# iPhone, Android phones (tablets say Android without Mobile), WeChat's and other in-app browsers, HarmonyOS.
PHONE_UA = re.compile(r"iPhone|iPod|Android.*Mobile|Mobile.*Android|Windows Phone|HarmonyOS.*Mobile|MicroMessenger.*Mobile"
                      r"|Mobile Safari", re.I)
PHONE_CHART_HEIGHT = 330
PHONE_TABLE_COLUMNS = 4

CSS = """
<style>
@media (max-width: 640px) {
  html, body { max-width: 100%; }
  [data-testid="stMainBlockContainer"], .block-container { padding: 4rem 0.7rem 2rem 0.7rem !important; max-width: 100vw !important; }
  [data-testid="stMain"] h1 { font-size: 1.45rem !important; padding: 0.2rem 0 !important; }
  [data-testid="stMain"] h2 { font-size: 1.2rem !important; }
  [data-testid="stMain"] h3 { font-size: 1.05rem !important; }
  [data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"] { overflow-wrap: anywhere; }
  /* KPI cards: two per row instead of one per row. */
  [class*="st-key-kpis_"] [data-testid="stHorizontalBlock"] { flex-wrap: wrap !important; gap: 0.5rem !important; }
  [class*="st-key-kpis_"] [data-testid="stColumn"] { flex: 1 1 calc(50% - 0.5rem) !important; min-width: calc(50% - 0.5rem) !important;
                                          width: calc(50% - 0.5rem) !important; }
  [class*="st-key-kpis_"] [data-testid="stMetric"] { padding: 0.35rem 0.55rem !important; }
  [class*="st-key-kpis_"] [data-testid="stMetricValue"] { font-size: 1.3rem !important; }
  [class*="st-key-kpis_"] [data-testid="stMetricLabel"] p { font-size: 0.78rem !important; }
  /* The title row keeps its export button beside the title. */
  .st-key-page_head [data-testid="stHorizontalBlock"] { flex-wrap: nowrap !important; align-items: end; }
  .st-key-page_head [data-testid="stColumn"]:first-child { min-width: 0 !important; flex: 1 1 auto !important; }
  .st-key-page_head [data-testid="stColumn"]:last-child { min-width: max-content !important; flex: 0 0 auto !important; }
  [data-testid="stPlotlyChart"], [data-testid="stDataFrame"] { max-width: 100% !important; }
  pre, code { white-space: pre-wrap !important; overflow-wrap: anywhere; }
}
</style>
"""


def _label_tiers() -> str:
    """Each chart shows the event labels laid out for its own width (see analytics.output.figures.events)."""
    label = f'[data-testid="stPlotlyChart"] g.annotation:has(text[style*="{events.TIER_FONT}'
    rules = ['[data-testid="stPlotlyChart"] { container-type: inline-size; }', f'{label}"]) {{ display: none; }}']
    for low, high in zip(events.TIERS, (*events.TIERS[1:], None)):
        upper = f" and (max-width: {high - 0.02}px)" if high else ""
        rules.append(f'@container (min-width: {low}px){upper} {{ {label}{low}w"]) {{ display: inline; }} }}')
    return "<style>\n" + "\n".join(rules) + "\n</style>\n"


CSS += _label_tiers()


def phone() -> bool:
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except (AttributeError, RuntimeError):
        return False
    return bool(PHONE_UA.search(agent))


def style() -> None:
    st.html(CSS)  # style only: applied to the page without taking a place in it


def _names(fig: go.Figure, axis: str) -> bool:
    """Whether an axis lists names (platforms, provinces, half-years): each is a label a reader needs."""
    for trace in fig.data:
        values = getattr(trace, axis, None)
        if values is not None and len(values) and isinstance(values[0], str):
            return True
    return False


def fit(fig: go.Figure) -> go.Figure:
    """A chart for a 390-pixel screen: shorter, legend under the plot, fewer ticks, labels that would
    collide hidden, event labels left to their markers' hover, and hover that a finger can hit."""
    fig = go.Figure(fig)  # the figure is shared with other sessions: never changed in place
    top = fig.layout.margin.t if fig.layout.xaxis.side == "top" and fig.layout.margin.t else 36  # labels above the plot
    fig.update_layout(height=PHONE_CHART_HEIGHT, margin=dict(l=6, r=6, t=top, b=6), font=dict(size=11),
                      title=dict(font=dict(size=14)),
                      legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0, font=dict(size=10)),
                      uniformtext=dict(minsize=9, mode="hide"), hoverdistance=40, dragmode=False)
    # A list of names (a ranking's horizontal bars) keeps every label; numbers and dates get fewer ticks.
    named = any(getattr(trace, "orientation", None) == "h" for trace in fig.data)
    if named:  # every name on its own line: the chart grows with the list rather than squeezing it
        rows = len({v for trace in fig.data if getattr(trace, "orientation", None) == "h" for v in (trace.y or ())})
        fig.update_layout(height=max(PHONE_CHART_HEIGHT, 22 * rows + 90))
    fig.update_xaxes(automargin=True, title_font=dict(size=11), **({} if _names(fig, "x") else {"nticks": 4}))
    fig.update_yaxes(automargin=True, title_font=dict(size=11), **({} if named or _names(fig, "y") else {"nticks": 5}))
    for annotation in fig.layout.annotations or ():
        if annotation.name == "event":
            annotation.visible = False
    return fig
