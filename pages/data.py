"""数据管理: add a week of snapshots, see what an upload would change before it is written, correct
mistakes by uploading again, and roll back to any version; the events the charts mark. Analysts upload
and add events within their scope; administrators restore; viewers see the history."""

import pandas as pd
import streamlit as st

from analytics import settings
from analytics.actions import data as data_actions
from analytics.errors import AnalyticsError
from analytics.output import inert
from analytics.output.tables import Col
from ui import data, page, reports, signin, tables, widgets
from ui import events as events_ui
from ui import posts as posts_ui
from ui.i18n import lang, pick

engine = page.engine()
page.header("data")
actor = signin.actor()
store = engine.store

for message in st.session_state.pop("data_messages", []):
    st.success(message, icon=":material/check_circle:")

if actor.name:
    signin.sign_out_button(actor)
    who = inert.markdown(actor.name)
    st.caption(pick(f"当前用户 {who} · 角色 {actor.role} · 范围 {inert.markdown(actor.scope.describe('zh'))}",
                    f"Signed in as {who} · role {actor.role} · scope {inert.markdown(actor.scope.describe('en'))}"))
if actor.is_admin:
    problems = data.store_problems()
    if problems:
        st.error(pick(f"存储检查发现 {len(problems)} 个问题（运行 python -m analytics verify 查看并修复）：",
                      f"The store check found {len(problems)} problem(s) (run python -m analytics verify to list and repair):"))
        for p in problems[:20]:
            st.markdown(f"- {inert.markdown(p.text(lang()))}")
    else:
        st.caption(pick(f"存储检查：版本 {store.version()} 的日志与文件完好（启动时检查；逐字节校验请运行 verify）。",
                        f"Store check: the log and files of version {store.version()} are sound (checked at start; "
                        "run verify for the byte-by-byte checksums)."))

if actor.is_analyst:
    limit_mb = settings.get_int("GOVMEDIA_MAX_UPLOAD_MB")
    st.subheader(pick("导入快照文件", "Import snapshot files"))
    st.caption(pick(f"支持 parquet、CSV、XLSX，可一次选择多个文件，单个文件不超过 {limit_mb} MB。提交前不会写入任何数据。",
                    f"Parquet, CSV or XLSX, several at once, up to {limit_mb} MB each. Nothing is written before you confirm."))
    uploads = st.file_uploader(pick("选择文件", "Choose files"), type=["parquet", "csv", "xlsx"], accept_multiple_files=True,
                               key=f"uploader_{st.session_state.get('uploader_round', 0)}", max_upload_size=limit_mb)
    pending = reports.prepare_uploads(store, uploads or [], limit_mb, actor)
    if pending:
        reports.show(pending)
        ready = [p for p in pending if p.committable]
        rejected = sum(1 for p in pending if not p.report.ok)
        label = pick(f"确认导入 {len(ready)} 个文件", f"Import {len(ready)} file(s)")
        if rejected:
            label += pick(f"（{rejected} 个已拒绝的文件不导入）", f" ({rejected} rejected file(s) are left out)")
        left, right = st.columns([3, 1])
        if left.button(label, type="primary", disabled=not ready, icon=":material/upload:", width="stretch"):
            reports.commit(store, ready, actor)
        if right.button(pick("取消", "Cancel"), icon=":material/close:", width="stretch"):
            reports.discard()
elif not actor.name:
    st.subheader(pick("登录", "Sign in"))
    st.caption(pick("查看者可以浏览其范围内的数据；导入数据需要分析员登录，恢复版本需要管理员。",
                    "Viewers read the data of their scope; importing needs an analyst, restoring an administrator."))
    signin.sign_in_box()

st.subheader(pick("版本历史", "Version history"))
# A scoped reader sees national versions and those of uploaders whose scope shares a province with theirs:
# other provinces' file names and uploaders are not theirs to see.
history = [h for h in store.history() if actor.scope.overlaps(h.places)]
if history:
    versions = pd.DataFrame([h.as_row() for h in history])
    versions["when"] = [h.timestamp.astimezone().strftime("%Y-%m-%d %H:%M:%S") for h in history]
    versions["sha"] = versions["sha256"].str[:12]
    actions = {"seed": pick("示例数据", "sample data"), "ingest": pick("导入", "import"), "restore": pick("恢复", "restore"),
               "optimize": pick("整理文件", "optimize")}
    versions["scope_name"] = [s or pick("全国", "national") for s in versions["scope"]]
    versions["action_name"] = [actions.get(a, a) + (f" v{int(r)}" if a == "restore" and r == r and r is not None else "")
                               for a, r in zip(versions["action"], versions["restored_from"])]
    tables.show(versions, [Col("version", "版本", "Version", "int"), Col("when", "时间", "Time"),
                           Col("action_name", "操作", "Action"), Col("user", "操作人", "User"),
                           Col("scope_name", "范围", "Scope"), Col("source", "文件", "File"), Col("sha", "sha256"),
                           Col("rows_added", "新增行", "Rows added", "int"),
                           Col("rows_replaced", "替换行", "Rows replaced", "int")], key="data_versions", page="data")
else:
    st.info(pick("还没有任何版本：导入第一个快照文件后，这里会列出每次导入与恢复。",
                 "No versions yet: once the first snapshot file is imported, every import and restore is listed here."))

if actor.is_admin and actor.scope.national and len(history) > 1:
    current = history[0].version
    choices = [h.version for h in history[1:]]
    left, right = st.columns([3, 1])
    chosen = left.selectbox(pick("恢复到版本", "Restore version"), choices, key="restore_version",
                            format_func=lambda v: f"v{v} · {next(h.source for h in history if h.version == v)}")

    if right.button(pick("恢复…", "Restore…"), icon=":material/history:", width="stretch"):
        st.session_state["restore_pending"] = chosen
    pending_version = st.session_state.get("restore_pending")
    if pending_version is not None:
        with st.container(border=True):
            st.warning(pick(f"将把数据恢复为版本 {pending_version} 时的状态，并保存为新版本 {current + 1}。"
                            "历史版本都会保留，之后仍可再恢复。",
                            f"The data will return to its state at version {pending_version}, saved as new version "
                            f"{current + 1}. Every version is kept and can be restored later."), icon=":material/history:")
            yes, no = st.columns(2)
            if yes.button(pick("确认恢复", "Restore"), type="primary", key="restore_confirm", width="stretch"):
                st.session_state.pop("restore_pending", None)
                try:
                    result = data_actions.restore(signin.caller(actor), store, pending_version)
                except AnalyticsError as exc:
                    st.error(exc.message(lang()))
                else:
                    st.session_state["data_messages"] = [pick(f"已恢复版本 {pending_version}，新版本为 {result.version}。",
                                                              f"Restored version {pending_version} as version {result.version}.")]
                    if result.pending:
                        st.session_state["data_messages"].append(inert.markdown(pick(*result.pending_note())))
                    st.rerun()
            if no.button(pick("取消", "Cancel"), key="restore_cancel", width="stretch"):
                st.session_state.pop("restore_pending", None)
                st.rerun()

widgets.templates()

if data.has_data():  # posts belong to accounts of the snapshots; derived events need rows to be derived from
    posts_ui.section(actor, engine)
    events_ui.section(actor)
