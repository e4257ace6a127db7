"""Number formatting for people: 万 and 亿 in Chinese, K/M/B in English, and chart units."""

from __future__ import annotations

import math

_ZH = ((1e8, "亿"), (1e4, "万"))
_EN = ((1e9, "B"), (1e6, "M"), (1e3, "K"))
# Below ten thousand a number is written out in both languages (2209, 2,209): the Chinese has no unit
# below 万, and a card reading 2.21K beside 2209 would say two different things.
EXACT_BELOW = 1e4


def _trim(value: float, decimals: int, sep: str = ",") -> str:
    text = f"{value:{sep}.{decimals}f}" if sep else f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt(value: float | int | None, lang: str = "zh", decimals: int = 2) -> str:
    """15.27亿, 6561万, 1.2万, 2209 / 1.53B, 65.61M, 12.35K, 2,209; missing values show as an en dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "-" if value < 0 else ""
    v = abs(value)
    # Chinese writes 6561万 and 9999 without digit grouping; English groups thousands.
    sep = "," if lang == "en" else ""
    for size, suffix in (_EN if lang == "en" else _ZH):
        if v >= size and v >= EXACT_BELOW:
            return f"{sign}{_trim(v / size, decimals, sep)}{suffix}"
    return f"{sign}{_trim(v, 0 if float(v).is_integer() else decimals, sep)}"


def pct(value: float | None, lang: str = "zh", decimals: int = 1, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or math.isinf(value):
        return "–"
    text = f"{value * 100:{'+' if signed else ''}.{decimals}f}%"
    return text


def unit(max_value: float, lang: str = "zh") -> tuple[float, str]:
    """A divisor and unit name for a chart axis, so ticks read 1,200 万 rather than 12,000,000."""
    for size, suffix in (_EN if lang == "en" else _ZH):
        if max_value >= size * 10 or (max_value >= size and size >= 1e8):
            return size, suffix
    return 1.0, ""


def kpi(value: float | None, change: float | None, lang: str = "zh", points: bool = False) -> tuple[str, str | None]:
    """A headline figure as shown and its change against the period before ('±0' when unchanged;
    percentage points for a rate)."""
    if value is None or value != value:
        return "–", None
    shown = pct(value, lang) if points else fmt(value, lang)
    if change is None or change != change:
        return shown, None
    if abs(change) < 0.0005:
        return shown, "±0"
    if points:
        return shown, f"{change * 100:+.1f} {'pts' if lang == 'en' else '个百分点'}"
    return shown, pct(change, lang, signed=True)
