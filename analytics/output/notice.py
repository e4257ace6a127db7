"""通报: the Word document an office publishes after an inspection round, in the layout these notices use —
title, 总体情况, 主要问题 (failing accounts named per problem as 账号名（平台）), 复查情况, 整改要求 with the
deadline, and an 附件 table of every failing account.

Fonts are set explicitly for East Asian text (仿宋 for the body, 黑体 for the title and headings), with
Noto CJK named for Latin text and as the face LibreOffice falls back on, so the notice renders the same
in WPS, Word and LibreOffice. Account names are data: they are written as plain text runs, never parsed."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from analytics.vocab import platforms, provinces

BODY, HEADING = "仿宋", "黑体"
LATIN_BODY, LATIN_HEADING = "Noto Serif CJK SC", "Noto Sans CJK SC"
REASON_TITLES = {"two_week": "监测时间点前2周内无更新", "dormant": "超过90天未更新（僵尸号）",
                 "not_closed": "被列为僵尸号后仍未关停"}
SHORT_REASONS = {"two_week": "2周内无更新", "dormant": "僵尸号", "not_closed": "列为僵尸号后未关停"}  # in the 附件's narrow column
ANNEX_WIDTHS_CM = (1.0, 1.9, 2.8, 2.6, 1.5, 2.1, 1.4, 2.3)  # the text width of an A4 page with these margins
CN_NUMBERS = "一二三四五六七八九十"
STATES = {"fixed": "已整改", "closed": "已关停", "failing": "仍未整改"}


def _font(run, east_asian: str, latin: str, size: float, bold: bool = False) -> None:
    run.font.name = latin
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _paragraph(doc, text: str, *, heading: bool = False, size: float = 16, center: bool = False, indent: bool = True):
    p = doc.add_paragraph()
    p.paragraph_format.line_spacing = Pt(28)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), HEADING if heading else BODY, LATIN_HEADING if heading else LATIN_BODY, size)
    return p


MAX_NAMED = 20  # past this many, the text names the first ones and points to the 附件, which lists them all


def account_label(row) -> str:
    return f"{row.account_name}（{platforms.name(row.platform, 'zh')}）"


def _named(rows: pd.DataFrame, in_annex: bool = True) -> str:
    names = "、".join(account_label(r) for r in rows.head(MAX_NAMED).itertuples())
    if len(rows) <= MAX_NAMED:
        return names + f"，共 {len(rows)} 个账号"
    return names + f"等 {len(rows)} 个账号" + ("（名单见附件）" if in_annex else "")


def _region(province: str | None) -> str:
    if not province:
        return "全国"
    return provinces.name(province, "zh", full=True)


def _quarter_text(quarter: str) -> str:
    return f"{quarter[:4]}年第{CN_NUMBERS[int(quarter[-1]) - 1]}季度"


def notice_bytes(quarter: str, check: dt.date, share: float, results: pd.DataFrame, recheck: pd.DataFrame,
                 previous_rate: float | None, *, province: str | None = None, issuer: str = "",
                 deadline: dt.date | None = None, today: dt.date | None = None, region: str | None = None) -> bytes:
    """The notice of one round (optionally one province's part of it) as .docx bytes; `region` names the
    area the rows cover when they were narrowed by the caller (a reader's scope)."""
    if province:
        results = results[results["province"] == province]
        recheck = recheck[recheck["province"] == province]
    today = today or dt.date.today()
    deadline = deadline or today + dt.timedelta(days=30)
    region = region or _region(province)
    checked, failing = len(results), results[~results["passed"]]
    rate = (checked - len(failing)) / checked if checked else 0.0

    doc = Document()
    for section in doc.sections:
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _paragraph(doc, f"关于{_quarter_text(quarter)}{region}政务新媒体检查情况的通报", heading=True, size=22, center=True)
    if issuer:
        _paragraph(doc, issuer, size=16, center=True)
    _paragraph(doc, f"按照政务新媒体监管工作要求，以 {check.isoformat()} 为监测时间点，对{region}政务新媒体开展了"
                    f"{_quarter_text(quarter)}检查。现将有关情况通报如下。")

    _paragraph(doc, "一、总体情况", heading=True)
    sampled = "全部账号" if share >= 1 else f"按 {share:.0%} 的比例随机抽查"
    change = ""
    if previous_rate is not None:
        diff = (rate - previous_rate) * 100
        change = (f"，较上季度（{previous_rate:.1%}）{'上升' if diff > 0 else '下降' if diff < 0 else '持平'}"
                  + (f" {abs(diff):.1f} 个百分点" if diff else ""))
    _paragraph(doc, f"本次检查{sampled}，共检查政务新媒体 {checked:,} 个，合格 {checked - len(failing):,} 个，"
                    f"不合格 {len(failing):,} 个，合格率 {rate:.1%}{change}。")
    by_platform = results.groupby("platform")["passed"].agg(["size", "sum"])
    if len(by_platform):
        parts = [f"{platforms.name(p, 'zh')} {int(r['sum'])}/{int(r['size'])}（{r['sum'] / r['size']:.1%}）"
                 for p, r in by_platform.iterrows()]
        _paragraph(doc, "分平台合格情况：" + "；".join(parts) + "。")

    _paragraph(doc, "二、主要问题", heading=True)
    if failing.empty:
        _paragraph(doc, "本次检查未发现不合格账号。")
    for i, (code, title) in enumerate((c, t) for c, t in REASON_TITLES.items()
                                      if failing["reasons"].apply(lambda r, c=c: c in r).any()):
        hit = failing[failing["reasons"].apply(lambda r, c=code: c in r)]
        _paragraph(doc, f"（{CN_NUMBERS[i]}）{title}。{_named(hit)}。")

    _paragraph(doc, "三、复查情况", heading=True)
    if recheck.empty:
        _paragraph(doc, "上季度无检查记录，本次不作复查。")
    else:
        counts = recheck["state"].value_counts()
        _paragraph(doc, f"上季度检查发现的 {len(recheck)} 个不合格账号中，已整改 {int(counts.get('fixed', 0))} 个，"
                        f"已关停 {int(counts.get('closed', 0))} 个，仍未整改 {int(counts.get('failing', 0))} 个。")
        still = recheck[recheck["state"] == "failing"]
        if len(still):
            _paragraph(doc, "仍未整改的账号：" + _named(still, in_annex=False) + "。")

    _paragraph(doc, "四、整改要求", heading=True)
    _paragraph(doc, f"请各地区、各部门对照附件清单逐一整改，于 {deadline.year}年{deadline.month}月{deadline.day}日前"
                    "完成并报送整改情况；对长期不更新的僵尸号坚决予以关停，确需保留的须明确运维责任人，"
                    "确保监测时间点前2周内有更新。")
    _paragraph(doc, f"附件：{_quarter_text(quarter)}{region}政务新媒体检查不合格账号清单")

    doc.add_page_break()
    _paragraph(doc, "附件", heading=True, indent=False)
    _paragraph(doc, f"{_quarter_text(quarter)}{region}政务新媒体检查不合格账号清单", heading=True, size=18, center=True)
    headers = ["序号", "地区", "运营主体", "账号名称", "平台", "最近发布", "未更新天数", "问题"]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, ANNEX_WIDTHS_CM):
        column.width = Cm(width)  # the grid LibreOffice lays out by; Word reads each cell's own width
    for cell, text, width in zip(table.rows[0].cells, headers, ANNEX_WIDTHS_CM):
        cell.text = ""
        cell.width = Cm(width)
        _font(cell.paragraphs[0].add_run(text), HEADING, LATIN_HEADING, 10.5)
    for n, r in enumerate(failing.sort_values(["province", "city", "platform", "account_name"]).itertuples(), start=1):
        place = r.province + (r.city if isinstance(r.city, str) and r.city and r.city != r.province else "")
        last = pd.Timestamp(r.last_post).date().isoformat() if pd.notna(r.last_post) else "从未发布"
        values = [str(n), place, r.agency if isinstance(r.agency, str) and r.agency else "—", r.account_name,
                  platforms.name(r.platform, "zh"), last, str(int(r.days_quiet)),
                  "；".join(SHORT_REASONS[c] for c in r.reasons)]
        for cell, text, width in zip(table.add_row().cells, values, ANNEX_WIDTHS_CM):
            cell.text = ""
            cell.width = Cm(width)
            _font(cell.paragraphs[0].add_run(text), BODY, LATIN_BODY, 10)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
