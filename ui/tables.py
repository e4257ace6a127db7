"""Tables on screen: the labelled table of analytics.output.tables (the same one CSV and XLSX get),
rounded for display only; rows can be clicked to open an account."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from analytics.output import export
from analytics.output.describe import slug
from analytics.output.tables import Col, labelled

from . import exporting, state
from .i18n import lang

_FORMATS = {"count": "%.2f", "int": "%d", "signed_int": "%+d", "pct": "%.1f", "signed_pct": "%+.1f", "score": "%.2f"}


def _config(kinds: dict[str, str]) -> dict[str, Any]:
    config: dict[str, Any] = {}
    for label, kind in kinds.items():
        if kind in _FORMATS:
            config[label] = st.column_config.NumberColumn(label, format=_FORMATS[kind])
        elif kind == "date":
            config[label] = st.column_config.DateColumn(label, format="YYYY-MM-DD")
        elif kind == "bool":
            config[label] = st.column_config.CheckboxColumn(label)
        elif kind == "link":
            config[label] = st.column_config.LinkColumn(label, display_text="Open" if lang() == "en" else "打开")
        else:
            config[label] = st.column_config.TextColumn(label)
    return config


def downloads(table: pd.DataFrame, key: str, page: str) -> None:
    name = export.file_name(f"{page}-{key}", slug(state.link().filters), "{ext}")
    row = st.container(horizontal=True)
    row.download_button("CSV", lambda: export.csv_bytes(table), file_name=name.format(ext="csv"),
                         mime="text/csv", key=f"{key}_csv", icon=":material/download:",
                         on_click=exporting.audited(page, "csv", key))
    row.download_button("XLSX", lambda: export.xlsx_bytes({key: table}), file_name=name.format(ext="xlsx"),
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx",
                          icon=":material/download:", on_click=exporting.audited(page, "xlsx", key))


def show(df: pd.DataFrame, cols: list[Col], key: str, page: str = "page", clickable: bool = False,
         height: int | str = "auto", prepared: tuple[pd.DataFrame, dict[str, str]] | None = None,
         visible: int | None = None) -> list[int]:
    """Render with CSV and XLSX downloads of the same table; returns the clicked rows when `clickable`.
    `prepared` is the table already labelled (a shared section's), which is then not made again;
    `visible` shows only the first columns (a phone), while the downloads keep every column."""
    table, kinds = prepared or labelled(df, cols, lang())
    downloads(table, key, page)
    options: dict[str, Any] = dict(column_config=_config(kinds), hide_index=True, key=key, height=height, width="stretch")
    if visible:
        options["column_order"] = list(table.columns[:visible])
    if not clickable:
        st.dataframe(table, **options)
        return []
    event = st.dataframe(table, on_select="rerun", selection_mode="single-row", **options)
    try:
        return list(event.selection.rows)
    except AttributeError:
        return []
