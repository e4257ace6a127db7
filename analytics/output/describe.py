"""Filters in words, for captions, exported decks and the presentation header, and in file names."""

from __future__ import annotations

import datetime as dt

from analytics.query.filters import DIMENSIONS, Filters
from analytics.vocab import names


def filters_text(f: Filters, bounds: tuple[dt.date, dt.date], lang: str = "zh") -> str:
    en = lang == "en"
    sep = ", " if en else "、"
    parts = [sep.join(names.values(d.param, f.values(d), lang)) for d in DIMENSIONS if f.values(d)]
    if not parts:
        parts.append("All regions and platforms" if en else "全部地区、平台")
    start, end = f.start or bounds[0], f.end or bounds[1]
    parts.append(f"{start.isoformat()} – {end.isoformat()}")
    parts.append(("by " if en else "按") + names.value("granularity", f.granularity, lang).lower())
    return " · ".join(parts)


def slug(f: Filters) -> str:
    """A short summary of the filters for file names: letters (Chinese too), digits and +-~_ only."""
    bits = ["+".join(f.values(d)) for d in DIMENSIONS if f.values(d)]
    if f.start or f.end:
        bits.append(f"{f.start or ''}~{f.end or ''}")
    text = "_".join(bits) or "all"
    return "".join(ch if ch.isalnum() or ch in "+-~_" else "-" for ch in text)[:80]
