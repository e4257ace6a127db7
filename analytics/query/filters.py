"""The one Filters value every view takes, and its round trip to and from a URL query string."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from analytics.vocab import metrics, platforms, provinces, units
from analytics.vocab.names import GRANULARITIES as GRANULARITY_NAMES

GRANULARITIES = tuple(GRANULARITY_NAMES)
_GRANULARITY_ALIASES = {"half-year": "half", "halfyear": "half", "h": "half", "w": "week", "m": "month",
                        "q": "quarter", "y": "year"}
MAX_VALUES = 100  # per repeated parameter; a longer list in a URL is cut with a warning
MIN_DATE, MAX_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
_PLAIN_TEXT = re.compile(r"^[\w\u3400-\u9fff·\-（）()]{1,30}$")


def _sector(value: str) -> str | None:
    return units.canonical_sector(value) or None


@dataclass(frozen=True)
class Dimension:
    """One list filter: its URL parameter (also the snapshot column), the Filters field that holds it,
    its name in warnings, and how a raw value becomes canonical. `from_data` dimensions are free text
    and only accept values present in the data."""

    param: str
    attr: str
    zh: str
    canonical: Callable[[str], str | None]
    from_data: bool = False


# The one table of list filters: URL parsing and writing, SQL conditions, the sidebar, the filters in
# words and file names all iterate it.
DIMENSIONS = (
    Dimension("province", "provinces", "省份", provinces.canonical),
    Dimension("city", "cities", "地市", lambda v: v.strip() or None, from_data=True),
    Dimension("platform", "platforms", "平台", platforms.canonical),
    Dimension("sector", "sectors", "行业", _sector, from_data=True),
    Dimension("level", "levels", "层级", units.canonical_level),
)
LIST_PARAMS = tuple(d.param for d in DIMENSIONS)


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
        return (self.start, self.end, *(self.values(d) for d in DIMENSIONS), self.granularity, self.metric)

    def values(self, d: Dimension) -> tuple[str, ...]:
        return getattr(self, d.attr)

    def to_query(self) -> dict[str, list[str]]:
        """Only what differs from the defaults, so links stay short."""
        q: dict[str, list[str]] = {}
        for d in DIMENSIONS:
            if self.values(d):
                q[d.param] = list(self.values(d))
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
    def from_query(cls, query: Mapping[str, str | Iterable[str]],
                   known: Mapping[str, Iterable[str]] | None = None) -> tuple[Filters, list[FilterWarning]]:
        """Read a URL query; anything unknown or malformed is dropped with a warning, never raised.

        `known` holds, per free-text dimension (city, sector), the values present in the data: those are
        accepted only when they exist, so a URL cannot inject arbitrary text. Without it (no data yet),
        a free-text value is kept only if it looks like a plain name."""
        warnings: list[FilterWarning] = []
        get = lambda name: _values(query.get(name))  # noqa: E731
        chosen: dict[str, tuple[str, ...]] = {}
        for d in DIMENSIONS:
            raw = get(d.param)
            if len(raw) > MAX_VALUES:
                warnings.append(FilterWarning(f"参数 {d.param} 的值过多，只保留前 {MAX_VALUES} 个",
                                              f"too many values for {d.param}; kept the first {MAX_VALUES}"))
                raw = raw[:MAX_VALUES]
            present = set(known[d.param]) if known is not None and d.param in known else None
            out: list[str] = []
            for value in raw:
                c = d.canonical(value)
                if c is not None and d.from_data and present is None and not _PLAIN_TEXT.match(c):
                    c = None
                if c is None:
                    warnings.append(FilterWarning(f"已忽略无法识别的{d.zh}：{_shown(value)}",
                                                  f"ignored unknown {d.param}: {_shown(value)}"))
                elif present is not None and c not in present:
                    warnings.append(FilterWarning(f"已忽略数据中没有的{d.zh}：{_shown(c)}",
                                                  f"ignored {d.param} absent from the data: {_shown(c)}"))
                elif c not in out:
                    out.append(c)
            chosen[d.attr] = tuple(out)
        f = cls(**chosen)
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
