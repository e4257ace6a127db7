"""The posts part of the data page: upload posts (analysts, within their scope), the weeks where posts and
snapshots disagree, the posts table's versions (administrators restore), the posts templates."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import settings
from analytics.access.roles import Actor
from analytics.actions import posts as post_actions
from analytics.errors import AnalyticsError
from analytics.output.tables import Col, col
from analytics.posts import template
from analytics.posts.table import PostStore
from analytics.query.filters import Filters
from analytics.views import content

from . import reports, signin, tables
from .i18n import lang, pick

ACTIONS = {"seed": ("示例数据", "sample data"), "posts_ingest": ("导入", "import"), "restore": ("恢复", "restore")}


def section(actor: Actor, engine) -> None:
    posts = PostStore.beside(engine.store)
    st.header(pick("发布内容（作品）", "Posts"), divider="gray")
    if actor.is_analyst:
        _upload(actor, engine.store)
    _agreement(engine)
    _versions(actor, posts)
    _templates()


def _upload(actor: Actor, store) -> None:
    limit_mb = settings.get_int("GOVMEDIA_MAX_UPLOAD_MB")
    st.subheader(pick("导入作品文件", "Import posts files"))
    st.caption(pick(f"每行一件作品（平台、账号ID、作品ID、发布时间、标题或正文、阅读/播放、点赞、评论、转发），账号须已在快照中；"
                    f"parquet、CSV、XLSX，单个文件不超过 {limit_mb} MB。提交前不会写入任何数据。",
                    f"One row per post (platform, account id, post id, time, title or text, reads, likes, comments, "
                    f"shares) of accounts the snapshots hold; parquet, CSV or XLSX up to {limit_mb} MB each. Nothing is "
                    "written before you confirm."))
    uploads = st.file_uploader(pick("选择作品文件", "Choose posts files"), type=["parquet", "csv", "xlsx"],
                               accept_multiple_files=True, max_upload_size=limit_mb,
                               key=f"posts_uploader_{st.session_state.get(reports.POSTS.round_key, 0)}")
    pending = reports.prepare_uploads(store, uploads or [], limit_mb, actor, reports.POSTS)
    if not pending:
        return
    reports.show(pending)
    ready = [p for p in pending if p.committable]
    left, right = st.columns([3, 1])
    if left.button(pick(f"确认导入 {len(ready)} 个作品文件", f"Import {len(ready)} posts file(s)"), type="primary",
                   disabled=not ready, icon=":material/upload:", width="stretch", key="posts_commit"):
        reports.commit(store, ready, actor, reports.POSTS)
    if right.button(pick("取消", "Cancel"), icon=":material/close:", width="stretch", key="posts_cancel"):
        reports.discard(reports.POSTS)


def _agreement(engine) -> None:
    if engine.posts_version() is None or not content.has_posts(engine):
        return
    compared, disagree = content.agreement(engine, Filters())
    st.subheader(pick("作品与快照的一致性", "Posts against snapshots"))
    if not disagree:
        st.caption(pick(f"已比对 {compared:,} 个账号周：快照发文数与实际发布的作品数全部一致。",
                        f"{compared:,} account-weeks compared: every snapshot's post count matches the posts published."))
        return
    st.warning(pick(f"已比对 {compared:,} 个账号周，其中 {disagree:,} 个快照发文数与实际发布的作品数不一致（仅提示）：",
                    f"Of {compared:,} account-weeks compared, {disagree:,} disagree with the posts published (a note):"),
               icon=":material/difference:")
    rows = content.disagreements(engine, Filters())
    tables.show(rows, [col("platform", "platform", dim="platform"), col("account_name", "account_name"),
                       Col("snapshot_date", "周（截至）", "Week to", "date"),
                       Col("snapshot_posts", "快照发文数", "Snapshot posts", "int"),
                       Col("counted_posts", "实际发布", "Posts published", "int"),
                       Col("difference", "差额", "Difference", "signed_int")], key="posts_disagreements", page="data")


def _versions(actor: Actor, posts: PostStore) -> None:
    history = [h for h in posts.history() if actor.scope.overlaps(h.places)]
    st.subheader(pick("作品表版本", "Posts versions"))
    if not history:
        st.info(pick("还没有作品数据：导入作品文件后，内容页和账号页会显示热门作品、发布时段与关键词。",
                     "No posts yet: once a posts file is imported, the Content and Account pages show top works, "
                     "posting times and keywords."))
        return
    versions = pd.DataFrame([h.as_row() for h in history])
    versions["when"] = [h.timestamp.astimezone().strftime("%Y-%m-%d %H:%M:%S") for h in history]
    versions["action_name"] = [pick(*ACTIONS.get(a, (a, a))) + (f" v{int(r)}" if a == "restore" and r == r and r is not None else "")
                               for a, r in zip(versions["action"], versions["restored_from"])]
    versions["scope_name"] = [s or pick("全国", "national") for s in versions["scope"]]
    tables.show(versions, [Col("version", "版本", "Version", "int"), Col("when", "时间", "Time"),
                           Col("action_name", "操作", "Action"), Col("user", "操作人", "User"),
                           Col("scope_name", "范围", "Scope"), Col("source", "文件", "File"),
                           Col("rows_added", "新增作品", "Posts added", "int"),
                           Col("rows_replaced", "替换作品", "Posts replaced", "int")], key="posts_versions", page="data")
    if not (actor.is_admin and actor.scope.national and len(history) > 1):
        return
    left, right = st.columns([3, 1])
    chosen = left.selectbox(pick("恢复作品表到版本", "Restore posts version"), [h.version for h in history[1:]],
                            key="posts_restore_version")
    if right.button(pick("恢复作品表", "Restore posts"), icon=":material/history:", width="stretch", key="posts_restore"):
        try:
            result = post_actions.restore_posts(signin.caller(actor), posts, chosen)
        except AnalyticsError as exc:
            st.error(exc.message(lang()))
            return
        st.session_state["data_messages"] = [pick(f"已将作品表恢复为版本 {chosen} 的状态，新版本为 {result.version}。",
                                                  f"Restored posts version {chosen} as version {result.version}.")]
        st.rerun()


def _templates() -> None:
    st.caption(pick("作品模板使用导出文件常见的中文表头（发布时间、标题、正文、链接、阅读数/播放量、原创、作品类型…），XLSX 附字段说明。",
                    "The posts templates use the Chinese headers exports have (发布时间, 标题, 正文, 链接, 阅读数/播放量, 原创, "
                    "作品类型…); the XLSX one has a column guide."))
    left, right = st.columns(2)
    left.download_button(pick("下载作品 CSV 模板", "Download posts CSV template"), template.csv_bytes(),
                         file_name="govmedia_posts_template.csv", mime="text/csv", icon=":material/download:",
                         key="posts_template_csv")
    right.download_button(pick("下载作品 XLSX 模板", "Download posts XLSX template"), template.xlsx_bytes(),
                          file_name="govmedia_posts_template.xlsx", icon=":material/download:", key="posts_template_xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
