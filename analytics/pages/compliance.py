"""合规: which accounts fail the inspection rule — no post in the 14 days before the check date is a
veto (单项否决) — the pass rate (合格率) by province, sector, platform and level, and dormant accounts."""

from __future__ import annotations

import pandas as pd

from analytics.output import takeaways
from analytics.output.figures import compliance as compliance_fig
from analytics.output.tables import Col, col
from analytics.pages import content as content_page
from analytics.pages import marks
from analytics.pages.selection import Select
from analytics.pages.spec import Card, Context, Kind, Layout, PageSpec, Section
from analytics.views import compliance, warning
from analytics.vocab import names


def build(c: Context) -> list[Section]:
    f, lang = c.link.filters, c.lang
    by = c.opt("by")
    group = names.label(by, lang)
    check = compliance.check_date(c.engine, f)
    quarterly = compliance.pass_rate_trend(c.engine, f.with_(granularity="quarter"))
    accounts = _last_seen(compliance.accounts(c.engine, f), lang)
    exact = int((accounts["basis"] == "post").sum())
    # With exact times the check date's rates come from the same list the failing accounts are read from.
    total = compliance.rates_of(accounts).iloc[0] if exact else compliance.pass_rates(c.engine, f).iloc[0]
    rates = compliance.rates_of(accounts, by) if exact else compliance.pass_rates(c.engine, f, by)
    failing = accounts[~accounts["passed"]].reset_index(drop=True)
    dormant = accounts[accounts["dormant"]].reset_index(drop=True)
    risk = _last_seen(warning.at_risk(c.engine, f), lang)
    risk["quiet"] = [f"{a}" if a == b else f"{a}–{b}" for a, b in zip(risk["quiet_min"], risk["quiet_max"])]
    basis = c.pick(f"其中 {exact:,} 个账号按作品的发布时间判断，其余 {len(accounts) - exact:,} 个按周快照判断。",
                   f"{exact:,} accounts were judged by the time of their last post, the other {len(accounts) - exact:,} "
                   "by their weekly snapshots.")
    events = marks.shown(c)
    rule = c.pick("检查日前 14 天内无更新即单项否决", "no post in the 14 days before the check date fails")
    columns = [col("account_name", "account_name"), col("platform", "platform", dim="platform"),
               col("province", "province", dim="province"), col("city", "city"), col("level", "level", dim="level"),
               col("sector", "sector", dim="sector"), Col("last_seen_text", "最近发布", "Last post"),
               Col("basis_name", "判断依据", "Judged by"), Col("days_quiet", "未更新天数", "Days quiet", "int")]
    note = c.pick("点击表格中的一行查看账号详情。“最近发布”在有作品数据时为最后一件作品的发布时间，否则为最后一次有发布的周快照所在周；"
                  "从未发布的账号按首次出现日期计算未更新天数。" + basis,
                  "Click a row to open the account. 'Last post' is the time of the latest work where the posts are "
                  "loaded, else the week of the latest snapshot with posts; for accounts that never posted, days quiet "
                  "count from their first snapshot. " + basis)
    risk_columns = [col("account_name", "account_name"), col("platform", "platform", dim="platform"),
                    col("province", "province", dim="province"), col("city", "city"),
                    Col("last_seen_text", "最近发布", "Last post"), Col("basis_name", "判断依据", "Judged by"),
                    Col("quiet", "未更新天数", "Days quiet", "text"),
                    Col("days_left", "最迟几天后不合格", "Fails in (days, at worst)", "int"),
                    Col("fails_on", "最早不合格日期", "Fails on (at worst)", "date"),
                    Col("longest_gap", "本季度最长未更新（天）", "Longest quiet stretch this quarter (days)", "int"),
                    Col("days_out", "本季度不合格天数", "Days out of compliance this quarter", "int")]
    risk_note = c.pick(f"检查日仍合格、但已有 {warning.WARN_DAYS} 天以上可能未更新的账号：若不再发布，将在“最早不合格日期”起不合格。"
                       "周快照只知道发布在哪一周，所以按周快照判断的未更新天数是一个区间；按作品判断的是确切天数。",
                       f"Accounts passing on the check date that may not have posted for {warning.WARN_DAYS}+ days: "
                       "without a new post they fail from the date shown. Weekly snapshots tell the week of a post, so "
                       "days quiet judged by them are a range; judged by the posts, an exact number.")
    cards = [Card(names.label("check_date", lang), check.isoformat()),
             Card.of(names.label("pass_rate", lang), float(total["rate"]), None,
                     c.pick("通过账号 ÷ 检查日在运营账号", "passing ÷ accounts reporting"), lang, points=True),
             Card(c.pick("未达标账号", "Failing accounts"), f"{int(total['failed']):,}"),
             Card(c.pick("僵尸号（90 天以上未更新）", "Dormant (90+ days)"), f"{int(total['dormant']):,}")]
    return [
        Section("summary", c.pick("检查结果", "Inspection result"), total.to_frame().T, kind=Kind.CARDS, cards=cards,
                layout=Layout(on_slides=False)),
        Section("rates", c.pick(f"各{group}合格率（{check}）", f"Pass rate by {group.lower()} ({check})"), rates, layout=Layout(row=1, width=3),
                notes=rule,
                figure=lambda theme, scale, title: compliance_fig.pass_rate_figure(rates, by, lang, theme, scale,
                                                                                   title=title),
                takeaway=takeaways.pass_rates(rates, by, lang)),
        Section("quarterly", c.pick("季度合格率", "Quarterly pass rate"), quarterly, layout=Layout(row=1, width=2), notes=rule,
                figure=marks.marked(lambda theme, scale, title: compliance_fig.pass_rate_trend_figure(
                    quarterly, "quarter", None, lang, theme, scale, title=title), events, lang),
                events=marks.notes(events, lang)),
        Section("at_risk", c.pick(f"预警（{len(risk)}）", f"At risk ({len(risk)})"), risk, kind=Kind.TABLE, layout=Layout(row=2, tab="at_risk", on_slides=False),
                select=Select.ACCOUNT, columns=risk_columns, caption=risk_note),
        Section("failing", c.pick(f"未达标账号（{len(failing)}）", f"Failing accounts ({len(failing)})"), failing,
                kind=Kind.TABLE, layout=Layout(row=2, tab="failing", on_slides=False), select=Select.ACCOUNT, columns=columns, caption=note),
        Section("dormant", c.pick(f"僵尸号（{len(dormant)}）", f"Dormant accounts ({len(dormant)})"), dormant,
                kind=Kind.TABLE, layout=Layout(row=2, tab="dormant", on_slides=False), select=Select.ACCOUNT, columns=columns, caption=note),
    ]


def _last_seen(df, lang: str):
    """The last post as the rule saw it: the work's time where the posts hold it, else its snapshot week."""
    out = df.copy()
    week = "week to {}" if lang == "en" else "截至 {} 的一周"
    never = "never" if lang == "en" else "从未发布"
    out["last_seen_text"] = [
        content_page.published_text(at, bool(known), lang) if basis == "post"
        else (week.format(pd.Timestamp(last).date()) if last is not None and last == last else never)
        for at, known, basis, last in zip(out["last_post_at"], out["last_post_time_known"], out["basis"], out["last_post"])]
    out["basis_name"] = [("post time" if lang == "en" else "作品时间") if b == "post" else
                         ("weekly snapshot" if lang == "en" else "周快照") for b in out["basis"]]
    return out


SPEC = PageSpec("compliance", "合规", "Compliance",
                "检查日前 14 天内无更新即单项否决；按省份、行业、平台、层级统计合格率，列出未达标账号与僵尸号。",
                "No post in the 14 days before the check date fails the inspection (单项否决): pass rates by province, "
                "sector, platform and level, failing accounts and dormant accounts.", ":material/fact_check:",
                options=("by", "events"), build=build)
