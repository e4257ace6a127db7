"""Small shared pieces of screen: the last-update note, the upload templates, the empty state."""

from __future__ import annotations

import streamlit as st

from analytics.access.scope import Scope
from analytics.output import inert
from analytics.store import template

from . import data, nav
from .i18n import pick, t


@st.cache_data(max_entries=32, show_spinner=False)
def _history_head(version: int, scope: Scope) -> dict:
    """The newest version the reader may know about (see the data page's history)."""
    history = data.engine().store.history()
    head = next((h for h in history if scope.overlaps(h.places)), None)
    if head is None:  # only other provinces' uploads so far: when, but not who or what
        return {"when": history[0].timestamp.astimezone().strftime("%Y-%m-%d %H:%M"), "who": "—", "action": "ingest"}
    return {"when": head.timestamp.astimezone().strftime("%Y-%m-%d %H:%M"), "who": head.user, "action": head.action}


def last_update_note() -> str:
    version = data.engine().version()
    head = _history_head(version, data.engine().scope)
    actions = {"seed": pick("载入示例数据", "sample data loaded"), "ingest": pick("导入", "import"),
               "restore": pick("恢复", "restore"), "optimize": pick("整理文件", "files optimized")}
    return t("updated", when=head["when"], who=inert.markdown(head["who"]), action=actions.get(head["action"], head["action"])) + \
        " · " + pick(f"最新快照日期 {data.bounds()[1]}", f"latest snapshot {data.bounds()[1]}")


def templates() -> None:
    st.subheader(pick("模板", "Templates"))
    st.caption(pick("parquet 模板使用英文列名，XLSX 模板使用中文表头并附字段说明；两者都可直接导入。",
                    "The parquet template uses the English column names, the XLSX one Chinese headers plus a column "
                    "guide; both import as they are."))
    left, right = st.columns(2)
    left.download_button(pick("下载 parquet 模板", "Download parquet template"), template.parquet_bytes(),
                         file_name="govmedia_template.parquet", mime="application/octet-stream",
                         icon=":material/download:", key="template_parquet")
    right.download_button(pick("下载 XLSX 模板", "Download XLSX template"), template.xlsx_bytes(),
                          file_name="govmedia_template.xlsx", icon=":material/download:", key="template_xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def empty_state(page_title: str) -> None:
    """What an analysis page shows before any data is stored: what to do, where, and the templates."""
    st.title(page_title)
    st.info(pick("还没有数据。请分析员在“数据管理”页登录并导入每周的账号快照文件（parquet、CSV 或 XLSX）；"
                 "导入后本页即可使用，无需重启。",
                 "There is no data yet. An analyst signs in on the Data page and imports the weekly account snapshot "
                 "files (parquet, CSV or XLSX); this page works as soon as they are imported, without a restart."),
            icon=":material/inbox:")
    st.page_link(nav.SCRIPTS["data"], label=pick("前往数据管理", "Go to the Data page"), icon=":material/database:")
    templates()
