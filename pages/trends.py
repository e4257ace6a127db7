"""趋势: how has any metric moved over time, and which platforms, regions, sectors or levels drove it?"""

import streamlit as st

from analytics import metrics, trend
from analytics.figures import trend as trend_fig
from analytics.figures.style import series_name
from ui import charts, data, page, tables, widgets
from ui.i18n import lang, pick, t
from ui.tables import Col

engine, f = page.context()
page.header("trends", "任一指标随时间的变化，可按平台、地区、行业或层级拆分。",
            "How any metric moved over time, split by platform, region, sector or level.")
left, middle, right = st.columns([2, 3, 1.4])
with left:
    metric = widgets.metric_picker(metrics.CODES)
with middle:
    by = widgets.split_picker((None, "platform", "province", "sector", "level"))
with right:
    rolling = st.toggle(t("rolling"), key="trends_rolling")
f = f.with_(metric=metric)
df = data.call(trend.trend, engine, f, by)
if df.empty:
    st.info(t("no_data"))
    st.stop()
m = metrics.METRICS[metric]
charts.show(trend_fig.trend_figure(df, metric, f.granularity, by, lang(), charts.theme(), charts.scale(),
                                   rolling=rolling, title=m.name(lang())), key="trends_chart")
kind = {"stock": pick("存量指标：取每期最后一次快照的合计。", "A stock: the total on each period's last snapshot."),
        "flow": pick("流量指标：期内合计。", "A flow: the period's total."),
        "distinct": pick("期内至少发布一条内容的账号数，每个账号只计一次。",
                         "Accounts that posted at least once in the period, each counted once.")}[m.kind]
st.caption(kind + " " + pick("环比对比上一期，同比对比去年同期。", "Change is against the previous period and the same period a year earlier."))

with st.expander(t("table"), expanded=False):
    df["label"] = [page.bucket_label(p, f) for p in df["period"]]
    df["series_name"] = [series_name(s, by, lang()) for s in df["series"]]
    tables.show(df.sort_values(["period", "series"], ascending=[False, True]),
                [Col("label", t("period")), Col("series_name", t("series")), Col("value", m.name(lang()), "count"),
                 Col("pop", t("pop"), "signed_pct"), Col("yoy", t("yoy"), "signed_pct"),
                 Col("rolling", pick("移动平均", "Rolling mean"), "count")], key="trends_table", height=400)
