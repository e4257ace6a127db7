"""Page options: the choices a page offers besides the shared filters (top N, split, grouping…),
carried in the link like the filters. One table; the README documents every entry."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.vocab import names, platforms


@dataclass(frozen=True)
class Option:
    name: str  # the URL parameter
    default: str
    zh: str
    en: str
    choices: tuple[str, ...] = ()  # allowed values; empty with `bounds` for a whole number
    bounds: tuple[int, int] | None = None
    labels: tuple[tuple[str, str, str], ...] = ()  # (value, zh, en) where a value's name is not a vocabulary's
    by_page: bool = False  # drawn by the page itself, among choices only its data knows (platforms present)

    def parse(self, raw: str) -> str | None:
        """The canonical value of a URL value, or None when it is not allowed."""
        text = raw.strip()
        if self.bounds:
            try:
                number = int(text)
            except ValueError:
                return None
            return str(number) if self.bounds[0] <= number <= self.bounds[1] else None
        if self.name == "board":
            return platforms.canonical(text)
        return text if text in self.choices else None

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def value_name(self, value: str, lang: str) -> str:
        for v, zh, en in self.labels:
            if v == value:
                return en if lang == "en" else zh
        if self.name == "board":
            return names.value("platform", value, lang)
        return names.label(value, lang)


OPTIONS: dict[str, Option] = {o.name: o for o in (
    Option("split", "total", "拆分方式", "Split by", ("total", "platform", "province", "sector", "level")),
    Option("rolling", "0", "显示移动平均", "Show rolling mean", ("0", "1")),
    Option("events", "1", "标注事件", "Show events", ("0", "1")),
    Option("top", "10", "榜单人数", "Top N", bounds=(3, 50)),
    Option("board", "", "榜单平台", "Platform ranked", platforms.CODES, by_page=True),
    Option("by", "province", "按…统计", "By", ("province", "sector", "platform", "level")),
    Option("series", "netizens", "CNNIC 系列", "CNNIC series", ("netizens", "mobile"),
           labels=(("netizens", "网民规模与互联网普及率", "Users and penetration"),
                   ("mobile", "手机网民规模与占比", "Mobile users and share"))),
)}
