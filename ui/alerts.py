"""预警通知 on /compliance, for analysts: the responsible units' contacts (uploaded by a national analyst),
what a run would send to whom for the reader's scope, a button that sends it, and the delivery log.
Contacts uploads and runs are written to the audit log."""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from analytics import settings
from analytics.access.roles import Actor
from analytics.actions import supervision
from analytics.errors import AnalyticsError
from analytics.output import inert
from analytics.supervision import alerts, contacts, targets

from . import data, signin
from .i18n import lang, pick

CHANNELS = {"email": ("邮件", "e-mail"), "webhook": ("Webhook", "webhook")}
EVENTS = {"queued": ("已排队", "queued"), "sent": ("已送达", "sent"), "failed": ("发送失败", "failed"),
          "unrouted": ("无责任单位", "no unit")}


def base_url() -> str:
    """GOVMEDIA_PUBLIC_URL, else the address this browser used to reach the dashboard."""
    configured = settings.public_url()
    if configured:
        return configured
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def section() -> None:
    who = signin.actor()
    if who is None or not who.is_analyst:
        return
    engine = data.engine()
    root = engine.store.root
    st.subheader(pick("预警通知", "Alerts to the responsible units"))
    _contacts(root, who)
    for kind, text in st.session_state.pop("alerts_outcome", []):
        (st.warning if kind == "warning" else st.error if kind == "error" else st.success)(text)
    try:
        plan = alerts.run(engine, dry_run=True, base=base_url())
    except AnalyticsError as exc:
        st.warning(exc.message(lang()))
        return
    _plan(plan, who)
    if plan.new or plan.retried:
        # Sent in the button's callback, before the section is drawn again: the plan shown after is the new one.
        st.button(pick("发送预警通知", "Send the alerts"), icon=":material/send:", key="alerts_send", on_click=_send, args=(engine, who))
    _log(root, who)


def _contacts(root, who: Actor) -> None:
    version, table = contacts.current(root)
    if version is None:
        st.caption(pick("还没有责任单位通讯录：上传后才能发送预警通知。", "No contacts yet: upload them before alerts can be sent."))
    else:
        st.caption(pick(f"通讯录第 {version.version} 版：{version.rows:,} 行，{version.units:,} 个单位（{inert.markdown(version.user)}，{version.at[:10]}）",
                        f"Contacts version {version.version}: {version.rows:,} rows, {version.units:,} units "
                        f"({inert.markdown(version.user)}, {version.at[:10]})"))
    if not who.scope.national:
        return
    with st.expander(pick("上传责任单位通讯录", "Upload the responsible units' contacts")):
        st.caption(pick("CSV 或 XLSX，表头：单位、主办单位（或 平台 + 账号ID）、邮箱（多个用分号隔开）、Webhook（可选）。",
                        "CSV or XLSX with headers 单位 (unit), 主办单位 (agency) or 平台 + 账号ID (platform + account id), "
                        "邮箱 (e-mail; several separated by ;), Webhook (optional)."))
        upload = st.file_uploader(pick("选择文件", "Choose a file"), type=["csv", "xlsx"], key="contacts_upload",
                                  max_upload_size=5)
        if upload is None:
            return
        checked = contacts.check(upload.name, upload.getvalue())
        if not checked.ok:
            st.error(pick(f"通讯录“{inert.markdown(upload.name)}”未保存：", f"Contacts '{inert.markdown(upload.name)}' not stored:")
                     + "\n\n" + "\n\n".join(f"- {inert.markdown(p.text(lang()))}" for p in checked.problems))
            supervision.store_contacts(signin.caller(who), checked)
            return
        st.dataframe(pd.DataFrame({pick("单位", "Unit"): [inert.line(v) for v in checked.table["unit"]],
                                   pick("主办单位", "Agency"): [inert.line(v) for v in checked.table["agency"]],
                                   pick("账号", "Account"): [f"{p}:{a}" if a else "" for p, a in
                                                            zip(checked.table["platform"], checked.table["account_id"])],
                                   pick("邮箱", "E-mail"): [inert.line(v) for v in checked.table["email"]],
                                   "Webhook": [inert.line(targets.masked(v)) if v else "" for v in checked.table["webhook"]]}), hide_index=True, width="stretch", height=200,
                     key="contacts_preview")
        if st.button(pick(f"保存通讯录（{checked.rows:,} 行，{checked.units:,} 个单位）",
                          f"Store the contacts ({checked.rows:,} rows, {checked.units:,} units)"), key="contacts_store"):
            stored = supervision.store_contacts(signin.caller(who), checked)
            st.success(pick(f"已保存通讯录第 {stored.version} 版。", f"Contacts version {stored.version} stored."))


