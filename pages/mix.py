"""平台结构: which platforms carry the matrix — accounts, followers, reads and interactions — and how
that mix shifts over time and across provinces. Click a platform to filter by it."""

import streamlit as st

from analytics import mix, platforms
from analytics.figures import mix as mix_fig
from ui import charts, data, page, state, tables, widgets
from ui.i18n import lang, pick, t
from ui.tables import Col

engine, f = page.context()
page.header("mix", "各平台承载了多少账号、粉丝、阅读和互动，结构如何随时间和地区变化。点击图中的平台可按平台筛选。",
            "How accounts, followers, reads and interactions split across platforms, over time and by province. "
            "Click a platform to filter by it.")
shares = data.call(mix.mix, engine, f)
if shares.empty:
    st.info(t("no_data"))
    st.stop()
event = charts.show(mix_fig.mix_share_figure(shares, lang(), charts.theme(), charts.scale()), key="mix_share",
                    selectable=True)
picked = charts.selected_values(event)
if picked and tuple(picked) != f.platforms:
    state.request(f_platform=picked)
st.caption(pick("账号数、粉丝数取所选时段最后一次快照；阅读与互动为时段合计。",
                "Accounts and followers on the range's last snapshot; reads and interactions summed over the range."))

metric = widgets.metric_picker(("followers", "accounts", "reads", "interactions", "posts"))
fm = f.with_(metric=metric)
left, right = st.columns([3, 2])
with left:
    over_time = data.call(mix.mix_over_time, engine, fm)
    charts.show(mix_fig.mix_area_figure(over_time, metric, f.granularity, lang(), charts.theme(), charts.scale()),
                key="mix_area")
with right:
    by_province = data.call(mix.province_platform, engine, fm)
    charts.show(mix_fig.province_platform_figure(by_province, metric, lang(), charts.theme(), charts.scale()),
                key="mix_heatmap")

with st.expander(t("table"), expanded=False):
    shares["platform_name"] = [platforms.name(p, lang()) for p in shares["platform"]]
    tables.show(shares, [Col("platform_name", t("platform")), Col("accounts", t("accounts"), "int"),
                         Col("accounts_share", t("share"), "pct"), Col("followers", t("followers"), "count"),
                         Col("followers_share", t("share") + " ", "pct"), Col("reads", t("reads"), "count"),
                         Col("reads_share", t("share") + "  ", "pct"), Col("interactions", t("interactions"), "count"),
                         Col("interactions_share", t("share") + "   ", "pct")], key="mix_table")
