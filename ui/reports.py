"""Uploads on the data page: each file validated in memory (never written under its own name),
its report shown, and committed or discarded as a whole."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.access.roles import Actor
from analytics.actions import data as actions
from analytics.errors import AnalyticsError
from analytics.output import inert
from analytics.store.ingest import Prepared
from analytics.store.report import FileReport, Problem
from analytics.store.table import Store

from . import signin
from .i18n import lang, pick

KEY = "prepared_uploads"


def too_large(name: str, size: int, limit_mb: int) -> Prepared | None:
    """Refuse by the size Streamlit reports, before the file's bytes are read or parsed."""
    if size <= limit_mb * 1024 * 1024:
        return None
    problem = Problem("too_large_file", None, f"文件大小 {size / 1e6:.1f} MB，超过上限 {limit_mb} MB，未读取",
                      f"the file is {size / 1e6:.1f} MB, over the {limit_mb} MB limit; it was not read")
    return Prepared(FileReport(name=name, size=size, problems=[problem]), None)


def prepare_uploads(store: Store, uploads: list, limit_mb: int, actor: Actor) -> list[Prepared]:
    cache: dict[str, Prepared] = st.session_state.setdefault(KEY, {})
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
            cache[upload.file_id] = actions.check_upload(signin.caller(actor), store, upload.name, data)
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


def commit(store: Store, ready: list[Prepared], actor: Actor) -> None:
    messages = []
    progress = st.progress(0.0, text=pick("正在提交…", "Committing…"))
    for i, prepared in enumerate(ready, start=1):
        try:
            result = actions.commit_upload(signin.caller(actor), store, prepared)
        except AnalyticsError as exc:
            st.error(f"{inert.markdown(prepared.report.name)}: {exc.message(lang())}")
            return
        name = inert.markdown(prepared.report.name)
        if result.nothing_to_do:
            messages.append(pick(f"{name}：无需写入。", f"{name}: nothing to do."))
        else:
            messages.append(pick(
                f"{name}：已提交为版本 {result.version}，新增 {result.rows_added:,} 行，替换 {result.rows_replaced:,} 行。",
                f"{name}: committed as version {result.version}, {result.rows_added:,} rows added, "
                f"{result.rows_replaced:,} replaced."))
            if result.pending:
                messages.append(inert.markdown(pick(*result.pending_note())))
        progress.progress(i / len(ready), text=inert.markdown(prepared.report.name))
    st.session_state["data_messages"] = messages
    discard()


def discard() -> None:
    for prepared in st.session_state.pop(KEY, {}).values():
        prepared.discard()
    # A new key gives an empty uploader; the files held by the old one are dropped with it.
    st.session_state["uploader_round"] = st.session_state.get("uploader_round", 0) + 1
    st.rerun()
