"""Charts on the page: our Plotly template (not Streamlit's), and clicks turned into filter values."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from . import state

PRESENTATION_SCALE = 1.35  # slides and exports are read on a projector
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "autoScale2d"],
          "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1}}


def theme() -> str:
    """Charts follow the app's light or dark theme (presentation mode can force one)."""
    link = state.link()
    if link.present:
        return link.theme
    try:
        return "dark" if st.context.theme.type == "dark" else "light"
    except (AttributeError, KeyError):
        return "light"


def scale() -> float:
    return PRESENTATION_SCALE if state.link().present else 1.0


def show(fig: go.Figure, key: str, selectable: bool = False, toolbar: bool = True) -> Any:
    """`toolbar=False` drops Plotly's tool buttons (a phone: they cover the title and a finger hits them)."""
    config = CONFIG if toolbar else {**CONFIG, "displayModeBar": False}
    if not selectable:
        st.plotly_chart(fig, theme=None, config=config, key=key, width="stretch")
        return None
    return st.plotly_chart(fig, theme=None, config=config, key=key, width="stretch", on_select="rerun",
                           selection_mode="points")
