"""事件 on /data: every event the charts can show — shipped, added by analysts, derived from the data —
with its source; analysts add one (form or CSV), edit or remove the ones added within their scope. Each
change is a new version of the added events and a line in the audit log."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics.access.roles import Actor
from analytics.actions import curation
from analytics.errors import AnalyticsError
from analytics.events import added, model, select
from analytics.output import inert
from analytics.output.tables import Col

from . import data, signin, tables
from .i18n import lang, pick

KIND_CODES = list(model.KINDS)


def section(actor: Actor) -> None:
    engine = data.engine()
    st.subheader(pick("事件", "Events"))
    st.caption(pick("趋势、增长、结构、合规和账号页的时间图表会标注这些事件（可在页面选项中关闭）。内置事件附出处；“数据推算”的事件来自账号沿革、"
                    "集中关停和首次出现。",
                    "Time charts on the trends, growth, mix, compliance and account pages mark these events (a page option "
                    "turns them off). Curated events carry their source; derived ones come from account lineage, waves of "
                    "closures and first appearances."))
    for message in st.session_state.pop("events_messages", []):
        st.success(message, icon=":material/check_circle:")
    every = select.catalog(engine).sort_values("start", ascending=False, kind="stable")
    shown = pd.DataFrame({
        "id": every["id"], "start": every["start"].astype(str),
        "end": [str(e) if e is not None and not pd.isna(e) else "" for e in every["end"]],
        "kind": [pick(*model.KINDS.get(k, (k, k))) for k in every["kind"]],
        "scope": [model.parse_scope(s).describe(lang()) for s in every["scope"]],
        "title": [inert.line(model.title(r, lang())) for _, r in every.iterrows()],
        "source": [pick(*model.SOURCES.get(s, (s, s))) for s in every["source"]],
        "reference": [inert.line(r or d) for r, d in zip(every["reference"], every["description"])]})
    tables.show(shown, [Col("start", "日期", "Date"), Col("end", "结束", "Until"), Col("kind", "类型", "Kind"),
                        Col("scope", "范围", "Scope"), Col("title", "标题", "Title"), Col("source", "来源", "Source"),
                        Col("reference", "出处/说明", "Reference"), Col("id", "编号", "Id")],
                key="events_table", page="data", height=320)
    if not actor.is_analyst:
        return
    _add(actor)
    mine = added.current(engine.store.root)
    mine = mine[[added.may_change(actor.scope, s) for s in mine["scope"]]] if len(mine) else mine
    if len(mine):
        _change(actor, mine)
    _upload(actor)


def _scope_default(actor: Actor) -> str:
    if actor.scope.national:
        return "national"
    if actor.scope.provinces:
        return f"province:{actor.scope.provinces[0]}"
    return f"city:{actor.scope.cities[0]}" if actor.scope.cities else ""


def _fields(prefix: str, row: dict | None, actor: Actor) -> dict:
    row = row or {}
    a, b, c = st.columns(3)
    start = a.date_input(pick("日期", "Date"), value=row.get("start") or dt.date.today(), key=f"{prefix}_start",
                         min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
    ranged = b.checkbox(pick("持续一段时间", "Lasts a while"), value=bool(row.get("end")), key=f"{prefix}_ranged")
    end = c.date_input(pick("结束日期", "Until"), value=row.get("end") or start, key=f"{prefix}_end", disabled=not ranged,
                       min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
    title = st.text_input(pick("标题", "Title"), value=row.get("title_zh", ""), max_chars=model.MAX_TITLE, key=f"{prefix}_title")
    d, e = st.columns(2)
    kind = d.selectbox(pick("类型", "Kind"), KIND_CODES, index=KIND_CODES.index(row.get("kind", "campaign")),
                       format_func=lambda k: pick(*model.KINDS[k]), key=f"{prefix}_kind")
    scope = e.text_input(pick("范围", "Scope"), value=row.get("scope", _scope_default(actor)), key=f"{prefix}_scope",
                         help=pick("national（全国）、province:浙江、city:浙江/杭州、platform:douyin、agency:单位名 或 account:weibo:账号ID",
                                   "national, province:浙江, city:浙江/杭州, platform:douyin, agency:NAME or account:weibo:ID"))
    description = st.text_area(pick("说明（可选）", "Description (optional)"), value=row.get("description", ""),
                               max_chars=model.MAX_DESCRIPTION, key=f"{prefix}_description", height=80)
    link = st.text_input(pick("链接（可选）", "Link (optional)"), value=row.get("link", ""), key=f"{prefix}_link")
    return {"日期": start.isoformat(), "结束日期": end.isoformat() if ranged else "", "标题": title, "类型": kind,
            "范围": scope, "说明": description, "链接": link}


def _checked(values: dict) -> pd.DataFrame | None:
    rows, problems = model.normalise(pd.DataFrame([values]), "added")
    for _, zh, en in problems:
        st.error(pick(zh, en))
    return None if problems else rows


def _add(actor: Actor) -> None:
    with st.expander(pick("添加事件", "Add an event")):
        with st.form("event_add", border=False):
            values = _fields("event_add", None, actor)
            submitted = st.form_submit_button(pick("添加", "Add"), icon=":material/add:")
        if submitted:
            rows = _checked(values)
            if rows is not None:
                _apply(actor, lambda c: curation.add_events(c, rows, title=rows.iloc[0]["title_zh"]), rows.iloc[0]["title_zh"])


def _change(actor: Actor, mine: pd.DataFrame) -> None:
    with st.expander(pick("修改或删除分析员添加的事件", "Edit or remove an added event")):
        labels = {i: f"{s} {inert.line(t)}" for i, s, t in zip(mine["id"], mine["start"], mine["title_zh"])}
        chosen = st.selectbox(pick("事件", "Event"), list(labels), format_func=labels.get, key="event_pick")
        row = mine[mine["id"] == chosen].iloc[0].to_dict()
        with st.form(f"event_edit_{chosen}", border=False):
            values = _fields(f"event_edit_{chosen}", row, actor)
            left, right = st.columns(2)
            save = left.form_submit_button(pick("保存修改", "Save"), icon=":material/save:")
            drop = right.form_submit_button(pick("删除此事件", "Remove this event"), icon=":material/delete:")
        if save:
            rows = _checked(values)
            if rows is not None:
                _apply(actor, lambda c: curation.edit_event(c, chosen, rows.iloc[0], rows.iloc[0]["title_zh"]), rows.iloc[0]["title_zh"])
        elif drop:
            _apply(actor, lambda c: curation.remove_event(c, chosen, row["title_zh"]), row["title_zh"])


def _upload(actor: Actor) -> None:
    with st.expander(pick("从 CSV/XLSX 导入事件", "Import events from CSV/XLSX")):
        st.caption(pick("表头：日期、结束日期（可选）、标题、类型、范围、说明、链接、重要性（1–3）。任何一行有问题则整个文件不导入。",
                        "Headers: 日期 (date), 结束日期 (until, optional), 标题 (title), 类型 (kind), 范围 (scope), 说明, 链接, "
                        "重要性 (1–3). A problem on any row imports nothing."))
        upload = st.file_uploader(pick("选择文件", "Choose a file"), type=["csv", "xlsx"], key="events_upload", max_upload_size=5)
        if upload is None:
            return
        from analytics.events import files

        rows, problems = files.read(upload.name, upload.getvalue())
        if problems:
            st.error(pick(f"“{inert.markdown(upload.name)}”未导入：", f"'{inert.markdown(upload.name)}' not imported:") + "\n\n" +
                     "\n\n".join(f"- {pick(f'第 {n} 行：', f'row {n}: ') if n else ''}{inert.markdown(pick(zh, en))}"
                                 for n, zh, en in problems[:10]))
            return
        if st.button(pick(f"导入 {len(rows)} 个事件", f"Import {len(rows)} event(s)"), key="events_import"):
            _apply(actor, lambda c: curation.add_events(c, rows, how="import", title=f"{len(rows)} × {upload.name}"),
                   f"{len(rows)} × {upload.name}")


def _apply(actor: Actor, change, title: str) -> None:
    """Run one change of the added events as `actor` (the action records itself) and report it."""
    try:
        version = change(signin.caller(actor))
    except AnalyticsError as exc:
        st.error(exc.message(lang()))
        return
    st.session_state.setdefault("events_messages", []).append(
        pick(f"事件已保存（第 {version.version} 版）：{inert.markdown(title)}", f"Events saved (version {version.version}): {inert.markdown(title)}"))
    st.rerun()
