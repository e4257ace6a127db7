"""Slides of each page — title, chart, one-line takeaway, the numbers behind it and speaker notes —
shared by presentation mode, PNG and PPTX exports and the export command line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from . import (account, compliance, growth, indices, matrix, mix, overview, platforms, rankings, regional,
               takeaways, trend, vocab)
from .describe import filters_text
from .figures import account as account_fig
from .figures import compliance as compliance_fig
from .figures import growth as growth_fig
from .figures import matrix as matrix_fig
from .figures import mix as mix_fig
from .figures import overview as overview_fig
from .figures import rankings as rankings_fig
from .figures import regional as regional_fig
from .figures import trend as trend_fig
from .filters import Filters
from .metrics import METRICS
from .query import Engine

PAGE_TITLES = {
    "overview": ("总览", "Overview"), "trends": ("趋势", "Trends"), "mix": ("平台结构", "Platform mix"),
    "growth": ("增长", "Growth"), "rankings": ("榜单", "Rankings"), "regions": ("地区", "Regions"),
    "matrix": ("矩阵", "Matrix"), "compliance": ("合规", "Compliance"), "account": ("账号", "Account"),
    "data": ("数据管理", "Data"),
}
BRIEFING = ("overview", "trends", "mix", "growth", "rankings", "compliance")
MAIN_PLATFORMS = ("weibo", "wechat", "douyin")  # ranked in a deck when no platform is filtered
SOURCE = ("数据来源：政务新媒体账号周快照（本系统数据表）；CNNIC《中国互联网络发展状况统计报告》。",
          "Data: weekly snapshots of government new-media accounts (this system's table); CNNIC Statistical "
          "Reports on Internet Development.")


@dataclass
class Slide:
    title: str
    figure: go.Figure
    takeaway: str = ""
    table: pd.DataFrame | None = None
    notes: str = ""


@dataclass
class Deck:
    page: str
    title: str
    filters: str
    cutoff: dt.date
    version: int
    slides: list[Slide] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    engine: Engine
    f: Filters
    lang: str = "zh"
    theme: str = "light"
    scale: float = 1.0
    account: str | None = None  # platform:account_id

    def pick(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh


def _index_notes(codes: set[str]) -> str:
    specs = [indices.SPECS[code] for code in sorted(codes)]
    lines = [f"{s.code} {s.version}: {s.formula}" for s in specs]
    return "\n".join(lines)


def _overview(c: Context) -> list[Slide]:
    f = c.f
    kpis = overview.kpis(c.engine, f)
    latest = kpis.dropna(subset=["period"])
    period = latest["period"].iloc[0] if not latest.empty else ""
    previous = latest["previous_period"].iloc[0] if not latest.empty else ""
    slides = [Slide(c.pick("核心指标", "Headline figures"),
                    overview_fig.kpi_figure(kpis, c.lang, c.theme, c.scale),
                    c.pick(f"{period}，对比 {previous}；合格率按检查日前 14 天内是否更新计算",
                           f"{period} against {previous}; pass rate by the 14-day update rule"),
                    kpis)]
    df = trend.trend(c.engine, f.with_(metric="followers"), "platform")
    slides.append(Slide(c.pick("各平台粉丝规模", "Followers by platform"),
                        trend_fig.trend_figure(df, "followers", f.granularity, "platform", c.lang, c.theme, c.scale, title=""),
                        takeaways.trend(df, "followers", f.granularity, "platform", c.lang), df))
    shares = mix.mix(c.engine, f)
    slides.append(Slide(c.pick("平台结构", "Platform mix"), mix_fig.mix_share_figure(shares, c.lang, c.theme, c.scale, title=""),
                        takeaways.mix(shares, c.lang), shares))
    ranking = regional.province_ranking(c.engine, f.with_(metric="followers"))
    slides.append(Slide(c.pick("各地区粉丝规模", "Followers by region"),
                        regional_fig.tile_map_figure(regional.tiles(ranking), "followers", c.lang, c.theme, c.scale, title=""),
                        takeaways.province_ranking(ranking, "followers", c.lang), ranking))
    return slides


def _trends(c: Context) -> list[Slide]:
    f, name = c.f, METRICS[c.f.metric].name(c.lang)
    slides = []
    for by, label in ((None, c.pick("合计", "total")), ("platform", c.pick("按平台", "by platform"))):
        df = trend.trend(c.engine, f, by)
        slides.append(Slide(f"{name} · {label}", trend_fig.trend_figure(df, f.metric, f.granularity, by, c.lang, c.theme,
                                                                         c.scale, title=""),
                            takeaways.trend(df, f.metric, f.granularity, by, c.lang), df))
    return slides


def _mix(c: Context) -> list[Slide]:
    shares = mix.mix(c.engine, c.f)
    over = mix.mix_over_time(c.engine, c.f)
    by_province = mix.province_platform(c.engine, c.f)
    name = METRICS[c.f.metric].name(c.lang)
    return [
        Slide(c.pick("平台结构", "Platform mix"), mix_fig.mix_share_figure(shares, c.lang, c.theme, c.scale, title=""),
              takeaways.mix(shares, c.lang), shares),
        Slide(c.pick(f"{name}的平台构成变化", f"{name} by platform over time"),
              mix_fig.mix_area_figure(over, c.f.metric, c.f.granularity, c.lang, c.theme, c.scale, title=""), "", over),
        Slide(c.pick(f"各省{name}的平台占比", f"{name}: platform share by province"),
              mix_fig.province_platform_figure(by_province, c.f.metric, c.lang, c.theme, c.scale, title=""), "", by_province),
    ]


def _growth(c: Context) -> list[Slide]:
    slides = []
    for metric in ("accounts", "followers"):
        df = growth.growth(c.engine, c.f, metric)
        name = METRICS[metric].name(c.lang)
        slides.append(Slide(c.pick(f"{name}：半年规模与增长率", f"{name}: half-year scale and growth"),
                            growth_fig.growth_by_platform_figure(df, name, c.lang, c.theme, c.scale, title=""),
                            takeaways.platform_growth(df, metric, c.lang), df))
    flows = growth.account_flows(c.engine, c.f)
    slides.append(Slide(c.pick("账号开设与关停", "Accounts opened and closed"),
                        growth_fig.flows_figure(flows, c.lang, c.theme, c.scale, title=""), takeaways.flows(flows, c.lang), flows))
    netizens = growth.cnnic_netizens()
    slides.append(Slide(c.pick("网民规模和互联网普及率（CNNIC）", "Internet users and penetration (CNNIC)"),
                        growth_fig.cnnic_figure(netizens, "netizens", c.lang, c.theme, c.scale, title=""),
                        takeaways.cnnic(netizens, c.lang), netizens))
    return slides


def _rankings(c: Context) -> list[Slide]:
    top = rankings.rankings(c.engine, c.f)
    start, end = rankings.period_of(c.engine, c.f)
    chosen = [p for p in (c.f.platforms or MAIN_PLATFORMS) if p in set(top["platform"])]
    slides = []
    for p in chosen:
        spec = indices.spec_for(p)
        slides.append(Slide(c.pick(f"{platforms.name(p)}政务账号榜单 · {start} 至 {end}",
                                   f"{platforms.name(p, 'en')} government accounts · {start} to {end}"),
                            rankings_fig.ranking_figure(top, p, c.lang, c.theme, c.scale, title=""),
                            takeaways.ranking(top, p, c.lang), top[top["platform"] == p],
                            _index_notes({spec.code})))
    return slides


def _regions(c: Context) -> list[Slide]:
    ranking = regional.province_ranking(c.engine, c.f)
    name = METRICS[c.f.metric].name(c.lang)
    return [
        Slide(c.pick(f"各地区{name}", f"{name} by region"),
              regional_fig.tile_map_figure(regional.tiles(ranking), c.f.metric, c.lang, c.theme, c.scale, title=""),
              takeaways.province_ranking(ranking, c.f.metric, c.lang), ranking),
        Slide(c.pick(f"{name}前 15 名", f"Top 15 by {name.lower()}"),
              regional_fig.province_bar_figure(ranking, c.f.metric, c.lang, c.theme, c.scale, title=""), "", ranking),
    ]


def _matrix(c: Context) -> list[Slide]:
    hierarchy = matrix.hierarchy(c.engine, c.f)
    agencies = matrix.agencies(c.engine, c.f)
    cover = matrix.coverage(agencies)
    best = cover.sort_values("share", ascending=False).iloc[0] if not cover.empty else None
    return [
        Slide(c.pick("账号层级分布", "Accounts by level"), matrix_fig.hierarchy_figure(hierarchy, c.lang, c.theme, c.scale, title=""),
              c.pick(f"共 {int(hierarchy['accounts'].sum())} 个账号", f"{int(hierarchy['accounts'].sum())} accounts"), hierarchy),
        Slide(c.pick("各层级主体的平台覆盖率", "Platform coverage by level"),
              matrix_fig.coverage_figure(cover, c.lang, c.theme, c.scale, title=""),
              "" if best is None else c.pick(
                  f"覆盖率最高：{vocab.level_name(best['level'])}主体开通{platforms.name(best['platform'])}，占 {best['share']:.0%}",
                  f"Highest coverage: {vocab.level_name(best['level'], 'en')} agencies on "
                  f"{platforms.name(best['platform'], 'en')}, {best['share']:.0%}"),
              cover, c.pick(indices.MATRIX_FORMULA, indices.MATRIX_FORMULA_EN)),
    ]


def _compliance(c: Context) -> list[Slide]:
    check = compliance.check_date(c.engine, c.f)
    by_province = compliance.pass_rates(c.engine, c.f, "province")
    by_platform = compliance.pass_rates(c.engine, c.f, "platform")
    quarterly = compliance.pass_rate_trend(c.engine, c.f.with_(granularity="quarter"))
    rule = c.pick("检查日前 14 天内无更新即单项否决", "no post in the 14 days before the check date fails")
    return [
        Slide(c.pick(f"各省份合格率（{check}）", f"Pass rate by province ({check})"),
              compliance_fig.pass_rate_figure(by_province, "province", c.lang, c.theme, c.scale, title=""),
              takeaways.pass_rates(by_province, "province", c.lang), by_province, rule),
        Slide(c.pick(f"各平台合格率（{check}）", f"Pass rate by platform ({check})"),
              compliance_fig.pass_rate_figure(by_platform, "platform", c.lang, c.theme, c.scale, title=""),
              takeaways.pass_rates(by_platform, "platform", c.lang), by_platform, rule),
        Slide(c.pick("季度合格率", "Quarterly pass rate"),
              compliance_fig.pass_rate_trend_figure(quarterly, "quarter", None, c.lang, c.theme, c.scale, title=""),
              "", quarterly, rule),
    ]


def _account(c: Context) -> list[Slide]:
    platform, _, account_id = (c.account or "").partition(":")
    profile = account.profile(c.engine, platform, account_id) if platform in platforms.CODES else None
    if profile is None:
        return []
    weeks = account.weeks(c.engine, platform, account_id, c.f)
    if weeks.empty:
        return []
    last = weeks.iloc[-1]
    name = f"{profile['account_name']} · {platforms.name(platform, c.lang)}"
    line = c.pick(f"粉丝 {last['followers']:,.0f}，最近一周在平台排名 {int(last['rank'])}/{int(last['of_accounts'])}",
                  f"{last['followers']:,.0f} followers; ranked {int(last['rank'])} of {int(last['of_accounts'])} last week")
    return [
        Slide(name, account_fig.account_figure(weeks, platform, c.lang, c.theme, c.scale, title=""), line, weeks),
        Slide(c.pick(f"{name} · 周排名", f"{name} · weekly rank"),
              account_fig.rank_figure(weeks, platform, c.lang, c.theme, c.scale, title=""), line, weeks,
              _index_notes({indices.spec_for(platform).code})),
    ]


BUILDERS: dict[str, Callable[[Context], list[Slide]]] = {
    "overview": _overview, "trends": _trends, "mix": _mix, "growth": _growth, "rankings": _rankings,
    "regions": _regions, "matrix": _matrix, "compliance": _compliance, "account": _account,
}


def build(page: str, c: Context) -> Deck:
    """The page's slides; the data page has none (it holds no charts)."""
    first, last = c.engine.date_bounds()
    title = PAGE_TITLES[page][1 if c.lang == "en" else 0]
    slides = BUILDERS[page](c) if page in BUILDERS else []
    for slide in slides:
        slide.notes = "\n".join(n for n in (c.pick(*SOURCE), slide.notes) if n)
    return Deck(page, title, filters_text(c.f, (first, last), c.lang), last, c.engine.version(), slides)


def briefing(c: Context, progress: Callable[[str, int, int], None] | None = None) -> list[Deck]:
    decks = []
    for i, page in enumerate(BRIEFING, start=1):
        if progress:
            progress(page, i, len(BRIEFING))
        decks.append(build(page, c))
    return decks
