"""地区: which provinces lead or lag on any metric, on a tile map where every region is one equal
tile (no boundary data). Click a tile to filter to that province."""

import streamlit as st

from analytics import metrics, regional, regions
from analytics.figures import regional as regional_fig
from ui import charts, data, page, state, tables, widgets
from ui.i18n import lang, pick, t
from ui.tables import Col

engine, f = page.context()
page.header("regions", "各省份在任一指标上的排名与分布；点击地图上的省份可按省份筛选。",
            "How provinces rank on any metric; click a tile to filter to that province.")
metric = widgets.metric_picker(("followers", "accounts", "active_accounts", "reads", "interactions", "posts"))
fm = f.with_(metric=metric)
ranking = data.call(regional.province_ranking, engine, fm)
if ranking.empty:
    st.info(t("no_data"))
    st.stop()
name = metrics.METRICS[metric].name(lang())
left, right = st.columns([3, 2])
with left:
    event = charts.show(regional_fig.tile_map_figure(regional.tiles(ranking), metric, lang(), charts.theme(),
                                                     charts.scale(), title=name, selected=f.provinces),
                        key="regions_tiles", selectable=True)
    picked = [p for p in charts.selected_values(event) if p in set(ranking["province"])]
    if picked and tuple(picked) != f.provinces:
        state.request(f_province=picked)
    st.caption(pick("每个省级行政区一个等大方块，按大致地理位置排列，不使用边界数据；灰色表示无数据。",
                    "Each provincial-level region is one equal tile in its rough place, drawn without boundary data; "
                    "grey means no data."))
with right:
    charts.show(regional_fig.province_bar_figure(ranking, metric, lang(), charts.theme(), charts.scale(),
                                                 title=pick(f"{name}前 15 名", f"Top 15 by {name.lower()}")),
                key="regions_bar")

ranking["province_name"] = [regions.name(p, lang(), full=True) for p in ranking["province"]]
cols = [Col("rank", t("rank"), "int"), Col("province_name", t("province")), Col("value", name, "count"),
        Col("share", t("share"), "pct")]
if "pop" in ranking:
    cols.append(Col("pop", pick("较上一等长时段", "vs previous period"), "signed_pct"))
tables.show(ranking, cols, key="regions_table", height=420)
