"""总览: how are we doing? Headline figures against the previous period, the trend, the platform mix,
the leading accounts and the regions, on one screen."""

from __future__ import annotations

from analytics.output import takeaways
from analytics.output.figures import mix as mix_fig
from analytics.output.figures import overview as overview_fig
from analytics.output.figures import regions as regions_fig
from analytics.output.figures import trends as trends_fig
from analytics.output.tables import Col, col
from analytics.pages import marks
from analytics.pages.selection import Select
from analytics.pages.spec import Card, Context, Kind, Layout, PageSpec, Section
from analytics.views import mix, overview, rankings, regions, trends
from analytics.vocab import names
from analytics.vocab.metrics import METRICS

LEADERS = 3  # accounts per platform in the overview's leading-accounts table


def _cards(kpis, lang: str) -> list[Card]:
    cards = []
    for row in kpis.itertuples():
        period = row.period or "–"
        help_text = (f"{period} vs {row.previous_period or '–'}" if lang == "en"
                     else f"{period}，对比 {row.previous_period or '–'}")
        current = None if row.current is None or row.current != row.current else float(row.current)
        cards.append(Card.of(names.label(row.metric, lang), current, row.change, help_text, lang,
                             points=row.metric == "pass_rate"))
    return cards


def build(c: Context) -> list[Section]:
    f, lang = c.link.filters, c.lang
    kpis = overview.kpis(c.engine, f)
    latest = kpis.dropna(subset=["period"])
    period = latest["period"].iloc[0] if not latest.empty else ""
    previous = latest["previous_period"].iloc[0] if not latest.empty else ""
    followers = trends.trend(c.engine, f.with_(metric="followers"), "platform")
    shares = mix.mix(c.engine, f)
    top = rankings.rankings(c.engine, f, LEADERS)
    start, end = rankings.period_of(c.engine, f)
    ranking = regions.province_ranking(c.engine, f.with_(metric="followers"))
    events = marks.shown(c)
    return [
        Section("kpis", c.pick("核心指标", "Headline figures"), kpis, kind=Kind.CARDS, cards=_cards(kpis, lang),
                figure=lambda theme, scale, title: overview_fig.kpi_figure(kpis, lang, theme, scale, title=title),
                takeaway=c.pick(f"{period}，对比 {previous}；合格率按检查日前 14 天内是否更新计算",
                                f"{period} against {previous}; pass rate by the 14-day update rule")),
        Section("trend", c.pick("各平台粉丝规模", "Followers by platform"), followers, layout=Layout(row=1, width=3),
                figure=marks.marked(lambda theme, scale, title: trends_fig.trend_figure(
                    followers, "followers", f.granularity, "platform", lang, theme, scale, title=title), events, lang),
                takeaway=takeaways.trend(followers, "followers", f.granularity, "platform", lang, events.every),
                events=marks.notes(events, lang)),
        Section("mix", c.pick("平台结构", "Platform mix"), shares, layout=Layout(row=1, width=2), select=Select.PLATFORM,
                figure=lambda theme, scale, title: mix_fig.mix_share_figure(shares, lang, theme, scale, title=title),
                takeaway=takeaways.mix(shares, lang)),
        Section("leaders", c.pick("本周头部账号", "Leading accounts this week"), top, kind=Kind.TABLE, layout=Layout(row=2, width=3, on_slides=False),
                select=Select.ACCOUNT,
                caption=c.pick(f"{start} 至 {end}，各平台按传播指数前三名；点击查看账号。",
                               f"{start} to {end}: the top three per platform by communication index; click to open."),
                columns=[col("platform", "platform", dim="platform"), col("rank", "rank", "int"),
                         col("account_name", "account_name"), col("province", "province", dim="province"),
                         Col("index_code", "指数类型", "Index"), col("score", "index", "score"),
                         col("r", "reads", "count")]),
        Section("regions", c.pick("各地区粉丝规模", "Followers by region"), ranking, layout=Layout(row=2, width=2), select=Select.PROVINCE,
                figure=lambda theme, scale, title: regions_fig.tile_map_figure(
                    regions.tiles(ranking), "followers", lang, theme, scale, title=title, selected=f.provinces),
                takeaway=takeaways.province_ranking(ranking, "followers", lang),
                caption=c.pick(f"粉丝数取各期最后一次快照；{METRICS['reads'].zh}、互动量为期内合计。",
                               "Followers are taken at each period's last snapshot; reads and interactions are "
                               "period totals.")),
    ]


SPEC = PageSpec("overview", "总览", "Overview", "我们做得怎么样：核心指标、趋势、平台结构、头部账号与地区分布。",
                "How are we doing: headline figures, trend, platform mix, leading accounts and regions.",
                ":material/dashboard:", options=("events",), build=build)
