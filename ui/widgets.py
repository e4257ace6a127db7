"""Small shared widgets: KPI cards, metric and split pickers, the last-update note."""

from __future__ import annotations

import streamlit as st

from analytics import numbers
from analytics.metrics import METRICS

from . import data
from .i18n import lang, pick, t
from .markup import plain


def kpi(column, label: str, value: float | None, change: float | None, help_text: str, points: bool = False) -> None:
    if value is None:
        column.metric(label, "–", help=help_text)
        return
    shown = numbers.pct(value, lang()) if points else numbers.fmt(value, lang())
    if change is None:
        delta = None
    elif abs(change) < 0.0005:
        column.metric(label, shown, "±0", delta_color="off", delta_arrow="off", help=help_text, border=True)
        return
    elif points:
        delta = f"{change * 100:+.1f} {pick('个百分点', 'pts')}"
    else:
        delta = numbers.pct(change, lang(), signed=True)
    column.metric(label, shown, delta, help=help_text, border=True)


def metric_picker(options: tuple[str, ...], label_key: str = "metric") -> str:
    current = st.session_state.get("metric")
    index = options.index(current) if current in options else 0
    current = lang()
    return st.selectbox(t(label_key), options, index=index, key="w_metric",
                        format_func=lambda m: METRICS[m].name(current))


def split_picker(options: tuple[str | None, ...]) -> str | None:
    names = {None: t("total"), "platform": t("platform"), "province": t("province"), "sector": t("sector"),
             "level": t("level")}
    keys = [o or "total" for o in options]
    current = st.session_state.get("split", keys[0])
    choice = st.segmented_control(t("split_by"), keys, default=current if current in keys else keys[0], key="w_split", required=True,
                                  format_func=lambda k: names[None if k == "total" else k])
    return None if choice in (None, "total") else choice


@st.cache_data(max_entries=8, show_spinner=False)
def _history_head(version: int) -> dict:
    head = data.engine().store.history()[0]
    return {"when": head.timestamp.astimezone().strftime("%Y-%m-%d %H:%M"), "who": head.user, "action": head.action}


def last_update_note() -> str:
    version = data.engine().version()
    head = _history_head(version)
    actions = {"seed": pick("载入示例数据", "sample data loaded"), "ingest": pick("导入", "import"),
               "restore": pick("恢复", "restore")}
    return t("updated", when=head["when"], who=plain(head["who"]), action=actions.get(head["action"], head["action"])) + \
        " · " + pick(f"最新快照日期 {data.bounds()[1]}", f"latest snapshot {data.bounds()[1]}")
