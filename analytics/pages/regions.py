"""地区: how provinces rank on any metric, on a tile map (every region one equal tile in its rough
place, no boundary data). Click a tile to filter to that province."""

from __future__ import annotations

from analytics.output import takeaways
from analytics.output.figures import regions as regions_fig
from analytics.output.tables import Col, col
from analytics.pages.selection import Select
from analytics.pages.spec import Context, Kind, Layout, PageSpec, Section
from analytics.views import regions


def build(c: Context) -> list[Section]:
    f, lang, metric = c.filters, c.lang, c.metric
    ranking = regions.province_ranking(c.engine, f)
    if ranking.empty:
        return []
    name = c.metric_name()
    columns = [col("rank", "rank", "int"), Col("province", "省份", "Province", dim="province", full=True),
               Col("value", name, name, "count"), col("share", "share", "pct")]
    if "pop" in ranking:
        columns.append(Col("pop", "较上一等长时段", "vs previous period", "signed_pct"))
    return [
        Section("tiles", name, ranking, layout=Layout(width=3), select=Select.PROVINCE,
                figure=lambda theme, scale, title: regions_fig.tile_map_figure(
                    regions.tiles(ranking), metric, lang, theme, scale, title=title, selected=f.provinces),
                takeaway=takeaways.province_ranking(ranking, metric, lang),
                caption=c.pick("每个省级行政区一个等大方块，按大致地理位置排列，不使用边界数据；灰色表示无数据。",
                               "Each provincial-level region is one equal tile in its rough place, drawn without "
                               "boundary data; grey means no data.")),
        Section("top", c.pick(f"{name}前 15 名", f"Top 15 by {name.lower()}"), ranking, layout=Layout(width=2),
                figure=lambda theme, scale, title: regions_fig.province_bar_figure(ranking, metric, lang, theme, scale,
                                                                                   title=title)),
        Section("table", c.pick(f"各省份{name}", f"{name} by province"), ranking, kind=Kind.TABLE, layout=Layout(row=1, on_slides=False),
                columns=columns),
    ]


SPEC = PageSpec("regions", "地区", "Regions", "各省份在任一指标上的排名与分布；点击地图上的省份可按省份筛选。",
                "How provinces rank on any metric; click a tile to filter to that province.", ":material/map:",
                metrics=("followers", "accounts", "active_accounts", "reads", "interactions", "posts"), build=build)
