"""Tables of the numbers behind each chart: counts scaled to 万/亿 with the unit in the header,
so columns stay sortable; rows can be clicked to open an account."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from analytics import export, numbers
from analytics.describe import slug

from .i18n import lang


@dataclass(frozen=True)
class Col:
    name: str
    label: str
    kind: str = "text"  # text | count | int | pct | signed_pct | score | date | bool


def _unit_label(label: str, unit: str) -> str:
    if not unit:
        return label
    return f"{label}（{unit}）" if lang() != "en" else f"{label} ({unit})"


def frame(df: pd.DataFrame, cols: list[Col]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The display frame and its column configuration."""
    out = pd.DataFrame(index=df.index)
    config: dict[str, Any] = {}
    for c in cols:
        values = df[c.name]
        if c.kind == "count":
            peak = pd.to_numeric(values, errors="coerce").abs().max()
            divisor, unit = numbers.unit(0 if pd.isna(peak) else float(peak), lang())
            label = _unit_label(c.label, unit)
            out[label] = pd.to_numeric(values, errors="coerce") / divisor
            config[label] = st.column_config.NumberColumn(label, format="%.2f" if divisor > 1 else "%d")
        elif c.kind in ("pct", "signed_pct"):
            out[c.label] = pd.to_numeric(values, errors="coerce") * 100
            config[c.label] = st.column_config.NumberColumn(c.label, format="%+.1f%%" if c.kind == "signed_pct" else "%.1f%%")
        elif c.kind == "int":
            out[c.label] = pd.to_numeric(values, errors="coerce")
            config[c.label] = st.column_config.NumberColumn(c.label, format="%d")
        elif c.kind == "score":
            out[c.label] = pd.to_numeric(values, errors="coerce")
            config[c.label] = st.column_config.NumberColumn(c.label, format="%.2f")
        elif c.kind == "date":
            out[c.label] = pd.to_datetime(values).dt.date
            config[c.label] = st.column_config.DateColumn(c.label, format="YYYY-MM-DD")
        elif c.kind == "bool":
            out[c.label] = values.astype("boolean")
            config[c.label] = st.column_config.CheckboxColumn(c.label)
        else:
            out[c.label] = values.astype("string").fillna("")
            config[c.label] = st.column_config.TextColumn(c.label)
    return out.reset_index(drop=True), config


def raw(df: pd.DataFrame, cols: list[Col]) -> pd.DataFrame:
    """The same columns, labelled, with full-precision numbers (for CSV and XLSX)."""
    out = pd.DataFrame({c.label.strip(): df[c.name] for c in cols})
    return out.loc[:, ~out.columns.duplicated()].reset_index(drop=True)


def downloads(df: pd.DataFrame, cols: list[Col], key: str) -> None:
    page = st.session_state.get("page_key", "page")
    name = export.file_name(f"{page}-{key}", slug(st.session_state["filters"]), "{ext}") if "filters" in st.session_state \
        else f"{page}-{key}.{{ext}}"
    left, right, _ = st.columns([1, 1, 6])
    left.download_button("CSV", lambda: export.csv_bytes(raw(df, cols)), file_name=name.format(ext="csv"),
                         mime="text/csv", key=f"{key}_csv", icon=":material/download:")
    right.download_button("XLSX", lambda: export.xlsx_bytes({key: raw(df, cols)}), file_name=name.format(ext="xlsx"),
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx",
                          icon=":material/download:")


def show(df: pd.DataFrame, cols: list[Col], key: str, clickable: bool = False, height: int | str = "auto") -> list[int]:
    """Render with CSV and XLSX downloads of the numbers; returns the clicked rows when `clickable`."""
    downloads(df, cols, key)
    display, config = frame(df, cols)
    if not clickable:
        st.dataframe(display, column_config=config, hide_index=True, key=key, height=height, width="stretch")
        return []
    event = st.dataframe(display, column_config=config, hide_index=True, key=key, height=height, width="stretch",
                         on_select="rerun", selection_mode="single-row")
    try:
        return list(event.selection.rows)
    except AttributeError:
        return []
