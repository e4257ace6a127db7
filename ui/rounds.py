"""检查与通报 on /compliance: the quarter's inspection rounds — national ones, opened by a national analyst,
and a provincial or city office's own, opened by its analyst over its scope — and the 通报 as .docx for
everyone signed in (a scoped reader's notice covers their scope only). Opening a round and downloading a
notice are written to the audit log."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics.actions import people, supervision
from analytics.errors import AnalyticsError
from analytics.output import inert, notice
from analytics.supervision import rounds

from . import data, signin
from .i18n import lang, pick


def _quarter(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def section() -> None:
    engine = data.engine()
    who = signin.actor()
    root = engine.store.root
    st.subheader(pick("检查与通报", "Inspection rounds and notices"))
    quarter = _quarter(data.bounds()[1])
    if who is not None and who.is_analyst:
        if not who.scope.national:
            st.caption(pick(f"本地区检查只抽查您范围内的账号（{inert.markdown(who.scope.describe('zh'))}），与全国检查分开保存。",
                            f"A regional round checks only your scope's accounts ({inert.markdown(who.scope.describe('en'))}) "
                            "and is kept apart from the national rounds."))
        with st.form("open_round", border=True):
            a, b, c, d = st.columns(4)
            chosen = a.text_input(pick("季度", "Quarter"), value=quarter, key="round_quarter")
            share = b.number_input(pick("抽查比例", "Sampling share"), min_value=0.01, max_value=1.0, value=1.0, step=0.05,
                                   key="round_share", help=pick("1 为全部账号", "1: every account"))
            seed = c.number_input(pick("随机种子", "Seed"), min_value=0, max_value=2**31 - 1, value=0, step=1, key="round_seed")
            d.write("")
            label = pick("开展检查", "Open the round") if who.scope.national else pick("开展本地区检查", "Open a regional round")
            if d.form_submit_button(label, icon=":material/fact_check:", width="stretch"):
                try:
                    record = supervision.open_round(signin.caller(who), engine, chosen.strip(), share=float(share), seed=int(seed))
                except AnalyticsError as exc:
                    st.error(exc.message(lang()))
                else:
                    st.success(pick(f"已完成 {record.quarter} 第 {record.revision} 版检查。",
                                    f"{record.quarter} round, revision {record.revision}, done."))
    reader = who.scope if who is not None else engine.scope
    own = rounds.rounds(root, rounds.scope_key(reader)) if not reader.national else []
    # A region that ran its own rounds reads them; otherwise the national rounds, narrowed to its scope.
    found = [rounds.as_seen(root, r, reader) for r in (own or rounds.rounds(root))]
    if not found:
        st.info(pick("还没有检查记录。", "No inspection round yet."))
        return
    table = pd.DataFrame([{pick("季度", "Quarter"): r.quarter, pick("范围", "Scope"): inert.line(r.scope) or pick("全国", "national"),
                           pick("版本", "Revision"): r.revision,
                           pick("检查日", "Check date"): r.check_date.isoformat(),
                           pick("抽查比例", "Share"): f"{r.share:.0%}", pick("种子", "Seed"): r.seed,
                           pick("检查账号", "Checked"): r.accounts, pick("不合格", "Failing"): r.failed,
                           pick("合格率", "Pass rate"): f"{r.rate:.1%}", pick("数据版本", "Data version"): r.version,
                           pick("开展人", "Opened by"): inert.line(r.opened_by)} for r in reversed(found)])
    st.dataframe(table, hide_index=True, width="stretch")
    latest = found[-1]
    results = rounds.scoped(rounds.results(root, latest), who.scope if who is not None else engine.scope)
    by_province, again = st.columns(2)
    with by_province:
        st.caption(pick(f"{latest.quarter} 各省份合格率（最低在前）", f"{latest.quarter} pass rate by province (lowest first)"))
        rates = rounds.rates(results, "province") if len(results) else pd.DataFrame()
        if not rates.empty:
            st.dataframe(pd.DataFrame({pick("省份", "Province"): rates["province"],
                                       pick("检查账号", "Checked"): rates["accounts"],
                                       pick("不合格", "Failing"): rates["failed"],
                                       pick("合格率", "Pass rate"): [f"{r:.1%}" for r in rates["rate"]]}),
                         hide_index=True, width="stretch", height=240)
    with again:
        review = rounds.scoped(rounds.recheck(root, latest), who.scope if who is not None else engine.scope)
        states = {"fixed": pick("已整改", "fixed"), "closed": pick("已关停", "closed"), "failing": pick("仍未整改", "still failing")}
        st.caption(pick(f"复查：上季度不合格的 {len(review)} 个账号", f"Re-check: last quarter's {len(review)} failing accounts"))
        if len(review):
            st.dataframe(pd.DataFrame({pick("账号名称", "Account"): [inert.line(n) for n in review["account_name"]],
                                       pick("省份", "Province"): review["province"],
                                       pick("现状", "Now"): [states[s] for s in review["state"]]}),
                         hide_index=True, width="stretch", height=240)
    if who is None or not who.name:
        st.caption(pick("登录后可下载通报。", "Sign in to download the notices."))
        return

    def document() -> bytes:
        """Built when the button is pressed: a national notice's 附件 can list thousands of accounts."""
        prior = rounds.latest(root, rounds.previous_quarter(latest.quarter), latest.scope_key)
        before = rounds.scoped(rounds.results(root, prior), who.scope) if prior else None
        return notice.notice_bytes(latest.quarter, latest.check_date, latest.share,
                                   rounds.scoped(rounds.results(root, latest), who.scope),
                                   rounds.scoped(rounds.recheck(root, latest), who.scope),
                                   float(before["passed"].mean()) if before is not None and len(before) else None,
                                   region=None if who.scope.national else who.scope.describe("zh"))

    st.download_button(pick(f"下载 {latest.quarter} 通报（Word）", f"Download the {latest.quarter} notice (Word)"), document,
                       file_name=f"通报-{latest.quarter}.docx", icon=":material/description:",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       on_click=lambda: people.exported(signin.caller(who), page="notice", format="docx",
                                                         round=latest.quarter, revision=latest.revision))
