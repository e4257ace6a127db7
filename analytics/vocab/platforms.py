"""The eight platforms: canonical codes, names, upload aliases and the one colour each uses everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.vocab.text import fold


@dataclass(frozen=True)
class Platform:
    code: str
    zh: str
    en: str
    color: str
    aliases: tuple[str, ...]
    index: str  # which communication index applies, see analytics.indices

    def name(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


# Colours are chosen to stay distinct from each other on white and on a dark background,
# loosely following each platform's own brand colour where that does not collide.
PLATFORMS: tuple[Platform, ...] = (
    Platform("weibo", "微博", "Weibo", "#E6162D", ("微博", "新浪微博", "sina weibo"), "BCI"),
    Platform("wechat", "微信", "WeChat", "#09B35F", ("微信", "微信公众号", "公众号", "weixin"), "WCI"),
    Platform("douyin", "抖音", "Douyin", "#00A3C4", ("抖音", "tiktok cn"), "DCI"),
    Platform("kuaishou", "快手", "Kuaishou", "#FF7A00", ("快手",), "DCI"),
    Platform("toutiao", "今日头条", "Toutiao", "#C29B00", ("今日头条", "头条", "头条号"), "GCI"),
    Platform("bilibili", "B站", "Bilibili", "#FB7299", ("哔哩哔哩", "b站", "bilibili"), "GCI"),
    Platform("xiaohongshu", "小红书", "Xiaohongshu", "#8E44AD", ("小红书", "red"), "GCI"),
    Platform("app", "政务App", "Gov app", "#3B6FD8", ("政务app", "客户端", "app", "政务客户端"), "GCI"),
)

BY_CODE: dict[str, Platform] = {p.code: p for p in PLATFORMS}
CODES: tuple[str, ...] = tuple(BY_CODE)
COLORS: dict[str, str] = {p.code: p.color for p in PLATFORMS}

_ALIASES: dict[str, str] = {}
for _p in PLATFORMS:
    for _a in (_p.code, _p.zh, _p.en, *_p.aliases):
        _ALIASES[fold(_a)] = _p.code


def canonical(value: str) -> str | None:
    """The platform code for any accepted spelling, or None when the value is not a platform."""
    return _ALIASES.get(fold(value))


def name(code: str, lang: str = "zh") -> str:
    p = BY_CODE.get(code)
    return p.name(lang) if p else code


def order_sql(column: str) -> str:
    """An ORDER BY key that lists platforms in the order above rather than alphabetically."""
    whens = " ".join(f"WHEN '{code}' THEN {i}" for i, code in enumerate(CODES))
    return f"(CASE {column} {whens} ELSE {len(CODES)} END)"
