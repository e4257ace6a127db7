"""Tables as people read them, the same on screen and in CSV/XLSX: labelled headers in the chosen
language with the unit in the header, codes shown by their names, counts in 万/亿 (the unit chosen
from the column's largest value) and shares in %, at full precision (the screen rounds for display)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.output import inert, numbers
from analytics.vocab import names

KINDS = ("text", "count", "int", "signed_int", "pct", "signed_pct", "score", "date", "bool", "link")


@dataclass(frozen=True)
class Col:
    field: str
    zh: str
    en: str = ""
    kind: str = "text"  # one of KINDS
    dim: str | None = None  # a dimension whose codes are shown by name (platform, province, level, …)
    full: bool = False  # full names (浙江省 rather than 浙江)

    def label(self, lang: str) -> str:
        return (self.en or self.zh) if lang == "en" else self.zh


def col(field: str, label_key: str, kind: str = "text", dim: str | None = None) -> Col:
    """A column whose header comes from the shared vocabulary of labels."""
    return Col(field, names.label(label_key, "zh"), names.label(label_key, "en"), kind, dim)


def _with_unit(label: str, unit: str, lang: str) -> str:
    return label if not unit else (f"{label} ({unit})" if lang == "en" else f"{label}（{unit}）")


def labelled(df: pd.DataFrame, cols: list[Col], lang: str = "zh") -> tuple[pd.DataFrame, dict[str, str]]:
    """The table with people's headers and values, and each header's kind (for display formats)."""
    out: dict[str, pd.Series] = {}
    kinds: dict[str, str] = {}
    for c in cols:
        values = df[c.field].reset_index(drop=True)
        label = c.label(lang)
        if c.kind == "count":
            numeric = pd.to_numeric(values, errors="coerce")
            peak = numeric.abs().max()
            divisor, unit = numbers.unit(0 if pd.isna(peak) else float(peak), lang)
            label, values = _with_unit(label, unit, lang), numeric / divisor if divisor > 1 else numeric
            kind = "count" if divisor > 1 else "int"
        elif c.kind in ("pct", "signed_pct"):
            label, values, kind = _with_unit(label, "%", lang), pd.to_numeric(values, errors="coerce") * 100, c.kind
        elif c.kind in ("int", "signed_int", "score"):
            values, kind = pd.to_numeric(values, errors="coerce"), c.kind
        elif c.kind == "date":
            values, kind = pd.to_datetime(values).dt.date, "date"
        elif c.kind == "bool":
            values, kind = values.astype("boolean"), "bool"
        elif c.kind == "link":
            # Only web addresses ever become links (uploads accept nothing else; this holds whatever the source).
            values, kind = values.astype("string").fillna("").map(inert.web_address), "link"
        else:
            if c.dim:
                values = pd.Series(names.values(c.dim, values, lang, c.full), dtype="string")
            values, kind = values.astype("string").fillna("").map(inert.line), "text"
        while label in out:  # two columns may share a header (e.g. several shares): keep both apart
            label += " "
        out[label] = values
        kinds[label] = kind
    return pd.DataFrame(out), kinds
