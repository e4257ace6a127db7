"""合规: which accounts fail the inspection rule — no post in the 14 days before the check date is a
veto (单项否决) — the pass rate (合格率) by province, sector, platform and level, and dormant accounts."""

import streamlit as st

from analytics import compliance, platforms, regions, vocab
from analytics.figures import compliance as compliance_fig
from ui import charts, data, nav, page, tables, widgets
from ui.i18n import lang, pick, t
from ui.tables import Col

engine, f = page.context()
page.header("compliance", "检查日前 14 天内无更新即单项否决；按省份、行业、平台、层级统计合格率，列出未达标账号与僵尸号。",
            "No post in the 14 days before the check date fails the inspection (单项否决): pass rates by province, "
            "sector, platform and level, failing accounts and dormant accounts.")
check = data.call(compliance.check_date, engine, f)
total = data.call(compliance.pass_rates, engine, f).iloc[0]
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("check_date"), check.isoformat(), border=True)
widgets.kpi(c2, t("pass_rate"), total["rate"], None, pick("通过账号 ÷ 检查日在运营账号", "passing ÷ accounts reporting"), points=True)
c3.metric(pick("未达标账号", "Failing accounts"), f"{int(total['failed']):,}", border=True)
c4.metric(pick("僵尸号（90 天以上未更新）", "Dormant (90+ days)"), f"{int(total['dormant']):,}", border=True)

names = {"province": t("province"), "sector": t("sector"), "platform": t("platform"), "level": t("level")}
by = st.segmented_control(pick("按…统计", "By"), list(names), default="province", format_func=names.get, required=True,
                          key="compliance_by") or "province"
left, right = st.columns([3, 2])
with left:
    rates = data.call(compliance.pass_rates, engine, f, by)
    charts.show(compliance_fig.pass_rate_figure(rates, by, lang(), charts.theme(), charts.scale(),
                                                title=pick(f"各{names[by]}合格率（{check}）", f"Pass rate by {names[by].lower()} ({check})")),
                key="compliance_rates")
with right:
    trend = data.call(compliance.pass_rate_trend, engine, f.with_(granularity="quarter"))
    charts.show(compliance_fig.pass_rate_trend_figure(trend, "quarter", None, lang(), charts.theme(), charts.scale(),
                                                      title=pick("季度合格率", "Quarterly pass rate")), key="compliance_trend")

accounts = data.call(compliance.accounts, engine, f)
accounts["platform_name"] = [platforms.name(p, lang()) for p in accounts["platform"]]
accounts["province_name"] = [regions.name(p, lang()) for p in accounts["province"]]
accounts["level_name"] = [vocab.level_name(lv, lang()) if isinstance(lv, str) else "" for lv in accounts["level"]]
cols = [Col("account_name", t("account_name")), Col("platform_name", t("platform")), Col("province_name", t("province")),
        Col("city", t("city")), Col("level_name", t("level")), Col("sector", t("sector")),
        Col("last_post", pick("最近发布周", "Last post (week)"), "date"), Col("days_quiet", pick("未更新天数", "Days quiet"), "int")]
failing = accounts[~accounts["passed"]].reset_index(drop=True)
dormant = accounts[accounts["dormant"]].reset_index(drop=True)
tab1, tab2 = st.tabs([pick(f"未达标账号（{len(failing)}）", f"Failing accounts ({len(failing)})"),
                      pick(f"僵尸号（{len(dormant)}）", f"Dormant accounts ({len(dormant)})")])
with tab1:
    clicked = tables.show(failing, cols, key="compliance_failing", clickable=True, height=420)
    if clicked:
        nav.open_account(failing.iloc[clicked[0]]["platform"], failing.iloc[clicked[0]]["account_id"])
with tab2:
    clicked = tables.show(dormant, cols, key="compliance_dormant", clickable=True, height=420)
    if clicked:
        nav.open_account(dormant.iloc[clicked[0]]["platform"], dormant.iloc[clicked[0]]["account_id"])
st.caption(t("click_hint") + " " + pick("“最近发布周”为最后一次有发布的周快照日期；从未发布的账号按首次出现日期计算未更新天数。",
                                       "'Last post' is the weekly snapshot of the latest post; for accounts that never "
                                       "posted, days quiet count from their first snapshot."))
