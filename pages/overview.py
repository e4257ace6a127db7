"""总览: how are we doing? Headline figures against the previous period, the trend, the platform
mix, the leading accounts and the regions, on one screen."""

import streamlit as st

from analytics import mix, overview, platforms, rankings, regional, regions, trend
from analytics.figures import mix as mix_fig
from analytics.figures import regional as regional_fig
from analytics.figures import trend as trend_fig
from analytics.metrics import METRICS
from ui import charts, data, nav, page, state, tables, widgets
from ui.i18n import lang, pick, t
from ui.tables import Col

engine, f = page.context()
page.header("overview", "我们做得怎么样：核心指标、趋势、平台结构、头部账号与地区分布。",
            "How are we doing: headline figures, trend, platform mix, leading accounts and regions.")
st.info(widgets.last_update_note(), icon=":material/update:")

kpis = data.call(overview.kpis, engine, f).set_index("metric")
labels = {"accounts": t("accounts"), "active_accounts": t("active_accounts"), "followers": t("followers"),
          "reads": t("reads"), "interactions": t("interactions"), "pass_rate": t("pass_rate")}
for column, (metric, label) in zip(st.columns(len(labels)), labels.items()):
    row = kpis.loc[metric]
    period = row["period"] or "–"
    help_text = pick(f"{period}，对比 {row['previous_period'] or '–'}", f"{period} vs {row['previous_period'] or '–'}")
    widgets.kpi(column, label, row["current"], row["change"], help_text, points=metric == "pass_rate")

left, right = st.columns([3, 2])
with left:
    df = data.call(trend.trend, engine, f.with_(metric="followers"), "platform")
    charts.show(trend_fig.trend_figure(df, "followers", f.granularity, "platform", lang(), charts.theme(),
                                       charts.scale(), title=pick("各平台粉丝规模", "Followers by platform")),
                key="overview_trend")
with right:
    shares = data.call(mix.mix, engine, f)
    event = charts.show(mix_fig.mix_share_figure(shares, lang(), charts.theme(), charts.scale()), key="overview_mix",
                        selectable=True)
    picked = charts.selected_values(event)
    if picked and tuple(picked) != f.platforms:
        state.request(f_platform=picked)

left, right = st.columns([3, 2])
with left:
    st.subheader(pick("本周头部账号", "Leading accounts this week"))
    top = data.call(rankings.rankings, engine, f, 3)
    start, end = rankings.period_of(engine, f)
    st.caption(pick(f"{start} 至 {end}，各平台按传播指数前三名；点击查看账号。",
                    f"{start} to {end}: the top three per platform by communication index; click to open."))
    top["platform_name"] = [platforms.name(p, lang()) for p in top["platform"]]
    top["province_name"] = [regions.name(p, lang()) for p in top["province"]]
    cols = [Col("platform_name", t("platform")), Col("rank", t("rank"), "int"), Col("account_name", t("account_name")),
            Col("province_name", t("province")), Col("index_code", pick("指数类型", "Index")),
            Col("score", t("index"), "score"), Col("r", t("reads"), "count")]
    clicked = tables.show(top, cols, key="overview_top", clickable=True, height=420)
    if clicked:
        row = top.iloc[clicked[0]]
        nav.open_account(row["platform"], row["account_id"])
with right:
    ranking = data.call(regional.province_ranking, engine, f.with_(metric="followers"))
    tiles = regional.tiles(ranking)
    event = charts.show(regional_fig.tile_map_figure(tiles, "followers", lang(), charts.theme(), charts.scale(),
                                                     title=pick("各地区粉丝规模", "Followers by region"),
                                                     selected=f.provinces), key="overview_tiles", selectable=True)
    picked = [p for p in charts.selected_values(event) if p in set(ranking["province"])]
    if picked and tuple(picked) != f.provinces:
        state.request(f_province=picked)
st.caption(pick(f"粉丝数取各期最后一次快照；{METRICS['reads'].zh}、互动量为期内合计。",
                "Followers are taken at each period's last snapshot; reads and interactions are period totals."))
