"""审计: who signed in, uploaded, restored, exported or changed users, when, from where, with what
outcome. Administrators only: the page is in nobody else's navigation and checks the role again."""

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import settings
from analytics.access import audit
from analytics.actions import people
from analytics.output import export, inert
from ui import signin
from ui.i18n import pick, t

actor = signin.actor()
st.title(t("audit_title"))
if actor is None or not actor.is_admin:
    people.refused_page(signin.caller(), "audit")
    st.error(pick("只有管理员可以查看审计日志。", "Only an administrator can read the audit log."), icon=":material/block:")
    st.stop()

EVENTS = {"sign_in": pick("登录", "sign-in"), "sign_out": pick("退出", "sign-out"), "upload": pick("导入", "upload"),
          "restore": pick("恢复", "restore"), "optimize": pick("整理文件", "optimize"), "export": pick("导出", "export"),
          "users": pick("用户管理", "users"), "denied": pick("越权访问", "denied access")}
left, middle, right = st.columns(3)
since = left.date_input(pick("起始日期", "Since"), value=dt.date.today() - dt.timedelta(days=30), key="audit_since")
event = middle.selectbox(pick("事件", "Event"), [None, *audit.EVENTS], key="audit_event",
                         format_func=lambda e: pick("全部", "All") if e is None else EVENTS.get(e, e))
user = right.text_input(pick("用户", "User"), key="audit_user").strip() or None
rows = audit.read(settings.data_dir(), since=since if isinstance(since, dt.date) else None, user=user, event=event,
                  scope=actor.scope)
frame = pd.DataFrame([{
    pick("时间（UTC）", "Time (UTC)"): r["time"][:19].replace("T", " "),
    pick("事件", "Event"): EVENTS.get(r["event"], r["event"]),
    pick("结果", "Outcome"): r["outcome"],
    pick("用户", "User"): inert.line(r["user"]),
    pick("角色", "Role"): r["role"],
    pick("范围", "Scope"): inert.line(r["scope"]),
    pick("客户端地址", "Client"): inert.line(r.get("client", "")),
    pick("详情", "Details"): inert.line("; ".join(f"{k}={v}" for k, v in r.get("details", {}).items())),
} for r in reversed(rows)])
if not actor.scope.national:
    st.caption(pick(f"只列出在您的范围（{inert.markdown(actor.scope.describe('zh'))}）内操作的用户的记录。",
                    f"Only the records of people acting within your scope ({inert.markdown(actor.scope.describe('en'))}) are listed."))
st.caption(pick(f"共 {len(rows):,} 条记录，最新的在前。", f"{len(rows):,} records, newest first."))
if frame.empty:
    st.info(pick("所选条件下没有记录。", "No records for the selected filters."))
else:
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button("CSV", export.csv_bytes(frame), file_name="audit.csv", mime="text/csv",
                       on_click=lambda: people.exported(signin.caller(), page="audit", format="csv"))
