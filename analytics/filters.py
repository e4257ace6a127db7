"""The one Filters value every view takes, and its round trip to and from a URL query string."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from . import metrics, platforms, regions, vocab

GRANULARITIES = ("week", "month", "quarter", "half", "year")
GRANULARITY_NAMES = {"week": ("周", "Week"), "month": ("月", "Month"), "quarter": ("季度", "Quarter"),
                     "half": ("半年", "Half-year"), "year": ("年", "Year")}
_GRANULARITY_ALIASES = {"half-year": "half", "halfyear": "half", "h": "half", "w": "week", "m": "month",
                        "q": "quarter", "y": "year"}
MAX_VALUES = 100  # per repeated parameter; a longer list in a URL is cut with a warning
MIN_DATE, MAX_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
_PLAIN_TEXT = re.compile(r"^[\w\u3400-\u9fff·\-（）()]{1,30}$")
LIST_PARAMS = ("province", "city", "platform", "sector", "level")


@dataclass(frozen=True)
class FilterWarning:
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    provinces: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    granularity: str = "month"
    metric: str = metrics.DEFAULT

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    def key(self) -> tuple:
        return (self.start, self.end, self.provinces, self.cities, self.platforms, self.sectors, self.levels,
                self.granularity, self.metric)

    def to_query(self) -> dict[str, list[str]]:
        """Only what differs from the defaults, so links stay short."""
        q: dict[str, list[str]] = {}
        for name, values in zip(LIST_PARAMS, (self.provinces, self.cities, self.platforms, self.sectors, self.levels)):
            if values:
                q[name] = list(values)
        if self.start:
            q["start"] = [self.start.isoformat()]
        if self.end:
            q["end"] = [self.end.isoformat()]
        if self.granularity != Filters.granularity:
            q["granularity"] = [self.granularity]
        if self.metric != Filters.metric:
            q["metric"] = [self.metric]
        return q

    @classmethod
    def from_query(cls, query: Mapping[str, str | Iterable[str]], cities: Iterable[str] | None = None,
                   sectors: Iterable[str] | None = None) -> tuple[Filters, list[FilterWarning]]:
        """Read a URL query; anything unknown or malformed is dropped with a warning, never raised.

        `cities` and `sectors` are the values present in the data: free-text vocabularies are only
        accepted when they exist, so a URL cannot inject arbitrary text."""
        warnings: list[FilterWarning] = []
        get = lambda name: _values(query.get(name))  # noqa: E731
        known_cities = set(cities) if cities is not None else None
        known_sectors = set(sectors) if sectors is not None else set(vocab.SECTORS)

        def pick(name: str, canon, label_zh: str) -> tuple[str, ...]:
            raw = get(name)
            if len(raw) > MAX_VALUES:
                warnings.append(FilterWarning(f"参数 {name} 的值过多，只保留前 {MAX_VALUES} 个",
                                         f"too many values for {name}; kept the first {MAX_VALUES}"))
                raw = raw[:MAX_VALUES]
            out: list[str] = []
            for value in raw:
                c = canon(value)
                if c is None:
                    warnings.append(FilterWarning(f"已忽略无法识别的{label_zh}：{_shown(value)}",
                                             f"ignored unknown {name}: {_shown(value)}"))
                elif c not in out:
                    out.append(c)
            return tuple(out)

        def city(value: str) -> str | None:
            v = value.strip()
            if known_cities is not None:
                return v if v in known_cities else None
            return v if _PLAIN_TEXT.match(v) else None

        def sector(value: str) -> str | None:
            v = vocab.canonical_sector(value)
            return v if v in known_sectors else None

        f = cls(
            provinces=pick("province", regions.canonical, "省份"),
            cities=pick("city", city, "地市"),
            platforms=pick("platform", platforms.canonical, "平台"),
            sectors=pick("sector", sector, "行业"),
            levels=pick("level", vocab.canonical_level, "层级"),
        )
        start, end = (_date(name, get(name), warnings) for name in ("start", "end"))
        if start and end and start > end:
            warnings.append(FilterWarning("开始日期晚于结束日期，已对调", "start was after end; swapped them"))
            start, end = end, start
        granularity = _one("granularity", get("granularity"), warnings)
        if granularity is not None:
            g = _GRANULARITY_ALIASES.get(granularity.lower(), granularity.lower())
            if g in GRANULARITIES:
                f = f.with_(granularity=g)
            else:
                warnings.append(FilterWarning(f"已忽略无法识别的时间粒度：{_shown(granularity)}",
                                         f"ignored unknown granularity: {_shown(granularity)}"))
        metric = _one("metric", get("metric"), warnings)
        if metric is not None:
            if metric in metrics.METRICS:
                f = f.with_(metric=metric)
            else:
                warnings.append(FilterWarning(f"已忽略无法识别的指标：{_shown(metric)}", f"ignored unknown metric: {_shown(metric)}"))
        return f.with_(start=start, end=end), warnings


def _values(raw: str | Iterable[str] | None) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    return [str(v) for v in raw]


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:39] + "…")


def _one(name: str, raw: list[str], warnings: list[FilterWarning]) -> str | None:
    if len(raw) > 1:
        warnings.append(FilterWarning(f"参数 {name} 只能有一个值，已使用第一个", f"{name} takes one value; used the first"))
    return raw[0] if raw else None


def _date(name: str, raw: list[str], warnings: list[FilterWarning]) -> dt.date | None:
    value = _one(name, raw, warnings)
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value.strip()) if re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value) else None
    except ValueError:
        day = None
    if day is None or not MIN_DATE <= day <= MAX_DATE:
        warnings.append(FilterWarning(f"已忽略无效日期 {name}={_shown(value)}（应为 YYYY-MM-DD）",
                                 f"ignored invalid date {name}={_shown(value)} (expected YYYY-MM-DD)"))
        return None
    return day
