"""榜单: which accounts lead each platform in the period, by the platform's communication index,
and who rose, fell or entered the list since the period before. Click an account to open it."""

import datetime as dt

import streamlit as st

from analytics import indices, numbers, platforms, rankings, regions
from analytics.figures import rankings as rankings_fig
from ui import charts, data, nav, page, state, tables
from ui.i18n import lang, pick, t
from ui.tables import Col

engine, f = page.context()
page.header("rankings", "各平台传播指数前 N 名、名次变化与新上榜账号，以及前 N 名的合计。",
            "The top N per platform by communication index, rank changes and new entries, and the top N's totals.")
first, last = data.bounds()
quick = {pick("最近一周", "Last week"): 6, pick("最近四周", "Last 4 weeks"): 27, pick("最近一季", "Last quarter"): 90}
cols = st.columns(len(quick) + 2)
for column, (label, days) in zip(cols, quick.items()):
    end = f.end or last
    if column.button(label, key=f"rank_quick_{days}", width="stretch"):
        state.request(f_dates=(max(first, end - dt.timedelta(days=days)), end))
top_n = cols[-1].number_input(t("top_n"), min_value=3, max_value=50, value=int(st.session_state.get("top_n", 10)),
                              step=1, key="w_top_n")
start, end = rankings.period_of(engine, f)
df = data.call(rankings.rankings, engine, f, int(top_n))
if df.empty:
    st.info(t("no_data"))
    st.stop()
present = [p for p in platforms.CODES if p in set(df["platform"])]
current = st.session_state.get("rank_platform")
platform = st.segmented_control(t("platform"), present, default=current if current in present else present[0], required=True,
                                format_func=dict((p, platforms.name(p, lang())) for p in present).get,
                                key="w_rank_platform") or present[0]
top = df[df["platform"] == platform].reset_index(drop=True)
spec = indices.spec_for(platform)

st.subheader(pick(f"{platforms.name(platform)}政务账号榜单 · {start} 至 {end}",
                  f"{platforms.name(platform, 'en')} government accounts · {start} to {end}"))
totals = rankings.totals(top).iloc[0]
works = pick("作品", "works") if platform in ("douyin", "kuaishou") else pick("发文", "posts")
reads = pick("播放", "plays") if platform in ("douyin", "kuaishou", "bilibili") else pick("阅读", "reads")
st.markdown(pick(
    f"前 {int(totals['accounts'])} 名合计：{works} **{int(totals['n']):,}** 条，{reads} **{numbers.fmt(totals['r'])}**，"
    f"点赞 **{numbers.fmt(totals['l'])}**，评论 **{numbers.fmt(totals['c'])}**，转发/分享 **{numbers.fmt(totals['s'])}**。",
    f"The top {int(totals['accounts'])} together: **{int(totals['n']):,}** {works}, **{numbers.fmt(totals['r'], 'en')}** "
    f"{reads}, **{numbers.fmt(totals['l'], 'en')}** likes, **{numbers.fmt(totals['c'], 'en')}** comments, "
    f"**{numbers.fmt(totals['s'], 'en')}** shares."))

left, right = st.columns([2, 3])
with left:
    event = charts.show(rankings_fig.ranking_figure(df, platform, lang(), charts.theme(), charts.scale(),
                                                    title=f"{spec.code} {spec.version}"), key="rank_chart", selectable=True)
    picked = charts.selected_values(event, index=1)
    if picked:
        nav.open_account(platform, picked[0])
with right:
    def change(row) -> str:
        if row["new_entry"]:
            return pick("新上榜", "new")
        if row["rank_change"] > 0:
            return f"▲ {int(row['rank_change'])}"
        if row["rank_change"] < 0:
            return f"▼ {int(-row['rank_change'])}"
        return "–"

    top["change"] = [change(r) for _, r in top.iterrows()]
    top["province_name"] = [regions.name(p, lang()) for p in top["province"]]
    top["index_text"] = [f"{s:.2f}{' ≈' if a else ''}" for s, a in zip(top["score"], top["approximate"])]
    clicked = tables.show(top, [
        Col("rank", t("rank"), "int"), Col("change", t("rank_change")), Col("account_name", t("account_name")),
        Col("province_name", t("province")), Col("city", t("city")), Col("index_text", f"{spec.code} {spec.version}"),
        Col("n", works.capitalize(), "int"), Col("r", reads.capitalize(), "count"), Col("l", t("likes"), "count"),
        Col("c", t("comments"), "count"), Col("s", t("shares"), "count"), Col("followers", t("followers"), "count"),
    ], key="rank_table", clickable=True, height=min(40 + 35 * len(top), 760))
    if clicked:
        nav.open_account(platform, top.iloc[clicked[0]]["account_id"])
    st.caption(t("click_hint") + " " + pick("名次变化对比上一等长时段；≈ 表示缺少部分输入、按文档近似计算。",
                                           "Changes compare with the previous period of the same length; ≈ marks a "
                                           "score computed with a documented approximation."))

with st.expander(pick(f"{spec.zh}（{spec.code} {spec.version}）计算方法", f"{spec.en} ({spec.code} {spec.version})"),
                 expanded=False):
    st.code(spec.formula, language=None)
    st.markdown(spec.notes_en if lang() == "en" else spec.notes_zh)
