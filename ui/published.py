"""导入已发布榜单 on /rankings, for national analysts: a published list (清博, 新榜, 人民网…) checked
against the data — every account found by id or by a current or former name, the period within the
data — and stored only when nothing is wrong. Imports are written to the audit log."""

from __future__ import annotations

import streamlit as st

from analytics.actions import curation
from analytics.output import inert
from analytics.published import rankings as published

from . import data, signin
from .i18n import pick


def section() -> None:
    who = signin.actor()
    if who is None or not who.is_analyst or not who.scope.national:
        return
    with st.expander(pick("导入已发布榜单（清博、新榜、人民网等）", "Import a published ranking (清博, 新榜, 人民网…)")):
        st.caption(pick("CSV 或 XLSX，表头：来源、指数、周期（如 2019-02-28~2019-03-06）、平台、排名、账号名称或账号ID、数值。"
                        "账号按 ID、现名和曾用名匹配；任何一行有问题则不导入。",
                        "CSV or XLSX with headers 来源 (source), 指数 (index), 周期 (period, e.g. 2019-02-28~2019-03-06), 平台, "
                        "排名 (rank), 账号名称 or 账号ID, 数值 (value). Accounts are matched by id, current and former names; "
                        "a problem on any row imports nothing."))
        for message in st.session_state.pop("published_messages", []):
            st.success(message, icon=":material/check_circle:")
        upload = st.file_uploader(pick("选择文件", "Choose a file"), type=["csv", "xlsx"], key="published_upload", max_upload_size=5)
        if upload is None:
            return
        rows, problems = published.read(upload.name, upload.getvalue(), data.engine())
        if problems:
            st.error(pick(f"“{inert.markdown(upload.name)}”未导入：", f"'{inert.markdown(upload.name)}' not imported:") + "\n\n" +
                     "\n\n".join(f"- {pick(f'第 {n} 行：', f'row {n}: ') if n else ''}{inert.markdown(pick(zh, en))}"
                                 for n, zh, en in problems[:10]))
            curation.import_published(signin.caller(who), rows, problems, upload.name)
            return
        lists = rows[published.LIST_KEY].drop_duplicates()
        st.caption(pick(f"{len(rows)} 行，{len(lists)} 个榜单，账号全部匹配。", f"{len(rows)} rows, {len(lists)} list(s), every account matched."))
        if st.button(pick("导入", "Import"), key="published_import", icon=":material/upload:"):
            version = curation.import_published(signin.caller(who), rows, problems, upload.name)
            st.session_state["published_messages"] = [pick(f"已导入（第 {version.version} 版）。", f"Imported (version {version.version}).")]
            st.rerun()
