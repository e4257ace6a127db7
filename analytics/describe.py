"""Filters in words, for captions, exported decks and the presentation header."""

from __future__ import annotations

import datetime as dt

from . import platforms, regions, vocab
from .filters import GRANULARITY_NAMES, Filters


def filters_text(f: Filters, bounds: tuple[dt.date, dt.date], lang: str = "zh") -> str:
    en = lang == "en"
    sep = ", " if en else "、"
    parts = []
    if f.provinces:
        parts.append(sep.join(regions.name(p, lang) for p in f.provinces))
    if f.cities:
        parts.append(sep.join(f.cities))
    if f.platforms:
        parts.append(sep.join(platforms.name(p, lang) for p in f.platforms))
    if f.sectors:
        parts.append(sep.join(vocab.sector_name(s, lang) for s in f.sectors))
    if f.levels:
        parts.append(sep.join(vocab.level_name(lv, lang) for lv in f.levels))
    if not parts:
        parts.append("All regions and platforms" if en else "全部地区、平台")
    start, end = f.start or bounds[0], f.end or bounds[1]
    parts.append(f"{start.isoformat()} – {end.isoformat()}")
    parts.append(("by " if en else "按") + GRANULARITY_NAMES[f.granularity][1 if en else 0].lower())
    return " · ".join(parts)


def slug(f: Filters) -> str:
    """A short summary of the filters for file names: letters (Chinese too), digits and +-~_ only."""
    bits = ["+".join(values) for values in (f.provinces, f.cities, f.platforms, f.sectors, f.levels) if values]
    if f.start or f.end:
        bits.append(f"{f.start or ''}~{f.end or ''}")
    text = "_".join(bits) or "all"
    return "".join(ch if ch.isalnum() or ch in "+-~_" else "-" for ch in text)[:80]
