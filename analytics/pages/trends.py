"""趋势: how has any metric moved over time, and which platforms, regions, sectors or levels drove it?"""

from __future__ import annotations

from analytics.output import takeaways
from analytics.output.figures import trends as trends_fig
from analytics.output.figures.style import series_name
from analytics.output.tables import Col, col
from analytics.pages import marks
from analytics.pages.spec import Context, Layout, PageSpec, Section
from analytics.views import trends
from analytics.vocab import metrics, names, periods

KIND_NOTES = {
    "stock": ("存量指标：取每期最后一次快照的合计。", "A stock: the total on each period's last snapshot."),
    "flow": ("流量指标：期内合计。", "A flow: the period's total."),
    "distinct": ("期内至少发布一条内容的账号数，每个账号只计一次。", "Accounts that posted at least once in the period, each counted once."),
}


def build(c: Context) -> list[Section]:
    f, lang, metric = c.filters, c.lang, c.metric
    split = c.opt("split")
    by = None if split == "total" else split
    rolling = c.opt("rolling") == "1"
    df = trends.trend(c.engine, f, by)
    df["label"] = [periods.label(p, f.granularity, lang) for p in df["period"]]
    df["series_name"] = [series_name(s, by, lang) for s in df["series"]]
    name = c.metric_name()
    events = marks.shown(c)
    return [Section(
        "trend", name if by is None else f"{name} · {c.pick('按', 'by ')}{names.label(split, lang).lower()}", df,
        figure=marks.marked(lambda theme, scale, title: trends_fig.trend_figure(df, metric, f.granularity, by, lang, theme,
                                                                                scale, rolling=rolling, title=title),
                            events, lang),
        takeaway=takeaways.trend(df, metric, f.granularity, by, lang, events.every), events=marks.notes(events, lang),
        caption=c.pick(*KIND_NOTES[metrics.METRICS[metric].kind]) + " " +
        c.pick("环比对比上一期，同比对比去年同期。", "Change is against the previous period and the same period a year earlier."),
        table=df.sort_values(["period", "series"], ascending=[False, True]), layout=Layout(expanded=False),
        columns=[col("label", "period"), col("series_name", "series"), Col("value", name, name, "count"),
                 col("pop", "pop", "signed_pct"), col("yoy", "yoy", "signed_pct"),
                 Col("rolling", "移动平均", "Rolling mean", "count")])]


SPEC = PageSpec("trends", "趋势", "Trends", "任一指标随时间的变化，可按平台、地区、行业或层级拆分。",
                "How any metric moved over time, split by platform, region, sector or level.", ":material/show_chart:",
                options=("split", "rolling", "events"), metrics=metrics.CODES, build=build)
