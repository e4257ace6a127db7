"""Uploads on the data page — snapshots and posts alike: each file validated in memory (never written
under its own name), its report shown, and committed or discarded as a whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analytics.access.roles import Actor
from analytics.actions import data as actions
from analytics.actions import posts as post_actions
from analytics.errors import AnalyticsError
from analytics.output import inert
from analytics.posts.table import PostStore
from analytics.store.ingest import Prepared
from analytics.store.report import FileReport, Problem
from analytics.store.table import Store
from analytics.vocab import platforms

from . import signin
from .i18n import lang, pick


@dataclass(frozen=True)
class Uploads:
    """One kind of upload: where its checked files wait in the session, and how they are checked and committed."""

    key: str
    round_key: str  # bumped to give the uploader a new key, emptying it
    check: Callable[[object, Store, str, bytes], object]
    commit: Callable[[object, Store, object], object]
    unit: tuple[str, str]  # what a committed row is, for the message (zh, en)


SNAPSHOTS = Uploads("prepared_uploads", "uploader_round", actions.check_upload, actions.commit_upload, ("行", "rows"))
POSTS = Uploads("prepared_posts", "posts_uploader_round",
                lambda caller, store, name, data: post_actions.check_posts(caller, PostStore.beside(store), store, name, data),
                lambda caller, store, prepared: post_actions.commit_posts(caller, PostStore.beside(store), prepared),
                ("条作品", "posts"))


def too_large(name: str, size: int, limit_mb: int) -> Prepared | None:
    """Refuse by the size Streamlit reports, before the file's bytes are read or parsed."""
    if size <= limit_mb * 1024 * 1024:
        return None
    problem = Problem("too_large_file", None, f"文件大小 {size / 1e6:.1f} MB，超过上限 {limit_mb} MB，未读取",
                      f"the file is {size / 1e6:.1f} MB, over the {limit_mb} MB limit; it was not read")
    return Prepared(FileReport(name=name, size=size, problems=[problem]), None)


def prepare_uploads(store: Store, uploads: list, limit_mb: int, actor: Actor, kind: Uploads = SNAPSHOTS) -> list[Prepared]:
    cache: dict[str, Prepared] = st.session_state.setdefault(kind.key, {})
    current = {u.file_id for u in uploads}
    for stale in set(cache) - current:
        cache.pop(stale).discard()
    for upload in uploads:
        if upload.file_id in cache:
            continue
        refused = too_large(upload.name, upload.size, limit_mb)
        if refused is not None:
            cache[upload.file_id] = refused
            continue
        shown = inert.markdown(upload.name)
        with st.status(pick(f"正在读取并校验 {shown}（{upload.size / 1e6:.1f} MB）…",
                            f"Reading and validating {shown} ({upload.size / 1e6:.1f} MB)…"), expanded=False) as status:
            data = upload.getvalue()
            cache[upload.file_id] = kind.check(signin.caller(actor), store, upload.name, data)
            status.update(label=pick(f"{shown} 校验完成", f"{shown} checked"), state="complete")
    return [cache[u.file_id] for u in uploads]


def problems_frame(report: FileReport) -> pd.DataFrame:
    en = lang() == "en"
    return pd.DataFrame([{
        pick("列", "Column"): inert.line(p.column or ""),
        pick("问题", "Problem"): inert.line(p.en if en else p.zh),
        pick("行数", "Rows"): f"{p.count:,}" if p.count else "",  # a file-level problem has no row count
        pick("数据行（前几行）", "Data rows (first few)"): ", ".join(map(str, p.rows)),
        pick("示例值", "Example"): inert.line(p.example or ""),
    } for p in report.problems])


def mismatches_frame(mismatches: list) -> pd.DataFrame:
    """The weeks of a posts upload whose post counts disagree with the snapshots (the first few)."""
    return pd.DataFrame([{
        pick("平台", "Platform"): platforms.name(m.platform, lang()),
        pick("账号", "Account"): inert.line(m.account_name),
        pick("周（截至）", "Week to"): m.week_end.isoformat(),
        pick("快照发文数", "Snapshot posts"): m.snapshot_posts,
        pick("实际发布", "Posts published"): m.counted_posts,
    } for m in mismatches])


def show(pending: list[Prepared]) -> None:
    for prepared in pending:
        report = prepared.report
        icon = ":material/error:" if not report.ok else (":material/info:" if report.nothing_to_do else ":material/check_circle:")
        with st.container(border=True):
            st.markdown(f"{icon} **{inert.markdown(report.name)}** — {report.status(lang())}")
            lines = [line for line in report.summary_lines(lang())[2:] if not line.startswith(("Problems", "问题"))
                     and not line.startswith("  - ")]
            st.markdown("\n".join(f"- {inert.markdown(line)}" for line in lines))
            if report.problems:
                st.dataframe(problems_frame(report), hide_index=True, width="stretch")
            if getattr(report, "mismatches", None):
                st.dataframe(mismatches_frame(report.mismatches), hide_index=True, width="stretch")


def commit(store: Store, ready: list[Prepared], actor: Actor, kind: Uploads = SNAPSHOTS) -> None:
    messages = []
    progress = st.progress(0.0, text=pick("正在提交…", "Committing…"))
    for i, prepared in enumerate(ready, start=1):
        try:
            result = kind.commit(signin.caller(actor), store, prepared)
        except AnalyticsError as exc:
            st.error(f"{inert.markdown(prepared.report.name)}: {exc.message(lang())}")
            return
        name = inert.markdown(prepared.report.name)
        if result.nothing_to_do:
            messages.append(pick(f"{name}：无需写入。", f"{name}: nothing to do."))
        else:
            zh, en = kind.unit
            messages.append(pick(
                f"{name}：已提交为版本 {result.version}，新增 {result.rows_added:,} {zh}，替换 {result.rows_replaced:,} {zh}。",
                f"{name}: committed as version {result.version}, {result.rows_added:,} {en} added, "
                f"{result.rows_replaced:,} replaced."))
            if result.pending:
                messages.append(inert.markdown(pick(*result.pending_note())))
        progress.progress(i / len(ready), text=inert.markdown(prepared.report.name))
    st.session_state["data_messages"] = messages
    discard(kind)


def discard(kind: Uploads = SNAPSHOTS) -> None:
    for prepared in st.session_state.pop(kind.key, {}).values():
        prepared.discard()
    # A new key gives an empty uploader; the files held by the old one are dropped with it.
    st.session_state[kind.round_key] = st.session_state.get(kind.round_key, 0) + 1
    st.rerun()