def _to(message: alerts.Message, who: Actor) -> str:
    """Where a message goes, as this reader may see it: a robot's address carries its key, so only a national
    analyst sees it, and only as scheme and host."""
    if message.channel != "webhook":
        return inert.line(", ".join(message.to))
    if not who.scope.national:
        return pick("（已配置的机器人）", "(a configured robot)")
    return inert.line(", ".join(targets.masked(t) for t in message.to))


def _plan(plan: alerts.Run, who: Actor) -> None:
    failing = int((plan.alerts["state"] == "failing").sum())
    st.caption(pick(f"检查日 {plan.check_date}：{failing:,} 个账号未通过，{len(plan.alerts) - failing:,} 个账号预警；"
                    f"待发送 {len(plan.new)} 条新通知，{len(plan.retried)} 条待重试；{len(plan.unrouted):,} 个账号没有对应的责任单位。",
                    f"Check date {plan.check_date}: {failing:,} accounts failing, {len(plan.alerts) - failing:,} at risk; "
                    f"{len(plan.new)} new message(s) to send, {len(plan.retried)} to retry; "
                    f"{len(plan.unrouted):,} account(s) with no responsible unit."))
    rows = [(m, pick("新通知", "new")) for m in plan.new] + [(m, pick("重试", "retry")) for m in plan.retried]
    if rows:
        st.dataframe(pd.DataFrame({
            pick("单位", "Unit"): [inert.line(m.unit) for m, _ in rows],
            pick("渠道", "Channel"): [pick(*CHANNELS[m.channel]) for m, _ in rows],
            pick("未通过", "Failing"): [sum(k.startswith("failing|") for k in m.keys) for m, _ in rows],
            pick("预警", "At risk"): [sum(k.startswith("at_risk|") for k in m.keys) for m, _ in rows],
            pick("发往", "To"): [_to(m, who) for m, _ in rows],
            pick("类型", "Kind"): [kind for _, kind in rows]}), hide_index=True, width="stretch", key="alerts_plan")


def _send(engine, who: Actor) -> None:
    outcome = st.session_state["alerts_outcome"] = []
    try:
        done = supervision.send_alerts(signin.caller(who), engine, secrets=signin.secrets(), base=base_url())
    except AnalyticsError as exc:
        outcome.append(("error", exc.message(lang())))
        return
    if done.failed:
        errors = "; ".join(sorted({inert.markdown(m.last_error) for m in done.failed}))
        outcome.append(("warning", pick(f"已送达 {len(done.sent)} 条；{len(done.failed)} 条发送失败，已保留，下次发送时重试（{errors}）。",
                                        f"{len(done.sent)} delivered; {len(done.failed)} failed and kept for the next run ({errors}).")))
    else:
        outcome.append(("success", pick(f"已送达 {len(done.sent)} 条通知。", f"{len(done.sent)} message(s) delivered.")))


def _log(root, who: Actor) -> None:
    log = alerts.log_table(root, limit=50, scope=who.scope)
    if log.empty:
        return
    with st.expander(pick("发送记录（最近 50 条）", "Delivery log (latest 50)")):
        st.dataframe(pd.DataFrame({
            pick("时间", "Time"): [str(t)[:19].replace("T", " ") for t in log["time"]],
            pick("事件", "Event"): [pick(*EVENTS.get(e, (e, e))) for e in log["event"]],
            pick("单位", "Unit"): [inert.line(u) if isinstance(u, str) else "" for u in log["unit"]],
            pick("渠道", "Channel"): [pick(*CHANNELS[c]) if c in CHANNELS else "" for c in log["channel"]],
            pick("账号数", "Accounts"): [f"{int(a):,}" if pd.notna(a) else "" for a in log["accounts"]],
            pick("第几次", "Attempt"): [str(int(a)) if pd.notna(a) and a else "" for a in log["attempt"]],
            pick("错误", "Error"): [inert.line(e) if isinstance(e, str) else "" for e in log["error"]]}),
            hide_index=True, width="stretch", key="alerts_log")
