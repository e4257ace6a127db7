"""增长: how the matrix grows half-year by half-year, CNNIC-style (June and December), what was opened
and closed in clean-up waves, and how China's internet population grew in CNNIC's reports."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.output import takeaways
from analytics.output.figures import growth as growth_fig
from analytics.output.tables import Col, col
from analytics.pages import marks
from analytics.pages.spec import Context, Kind, Layout, PageSpec, Section
from analytics.views import growth


def _breaks(gov, c: Context) -> str:
    lines = []
    for b in growth.government_breaks(gov):
        lines.append(c.pick(
            f"{b['metric']}：{b['from_as_of']} 为 {b['from_value']:,.0f}{b['unit']}，{b['to_as_of']} 为 "
            f"{b['to_value']:,.0f}{b['unit']}。这是清理整合或统计口径变化，不是有机下降。",
            f"{b['metric']}: {b['from_value']:,.0f} {b['unit']} in {b['from_as_of']}, {b['to_value']:,.0f} in "
            f"{b['to_as_of']} — a clean-up or a change of definition, not organic decline."))
    return "\n".join(lines)


def build(c: Context) -> list[Section]:
    f, lang, metric = c.filters, c.lang, c.metric
    name = c.metric_name()
    df = growth.growth(c.engine, f, metric)
    flows = growth.account_flows(c.engine, f)
    netizens = growth.cnnic_netizens()
    gov = growth.cnnic_government()
    which = c.opt("series")
    events = marks.shown(c)
    first_as_of, last_as_of = gov["as_of"].min(), gov["as_of"].max()
    gov_events = marks.shown(c, growth_fig.as_of_date(first_as_of).date() - dt.timedelta(days=180),
                             growth_fig.as_of_date(last_as_of).date(),
                             f=c.filters.with_(platforms=tuple(code for _, code, _ in growth_fig.GOVERNMENT_SERIES)))
    cnnic_events = marks.shown(c, pd.Timestamp(f"{netizens['as_of'].min()}-01").date(),
                               growth_fig.as_of_date(netizens["as_of"].max()).date())
    weibo = growth_fig.GOVERNMENT_SERIES[0][0]
    cnnic_title = (c.pick("网民规模和互联网普及率", "Internet users and penetration") if which == "netizens"
                   else c.pick("手机网民规模及其占网民比例", "Mobile internet users and their share"))
    return [
        Section("scale", c.pick(f"{name}：半年规模与增长率", f"{name}: half-year scale and growth"), df,
                figure=marks.marked(lambda theme, scale, title: growth_fig.growth_by_platform_figure(
                    df, name, lang, theme, scale, title=title), events, lang, marks.half_axis(df["label"])),
                takeaway=takeaways.platform_growth(df, metric, lang, events.every), layout=Layout(expanded=False),
                events=marks.notes(events, lang),
                caption=c.pick("柱为各平台在每个半年最后一次快照的规模（活跃账号为半年内有发布的账号），柱顶为半年增量；折线为合计增长率（右轴）。",
                               "Bars: each platform's scale on the half-year's last snapshot (active: accounts that "
                               "posted in the half-year), with the increment on top; line: the total's growth rate "
                               "(right axis)."),
                table=df.sort_values(["period", "series"], ascending=[False, True]),
                columns=[Col("label", "半年", "Half-year"), col("series", "platform", dim="platform"),
                         Col("scale", name, name, "count"), Col("increment", "增量", "Increment", "count"),
                         Col("rate", "增长率", "Growth rate", "signed_pct")]),
        Section("flows", c.pick("账号开设与关停（清理整合）", "Accounts opened and closed (clean-ups)"), flows, layout=Layout(row=1),
                figure=marks.marked(lambda theme, scale, title: growth_fig.flows_figure(flows, lang, theme, scale, title=title),
                                    events, lang, marks.half_axis(flows["label"])),
                takeaway=takeaways.flows(flows, lang, events.every), events=marks.notes(events, lang),
                caption=c.pick("向上为新开设账号，向下（斜纹）为关停或注销的账号：集约化整合和“僵尸号”清理表现为集中关停，而不是粉丝流失。",
                               "Up: accounts opened; down (hatched): accounts closed. Consolidation and clean-ups of "
                               "dormant accounts appear as waves of closures rather than unexplained dips.")),
        Section("cnnic", cnnic_title + c.pick("（CNNIC）", " (CNNIC)"), netizens, layout=Layout(row=2, expanded=False),
                figure=marks.marked(lambda theme, scale, title: growth_fig.cnnic_figure(netizens, which, lang, theme, scale,
                                                                                        title=title),
                                    cnnic_events, lang, marks.latest_before(netizens["as_of"])),
                events=marks.notes(cnnic_events, lang),
                takeaway=takeaways.cnnic(netizens, lang),
                caption=c.pick("来源：CNNIC《中国互联网络发展状况统计报告》第 23–57 次。第 45 次报告截至 2020 年 3 月（无 2019 年 12 月数据），该步跨 9 个月。",
                               "Source: CNNIC Statistical Reports on Internet Development, 23rd–57th. The 45th report's "
                               "cut-off is March 2020 (there is no December 2019 report), so that step spans nine months."),
                table=netizens.iloc[::-1],
                columns=[Col("report_no", "报告期次", "Report", "int"), Col("as_of", "截至", "As of"),
                         Col("netizens_10k", "网民规模（万人）", "Users (10k)", "int"),
                         Col("penetration_pct", "普及率 %", "Penetration %", "score"),
                         Col("mobile_netizens_10k", "手机网民（万人）", "Mobile users (10k)", "int"),
                         Col("mobile_share_pct", "手机网民占比 %", "Mobile share %", "score"),
                         Col("confidence", "可信度", "Confidence")]),
        Section("government_chart", c.pick("政务机构微博与政务头条号（CNNIC）", "Government Weibo and Toutiao accounts (CNNIC)"),
                gov, layout=Layout(row=3),
                figure=marks.marked(lambda theme, scale, title: growth_fig.government_figure(gov, lang, theme, scale, title=title),
                                    gov_events, lang),
                takeaway=takeaways.government(gov, weibo, lang, gov_events.every), events=marks.notes(gov_events, lang),
                caption=_breaks(gov, c)),
        Section("government", c.pick("政务新媒体规模（CNNIC）", "Government new media (CNNIC)"), gov, kind=Kind.TABLE,
                layout=Layout(row=4, on_slides=False, expanded=False),
                columns=[Col("report_no", "报告期次", "Report", "int"), Col("as_of", "截至", "As of"),
                         Col("metric", "指标", "Metric"), Col("value", "数值", "Value", "int"),
                         Col("unit", "单位", "Unit"), Col("confidence", "可信度", "Confidence")]),
    ]


SPEC = PageSpec("growth", "增长", "Growth", "按半年（6 月、12 月）统计的规模、增量与增长率，与 CNNIC 报告口径一致。",
                "Half-year scale, increment and growth rate (June and December), as CNNIC reports them.",
                ":material/trending_up:", options=("series", "events"), metrics=growth.GROWTH_METRICS, build=build)
