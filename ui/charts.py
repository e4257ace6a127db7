"""Charts on the page: our Plotly template (not Streamlit's), and clicks turned into filter values."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "autoScale2d"],
          "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1}}


def theme() -> str:
    """Charts follow the app's light or dark theme (presentation mode can force one)."""
    forced = st.session_state.get("theme") if st.session_state.get("present") else None
    if forced in ("light", "dark"):
        return forced
    try:
        return "dark" if st.context.theme.type == "dark" else "light"
    except (AttributeError, KeyError):
        return "light"


def scale() -> float:
    return 1.35 if st.session_state.get("present") else 1.0


def show(fig: go.Figure, key: str, selectable: bool = False) -> Any:
    if not selectable:
        st.plotly_chart(fig, theme=None, config=CONFIG, key=key, width="stretch")
        return None
    return st.plotly_chart(fig, theme=None, config=CONFIG, key=key, width="stretch", on_select="rerun",
                           selection_mode="points")


def selected_values(event: Any, index: int = 0) -> list[Any]:
    """The customdata value (or its `index`-th element) of every selected point, in order, once each."""
    if not event:
        return []
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return []
    values: list[Any] = []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, (list, tuple)):
            data = data[index] if len(data) > index else None
        if data is not None and data not in values:
            values.append(data)
    return values
