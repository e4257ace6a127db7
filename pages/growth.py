"""增长: how the matrix grows half-year by half-year, CNNIC-style (June and December), what was opened
and closed in clean-up waves, and how China's internet population grew in CNNIC's reports."""

import streamlit as st

from analytics import growth, platforms
from analytics.figures import growth as growth_fig
from analytics.metrics import METRICS
from ui import charts, data, page, tables
from ui.i18n import lang, pick, t
from ui.tables import Col

engine, f = page.context()
page.header("growth", "按半年（6 月、12 月）统计的规模、增量与增长率，与 CNNIC 报告口径一致。",
            "Half-year scale, increment and growth rate (June and December), as CNNIC reports them.")
names = {m: METRICS[m].name(lang()) for m in growth.GROWTH_METRICS}
metric = st.segmented_control(t("metric"), list(names), default="accounts", format_func=names.get, key="growth_metric", required=True) or "accounts"
df = data.call(growth.growth, engine, f, metric)
if df.empty:
    st.info(t("no_data"))
    st.stop()
title = pick(f"{names[metric]}：半年规模与增长率", f"{names[metric]}: half-year scale and growth")
charts.show(growth_fig.growth_by_platform_figure(df, names[metric], lang(), charts.theme(), charts.scale(), title=title),
            key="growth_scale")
st.caption(pick("柱为各平台在每个半年最后一次快照的规模（活跃账号为半年内有发布的账号），柱顶为半年增量；折线为合计增长率（右轴）。",
                "Bars: each platform's scale on the half-year's last snapshot (active: accounts that posted in the "
                "half-year), with the increment on top; line: the total's growth rate (right axis)."))

flows = data.call(growth.account_flows, engine, f)
charts.show(growth_fig.flows_figure(flows, lang(), charts.theme(), charts.scale(),
                                    title=pick("账号开设与关停（清理整合）", "Accounts opened and closed (clean-ups)")),
            key="growth_flows")
st.caption(pick("向上为新开设账号，向下（斜纹）为关停或注销的账号：集约化整合和“僵尸号”清理表现为集中关停，而不是粉丝流失。",
                "Up: accounts opened; down (hatched): accounts closed. Consolidation and clean-ups of dormant "
                "accounts appear as waves of closures rather than unexplained dips."))

with st.expander(t("table"), expanded=False):
    df["platform_name"] = [platforms.name(p, lang()) for p in df["series"]]
    tables.show(df.sort_values(["period", "series"], ascending=[False, True]),
                [Col("label", pick("半年", "Half-year")), Col("platform_name", t("platform")),
                 Col("scale", names[metric], "count"), Col("increment", pick("增量", "Increment"), "count"),
                 Col("rate", pick("增长率", "Growth rate"), "signed_pct")], key="growth_table", height=360)

st.header(pick("中国网民规模（CNNIC）", "China's internet users (CNNIC)"))
which = st.segmented_control(pick("系列", "Series"), ["netizens", "mobile"], default="netizens", key="growth_cnnic", required=True,
                             format_func={"netizens": pick("网民规模与互联网普及率", "Users and penetration"),
                                          "mobile": pick("手机网民规模与占比", "Mobile users and share")}.get) or "netizens"
netizens = growth.cnnic_netizens()
charts.show(growth_fig.cnnic_figure(netizens, which, lang(), charts.theme(), charts.scale(),
                                    title=pick("网民规模和互联网普及率", "Internet users and penetration") if which == "netizens"
                                    else pick("手机网民规模及其占网民比例", "Mobile internet users and their share")),
            key="growth_cnnic_chart")
st.caption(pick("来源：CNNIC《中国互联网络发展状况统计报告》第 23–57 次。第 45 次报告截至 2020 年 3 月（无 2019 年 12 月数据），该步跨 9 个月。",
                "Source: CNNIC Statistical Reports on Internet Development, 23rd–57th. The 45th report's cut-off is "
                "March 2020 (there is no December 2019 report), so that step spans nine months."))
with st.expander(pick("CNNIC 数据表", "CNNIC figures"), expanded=False):
    tables.show(netizens.iloc[::-1], [Col("report_no", pick("报告期次", "Report"), "int"), Col("as_of", pick("截至", "As of")),
                                      Col("netizens_10k", pick("网民规模（万人）", "Users (10k)"), "int"),
                                      Col("penetration_pct", pick("普及率 %", "Penetration %"), "score"),
                                      Col("mobile_netizens_10k", pick("手机网民（万人）", "Mobile users (10k)"), "int"),
                                      Col("mobile_share_pct", pick("手机网民占比 %", "Mobile share %"), "score"),
                                      Col("confidence", pick("可信度", "Confidence"))], key="growth_cnnic_table")
    gov = growth.cnnic_government()
    for b in growth.government_breaks(gov):
        st.markdown(pick(
            f"**{b['metric']}**：{b['from_as_of']} 为 {b['from_value']:,.0f}{b['unit']}，{b['to_as_of']} 为 "
            f"{b['to_value']:,.0f}{b['unit']}。这是清理整合或统计口径变化，不是有机下降。",
            f"**{b['metric']}**: {b['from_value']:,.0f} {b['unit']} in {b['from_as_of']}, {b['to_value']:,.0f} in "
            f"{b['to_as_of']} — a clean-up or a change of definition, not organic decline."))
    tables.show(gov, [Col("report_no", pick("报告期次", "Report"), "int"), Col("as_of", pick("截至", "As of")),
                      Col("metric", pick("指标", "Metric")), Col("value", pick("数值", "Value"), "int"),
                      Col("unit", pick("单位", "Unit")), Col("confidence", pick("可信度", "Confidence"))], key="growth_gov_table")
