"""Validation reports: every problem found in an upload, and what committing it would change."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analytics.vocab import platforms

MAX_ROWS_SHOWN = 5
MAX_EXAMPLE_CHARS = 60


def example_text(value: Any) -> str:
    """Examples are shown as repr so that whitespace, markup and control characters stay visible."""
    text = repr(value) if isinstance(value, (str, bytes)) else str(value)
    return text if len(text) <= MAX_EXAMPLE_CHARS else text[: MAX_EXAMPLE_CHARS - 1] + "…"


@dataclass(frozen=True)
class Problem:
    code: str
    column: str | None
    zh: str
    en: str
    count: int = 0
    rows: tuple[int, ...] = ()  # 1-based data row numbers, header excluded
    example: str | None = None

    def text(self, lang: str = "zh") -> str:
        if lang == "en":
            parts = [f"[{self.column}] " if self.column else "", self.en]
            if self.count:
                more = ", …" if self.count > len(self.rows) else ""
                parts.append(f" — {self.count} row(s): data row {', '.join(map(str, self.rows))}{more}")
            if self.example is not None:
                parts.append(f"; e.g. {self.example}")
        else:
            parts = [f"【{self.column}】" if self.column else "", self.zh]
            if self.count:
                more = "、…" if self.count > len(self.rows) else ""
                parts.append(f"，共 {self.count} 行：数据第 {'、'.join(map(str, self.rows))}{more} 行")
            if self.example is not None:
                parts.append(f"；示例 {self.example}")
        return "".join(parts)


@dataclass
class Impact:
    """What a commit of the upload would do to the stored table."""

    rows_new: int = 0
    rows_replaced: int = 0
    rows_unchanged: int = 0
    accounts_new: int = 0
    accounts_changed: int = 0
    version: int | None = None  # the stored version compared against


@dataclass
class FileReport:
    name: str
    sha256: str = ""
    size: int = 0
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    capped_reads: int = 0
    first_date: str | None = None
    last_date: str | None = None
    platforms: dict[str, int] = field(default_factory=dict)
    provinces: list[str] = field(default_factory=list)
    impact: Impact | None = None
    already_committed_in: int | None = None  # version that committed this exact file
    note: tuple[str, str] | None = None  # how the file was read, when its name says otherwise (zh, en)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def nothing_to_do(self) -> bool:
        if not self.ok:
            return False
        if self.rows == 0 or self.already_committed_in is not None:
            return True
        return self.impact is not None and self.impact.rows_new + self.impact.rows_replaced == 0

    def status(self, lang: str = "zh") -> str:
        if not self.ok:
            return ("Rejected: nothing was stored" if lang == "en" else "已拒绝：未写入任何数据")
        if self.already_committed_in is not None:
            v = self.already_committed_in
            return (f"Nothing to do: this exact file is already in version {v}" if lang == "en"
                    else f"无需导入：同一文件已在版本 {v} 中")
        if self.nothing_to_do:
            return ("Nothing to do: no new or changed rows" if lang == "en" else "无需导入：没有新增或变更的行")
        return "Valid" if lang == "en" else "校验通过"

    def summary_lines(self, lang: str = "zh") -> list[str]:
        en = lang == "en"
        lines = [
            (f"File: {self.name} ({self.size:,} bytes, sha256 {self.sha256[:12]})" if en
             else f"文件：{self.name}（{self.size:,} 字节，sha256 {self.sha256[:12]}）"),
            (f"Status: {self.status(lang)}" if en else f"状态：{self.status(lang)}"),
            (f"Rows: {self.rows:,}" if en else f"行数：{self.rows:,}"),
        ]
        if self.note:
            lines.append(self.note[1] if en else self.note[0])
        if self.first_date:
            lines.append(f"Dates: {self.first_date} … {self.last_date}" if en
                         else f"日期范围：{self.first_date} 至 {self.last_date}")
        if self.platforms:
            body = ("、" if not en else ", ").join(f"{platforms.name(k, lang)} {v:,}" for k, v in self.platforms.items())
            lines.append(f"Platforms (rows): {body}" if en else f"平台（行数）：{body}")
        if self.provinces:
            body = ("、" if not en else ", ").join(self.provinces)
            lines.append(f"Provinces: {body}" if en else f"省份：{body}")
        if self.ignored_columns:
            body = ", ".join(self.ignored_columns)
            lines.append(f"Columns ignored: {body}" if en else f"已忽略的列：{body}")
        if self.capped_reads:
            lines.append(f"WeChat reads capped at 10万+ (stored as 100001): {self.capped_reads:,} rows" if en
                         else f"微信“10万+”封顶阅读（按 100001 保存）：{self.capped_reads:,} 行")
        if self.impact is not None:
            i = self.impact
            lines.append(
                f"Rows new {i.rows_new:,}, replacing stored {i.rows_replaced:,}, identical to stored {i.rows_unchanged:,}; "
                f"accounts new {i.accounts_new:,}, changed {i.accounts_changed:,}" if en else
                f"新增行 {i.rows_new:,}，替换已存行 {i.rows_replaced:,}，与已存相同 {i.rows_unchanged:,}；"
                f"新账号 {i.accounts_new:,}，信息变更账号 {i.accounts_changed:,}")
        if self.problems:
            lines.append(f"Problems ({len(self.problems)}):" if en else f"问题（{len(self.problems)} 项）：")
            lines.extend(f"  - {p.text(lang)}" for p in self.problems)
        return lines

    def text(self, lang: str = "zh") -> str:
        return "\n".join(self.summary_lines(lang))
