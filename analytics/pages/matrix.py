"""矩阵: how complete the account matrix is — the hierarchy 中央 → province → city → level, which
platforms each agency covers, the composite matrix index, and accounts renamed or merged."""

from __future__ import annotations

from analytics.output.figures import matrix as matrix_fig
from analytics.output.tables import Col, col
from analytics.pages.spec import Context, Kind, Layout, PageSpec, Section
from analytics.views import indices, matrix
from analytics.vocab import names, platforms


def build(c: Context) -> list[Section]:
    f, lang = c.link.filters, c.lang
    hierarchy = matrix.hierarchy(c.engine, f)
    agencies = matrix.agencies(c.engine, f)
    cover = matrix.coverage(agencies)
    best = cover.sort_values("share", ascending=False).iloc[0] if not cover.empty else None
    agencies["platform_names"] = [(", " if lang == "en" else "、").join(platforms.name(p, lang) for p in ps)
                                  for ps in agencies["platforms"]]
    lineage = matrix.lineage(c.engine, f)
    lineage["kind_name"] = lineage["kind"].map({"rename": c.pick("更名", "Renamed"), "merge": c.pick("合并", "Merged")})
    formula = c.pick(indices.MATRIX_FORMULA, indices.MATRIX_FORMULA_EN)
    return [
        Section("hierarchy", c.pick("账号层级分布（中央→省→市→层级）", "Accounts by level: central → province → city"),
                hierarchy, layout=Layout(width=3),
                figure=lambda theme, scale, title: matrix_fig.hierarchy_figure(hierarchy, lang, theme, scale, title=title),
                takeaway=c.pick(f"共 {int(hierarchy['accounts'].sum())} 个账号", f"{int(hierarchy['accounts'].sum())} accounts")),
        Section("coverage", c.pick("各层级主体的平台覆盖率", "Platform coverage of agencies by level"), cover, layout=Layout(width=2),
                figure=lambda theme, scale, title: matrix_fig.coverage_figure(cover, lang, theme, scale, title=title),
                takeaway="" if best is None else c.pick(
                    f"覆盖率最高：{names.value('level', best['level'])}主体开通{platforms.name(best['platform'])}，占 {best['share']:.0%}",
                    f"Highest coverage: {names.value('level', best['level'], 'en')} agencies on "
                    f"{platforms.name(best['platform'], 'en')}, {best['share']:.0%}"),
                notes=formula),
        Section("agencies", c.pick(f"矩阵指数（{indices.MATRIX_VERSION}）", f"Matrix index ({indices.MATRIX_VERSION})"),
                agencies, kind=Kind.TABLE, layout=Layout(row=1, on_slides=False), caption=formula,
                columns=[Col("agency", "运营主体", "Agency"), col("province", "province", dim="province"),
                         col("city", "city"), col("level", "level", dim="level"),
                         Col("n_platforms", "平台数", "Platforms", "int"),
                         Col("platform_names", "覆盖平台", "Platforms covered"), col("followers", "followers", "count"),
                         Col("matrix_index", "矩阵指数", "Matrix index", "score")]),
        Section("lineage", c.pick("账号沿革：更名与合并", "Lineage: renames and merges"), lineage, kind=Kind.TABLE, layout=Layout(row=2, on_slides=False),
                table=lineage.sort_values("date", ascending=False),
                caption=c.pick("更名：同一账号 ID 名称变化；合并：同一平台、地区和行业内，一个账号在另一个账号更名前后 8 周内停止更新。",
                               "Renamed: the same account id under a new name. Merged: an account that stopped within "
                               "8 weeks of a sibling's rename (same platform, region and sector)."),
                columns=[Col("date", "日期", "Date", "date"), Col("kind_name", "类型", "Kind"),
                         col("platform", "platform", dim="platform"), Col("from_name", "原名称", "From"),
                         Col("to_name", "现名称 / 并入", "To / merged into"), col("province", "province", dim="province")]),
    ]


SPEC = PageSpec("matrix", "矩阵", "Matrix", "账号矩阵的层级结构、各主体的平台覆盖与矩阵指数，以及账号更名与合并。",
                "The matrix's hierarchy, each agency's platform coverage and matrix index, and renamed or merged accounts.",
                ":material/account_tree:", build=build)
