"""矩阵: how complete the account matrix is — the hierarchy 中央 → province → city → level, which
platforms each agency covers, the composite matrix index, and accounts renamed or merged."""

import streamlit as st

from analytics import indices, matrix, platforms, regions, vocab
from analytics.figures import matrix as matrix_fig
from ui import charts, data, page, tables
from ui.i18n import lang, pick, t
from ui.tables import Col

engine, f = page.context()
page.header("matrix", "账号矩阵的层级结构、各主体的平台覆盖与矩阵指数，以及账号更名与合并。",
            "The matrix's hierarchy, each agency's platform coverage and matrix index, and renamed or merged accounts.")
left, right = st.columns([3, 2])
with left:
    hierarchy = data.call(matrix.hierarchy, engine, f)
    charts.show(matrix_fig.hierarchy_figure(hierarchy, lang(), charts.theme(), charts.scale(),
                                            title=pick("账号层级分布（中央→省→市→层级）", "Accounts by level: central → province → city")),
                key="matrix_tree")
agencies = data.call(matrix.agencies, engine, f)
with right:
    charts.show(matrix_fig.coverage_figure(matrix.coverage(agencies), lang(), charts.theme(), charts.scale(),
                                           title=pick("各层级主体的平台覆盖率", "Platform coverage of agencies by level")),
                key="matrix_coverage")

st.subheader(pick(f"矩阵指数（{indices.MATRIX_VERSION}）", f"Matrix index ({indices.MATRIX_VERSION})"))
st.caption(indices.MATRIX_FORMULA_EN if lang() == "en" else indices.MATRIX_FORMULA)
agencies["platform_names"] = [("、" if lang() != "en" else ", ").join(platforms.name(p, lang()) for p in ps)
                              for ps in agencies["platforms"]]
agencies["province_name"] = [regions.name(p, lang()) for p in agencies["province"]]
agencies["level_name"] = [vocab.level_name(lv, lang()) if lv else "" for lv in agencies["level"]]
tables.show(agencies, [Col("agency", pick("运营主体", "Agency")), Col("province_name", t("province")),
                       Col("city", t("city")), Col("level_name", t("level")),
                       Col("n_platforms", pick("平台数", "Platforms"), "int"),
                       Col("platform_names", pick("覆盖平台", "Platforms covered")),
                       Col("followers", t("followers"), "count"),
                       Col("matrix_index", pick("矩阵指数", "Matrix index"), "score")], key="matrix_agencies", height=420)

st.subheader(pick("账号沿革：更名与合并", "Lineage: renames and merges"))
events = data.call(matrix.lineage, engine, f)
events["kind_name"] = events["kind"].map({"rename": pick("更名", "Renamed"), "merge": pick("合并", "Merged")})
events["platform_name"] = [platforms.name(p, lang()) for p in events["platform"]]
tables.show(events.sort_values("date", ascending=False),
            [Col("date", pick("日期", "Date"), "date"), Col("kind_name", pick("类型", "Kind")),
             Col("platform_name", t("platform")), Col("from_name", pick("原名称", "From")),
             Col("to_name", pick("现名称 / 并入", "To / merged into")), Col("province", t("province"))],
            key="matrix_lineage", height=360)
st.caption(pick("更名：同一账号 ID 名称变化；合并：同一平台、地区和行业内，一个账号在另一个账号更名前后 8 周内停止更新。",
                "Renamed: the same account id under a new name. Merged: an account that stopped within 8 weeks of a "
                "sibling's rename (same platform, region and sector)."))
