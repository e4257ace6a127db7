"""Events that explain a rise or a fall: what one is, its kinds and scopes, and the checks a table of them
passes before it is used (the shipped file, an analyst's upload or form).

An event has a date or a date range, a title (zh, optionally en), an optional description and link, a
kind, a scope — `national`, `province:浙江`, `city:浙江/杭州`, `platform:douyin`, `agency:公安部` or
`account:weibo:1288915263` — an importance (1 low … 3 high: which events stay when a chart has room
for few) and a source: `curated` (shipped, with the document it comes from), `added` (by an analyst)
or `derived` (found in the data: renames, merges, clean-up waves, first and last appearances)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd

from analytics.vocab import platforms, provinces
from analytics.vocab.text import fold

KINDS = {  # code: (zh, en)
    "policy": ("政策", "policy"),
    "cleanup": ("清理整合", "clean-up"),
    "rename": ("更名/合并", "rename/merge"),
    "platform": ("平台", "platform"),
    "campaign": ("专项行动", "campaign"),
    "incident": ("事件", "incident"),
    "report": ("报告发布", "report"),
    "lifecycle": ("开设/关停", "opened/closed"),
}
SOURCES = {"curated": ("内置", "curated"), "added": ("分析员添加", "added"), "derived": ("数据推算", "derived")}
SCOPE_KINDS = ("national", "province", "city", "platform", "agency", "account")
COLUMNS = ["id", "start", "end", "kind", "scope", "title_zh", "title_en", "description", "link", "importance", "source", "reference",
           "subject", "weight"]
# subject: platform:account_id of the one account a derived event is about (a rename), else empty;
# weight: the size of what happened (accounts closed in a clean-up wave), 0 when not measured
HEADERS = {  # accepted header (folded) → column
    "id": ("id", "编号"),
    "start": ("start", "date", "日期", "开始日期", "开始"),
    "end": ("end", "结束日期", "结束"),
    "kind": ("kind", "类型", "事件类型"),
    "scope": ("scope", "范围", "适用范围"),
    "title_zh": ("title_zh", "title", "标题", "事件", "名称"),
    "title_en": ("title_en", "英文标题"),
    "description": ("description", "说明", "描述"),
    "link": ("link", "url", "链接"),
    "importance": ("importance", "重要性"),
    "reference": ("reference", "source_document", "出处", "来源文件"),
}
_BY_HEADER = {fold(h): c for c, names in HEADERS.items() for h in names}
_KIND_ALIASES = {fold(a): code for code, names in KINDS.items() for a in (code, *names)}
_KIND_ALIASES.update({fold("clean-up"): "cleanup", fold("merge"): "rename", fold("更名"): "rename", fold("合并"): "rename"})
MAX_TITLE = 60
MAX_DESCRIPTION = 500


@dataclass(frozen=True)
class EventScope:
    kind: str  # one of SCOPE_KINDS
    province: str = ""
    city: str = ""
    platform: str = ""
    agency: str = ""
    account_id: str = ""

    def text(self) -> str:
        return {"national": "national", "province": f"province:{self.province}", "city": f"city:{self.province}/{self.city}",
                "platform": f"platform:{self.platform}", "agency": f"agency:{self.agency}",
                "account": f"account:{self.platform}:{self.account_id}"}[self.kind]

    def describe(self, lang: str = "zh") -> str:
        zh = lang != "en"
        if self.kind == "national":
            return "全国" if zh else "national"
        if self.kind == "province":
            return provinces.name(self.province, lang)
        if self.kind == "city":
            return f"{provinces.name(self.province, lang)}/{self.city}"
        if self.kind == "platform":
            return platforms.name(self.platform, lang)
        if self.kind == "agency":
            return self.agency
        return f"{platforms.name(self.platform, lang)}:{self.account_id}"


class BadScope(ValueError):
    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


def parse_scope(text: str) -> EventScope:
    """`national`, `province:浙江`, `city:浙江/杭州`, `platform:抖音`, `agency:公安部`, `account:weibo:123`."""
    raw = (text or "").strip()
    head, _, rest = raw.partition(":")
    head = fold(head)
    rest = rest.strip()
    if head in ("national", "全国", "") and not rest:
        return EventScope("national")
    if head in ("province", "省份", "省") and provinces.canonical(rest):
        return EventScope("province", province=provinces.canonical(rest))
    if head in ("city", "地市", "市") and "/" in rest:
        p, _, c = rest.partition("/")
        if provinces.canonical(p) and c.strip():
            return EventScope("city", province=provinces.canonical(p), city=c.strip())
    if head in ("platform", "平台") and platforms.canonical(rest):
        return EventScope("platform", platform=platforms.canonical(rest))
    if head in ("agency", "主办单位", "机构") and rest:
        return EventScope("agency", agency=rest)
    if head in ("account", "账号"):
        p, _, a = rest.partition(":")
        if platforms.canonical(p) and a.strip():
            return EventScope("account", platform=platforms.canonical(p), account_id=a.strip())
    raise BadScope(f"无法识别的范围“{raw[:60]}”：应为 national、province:浙江、city:浙江/杭州、platform:douyin、agency:单位名 或 account:平台:账号ID",
                   f"unknown scope '{raw[:60]}': use national, province:浙江, city:浙江/杭州, platform:douyin, agency:NAME or account:PLATFORM:ID")


def parse_kind(text: str) -> str | None:
    return _KIND_ALIASES.get(fold(text or ""))


def link_ok(url: str) -> bool:
    if not url:
        return True
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and len(url) <= 500 and not any(c.isspace() for c in url)


def _date(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for pattern in (r"^(\d{4})-(\d{1,2})-(\d{1,2})$", r"^(\d{4})/(\d{1,2})/(\d{1,2})$", r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"):
        m = re.match(pattern, text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def normalise(rows: pd.DataFrame, source: str) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    """The rows as an events table (COLUMNS), and the problems found: (row number from 1, zh, en).

    Headers are matched in Chinese or English; a table with any problem must not be used."""
    found: dict[str, str] = {}
    for header in rows.columns:
        column = _BY_HEADER.get(fold(str(header)))
        if column and column not in found:
            found[column] = header
    problems: list[tuple[int, str, str]] = []
    for needed, zh in (("start", "日期"), ("title_zh", "标题")):
        if needed not in found:
            problems.append((0, f"缺少“{zh}”列", f"the '{needed}' ({zh}) column is missing"))
    if problems:
        return pd.DataFrame(columns=COLUMNS), problems
    out = []
    for n, row in enumerate(rows.itertuples(index=False), 1):
        get = {c: row[rows.columns.get_loc(h)] for c, h in found.items()}
        text = {c: "" if v is None or (isinstance(v, float) and pd.isna(v)) else " ".join(str(v).split()) for c, v in get.items()}
        start, end = _date(get.get("start")), _date(get.get("end")) if text.get("end") else None
        if start is None:
            problems.append((n, f"日期“{text.get('start', '')[:20]}”无法识别（应为 2019-01-16）", f"date '{text.get('start', '')[:20]}' is not a date (2019-01-16)"))
            continue
        if text.get("end") and end is None:
            problems.append((n, f"结束日期“{text['end'][:20]}”无法识别", f"end date '{text['end'][:20]}' is not a date"))
            continue
        if end is not None and end < start:
            problems.append((n, "结束日期早于开始日期", "the end date is before the start date"))
            continue
        title = text.get("title_zh", "")
        if not title or len(title) > MAX_TITLE:
            problems.append((n, f"标题为空或超过 {MAX_TITLE} 字", f"the title is empty or longer than {MAX_TITLE} characters"))
            continue
        kind = parse_kind(text.get("kind", "")) if text.get("kind") else "campaign"
        if kind is None:
            problems.append((n, f"无法识别的类型“{text['kind'][:20]}”：应为 {'、'.join(z for z, _ in KINDS.values())}",
                             f"unknown kind '{text['kind'][:20]}': use {', '.join(KINDS)}"))
            continue
        try:
            scope = parse_scope(text.get("scope", ""))
        except BadScope as exc:
            problems.append((n, exc.zh, exc.en))
            continue
        link = text.get("link", "")
        if not link_ok(link):
            problems.append((n, "链接应是 http:// 或 https:// 开头的地址", "a link is an http:// or https:// address"))
            continue
        if len(text.get("description", "")) > MAX_DESCRIPTION:
            problems.append((n, f"说明超过 {MAX_DESCRIPTION} 字", f"the description is longer than {MAX_DESCRIPTION} characters"))
            continue
        importance = text.get("importance", "") or "2"
        if importance not in ("1", "2", "3"):
            problems.append((n, "重要性应为 1、2 或 3", "importance is 1, 2 or 3"))
            continue
        out.append({"id": text.get("id", ""), "start": start, "end": end, "kind": kind, "scope": scope.text(),
                    "title_zh": title, "title_en": text.get("title_en", "")[:MAX_TITLE], "description": text.get("description", ""),
                    "link": link, "importance": int(importance), "source": source, "reference": text.get("reference", ""),
                    "subject": "", "weight": 0.0})
    return pd.DataFrame(out, columns=COLUMNS), problems


def empty() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS)


def title(row, lang: str) -> str:
    return (row["title_en"] or row["title_zh"]) if lang == "en" else row["title_zh"]
