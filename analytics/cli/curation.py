"""Commands for what is kept beside the data: events marked on time charts, and rankings published by others."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from analytics.actions import curation
from analytics.actions.base import Caller
from analytics.cli.session import EXIT_REJECTED, Session, as_option, command, json_option, read_file, secrets_option
from analytics.events import files, model, select
from analytics.published import rankings as published


@click.group("events")
def events_group() -> None:
    """List, add, import or remove the events marked on time charts."""


@events_group.command("list")
@click.option("--source", type=click.Choice(("curated", "added", "derived")), help="only these")
@json_option
@command
def events_list(session: Session, source: str | None, as_json: bool) -> None:
    """Every event: curated, added by analysts and derived from the data."""
    table = select.catalog(session.engine()).sort_values("start", kind="stable")
    if source:
        table = table[table["source"] == source]
    if as_json:
        out = table.assign(start=table["start"].astype(str), end=[None if e is None or pd.isna(e) else str(e) for e in table["end"]])
        click.echo(out.to_json(orient="records", force_ascii=False, indent=1))
        return
    for _, r in table.iterrows():
        end = r["end"] if r["end"] is not None and not pd.isna(r["end"]) else None
        when = f"{r['start']}{'–' + str(end) if end else ''}"
        click.echo(f"{r['id']:<34} {when:<22} {r['kind']:<9} {r['source']:<8} {r['scope']:<28} {r['title_zh']}"
                   + (f"  [{r['reference']}]" if r["reference"] else ""))


def _added(session: Session, rows: pd.DataFrame, problems: list, caller: Caller, how: str) -> int:
    session.problems(problems)
    version = curation.add_events(caller, rows, problems, how=how)
    if version is None:
        return EXIT_REJECTED
    ids = ", ".join(rows["id"]) if "id" in rows else ""
    session.say(f"事件第 {version.version} 版（{version.action}）：{ids}", f"events version {version.version} ({version.action}): {ids}")
    return 0


@events_group.command("add")
@click.option("--date", required=True, help="YYYY-MM-DD")
@click.option("--end", help="the last day of an event that lasts a while")
@click.option("--title", required=True, help="the title (zh), at most 60 characters")
@click.option("--kind", default="campaign", show_default=True,
              help="policy, cleanup, rename, platform, campaign, incident, report, lifecycle")
@click.option("--scope", default="national", show_default=True,
              help="national, province:浙江, city:浙江/杭州, platform:douyin, agency:NAME, account:weibo:ID")
@click.option("--description", default="")
@click.option("--link", default="", help="http(s) address of the source")
@click.option("--importance", type=click.IntRange(1, 3), default=2, show_default=True)
@as_option
@secrets_option
@command
def events_add(session: Session, date: str, end: str | None, title: str, kind: str, scope: str, description: str, link: str,
               importance: int, as_user: str | None, secrets: str) -> int:
    """Add one event."""
    values = {"日期": date, "结束日期": end or "", "标题": title, "类型": kind, "范围": scope, "说明": description,
              "链接": link, "重要性": str(importance)}
    rows, problems = model.normalise(pd.DataFrame([values]), "added")
    return _added(session, rows, problems, session.operator(as_user, secrets), "add")


@events_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@as_option
@secrets_option
@command
def events_import(session: Session, file: str, as_user: str | None, secrets: str) -> int:
    """Add every event of a CSV or XLSX file (日期, 结束日期, 标题, 类型, 范围, 说明, 链接, 重要性); any problem adds none."""
    rows, problems = files.read(Path(file).name, read_file(file))
    return _added(session, rows, problems, session.operator(as_user, secrets), "import")


@events_group.command("remove")
@click.option("--id", "event_id", required=True, help="the event's id (from list)")
@as_option
@secrets_option
@command
def events_remove(session: Session, event_id: str, as_user: str | None, secrets: str) -> None:
    """Remove an added event."""
    version = curation.remove_event(session.operator(as_user, secrets), event_id)
    session.say(f"事件第 {version.version} 版（{version.action}）：{event_id}", f"events version {version.version} ({version.action}): {event_id}")


@click.group("published")
def published_group() -> None:
    """Import or list rankings published by others (清博, 新榜…)."""


@published_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@as_option
@secrets_option
@command
def published_import(session: Session, file: str, as_user: str | None, secrets: str) -> int:
    """A CSV or XLSX file (来源, 指数, 周期, 平台, 排名, 账号名称/账号ID, 数值), every row matched against the data."""
    name = Path(file).name
    rows, problems = published.read(name, read_file(file), session.engine())
    session.problems(problems)
    version = curation.import_published(session.operator(as_user, secrets), rows, problems, name)
    if version is None:
        return EXIT_REJECTED
    session.say(f"已发布榜单第 {version.version} 版：{version.rows} 行，{version.lists} 个榜单。",
                f"published rankings version {version.version}: {version.rows} rows, {version.lists} list(s).")
    return 0


@published_group.command("list")
@json_option
@command
def published_list(session: Session, as_json: bool) -> None:
    """Every imported list, row by row."""
    table = published.catalog(session.engine())
    if as_json:
        click.echo(table.assign(start=table["start"].astype(str), end=table["end"].astype(str)).to_json(
            orient="records", force_ascii=False, indent=1))
        return
    for r in table.itertuples():
        value = "" if r.value != r.value or r.value is None else f"{r.value:,.2f}"
        click.echo(f"{r.source} {r.index_name} {r.start}~{r.end} {r.platform:<9} {r.rank:>4} {r.account_name:<20} "
                   f"{r.account_id:<24} {value:>10}  ({r.file})")


COMMANDS = (events_group, published_group)
