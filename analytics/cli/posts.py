"""Commands over the posts table: `posts ingest`, `posts versions`, `posts restore`, `posts stats`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from analytics.actions import posts as actions
from analytics.cli.session import EXIT_REJECTED, Session, as_option, command, json_option, read_file, secrets_option
from analytics.errors import SettingError
from analytics.posts import ingest
from analytics.posts.stats import posts_stats
from analytics.posts.table import PostStore
from analytics.vocab import platforms


def _report(session: Session, report) -> str:
    return report.text(session.lang) if session.lang in ("zh", "en") else report.text("zh") + "\n" + report.text("en")


def _posts(session: Session) -> PostStore:
    return PostStore.beside(session.engine().store)


@click.group("posts")
def posts_group() -> None:
    """The posts table beside the snapshots: what accounts published, one row per post."""


@posts_group.command("ingest")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="validate and report only")
@as_option
@secrets_option
@command
def ingest_command(session: Session, files: tuple[str, ...], dry_run: bool, as_user: str | None, secrets: str) -> int:
    """Validate and commit posts files (parquet, CSV, XLSX); exit 2 when any is rejected."""
    store = session.engine().store
    posts = PostStore.beside(store)
    caller = session.operator(as_user, secrets)
    prepared: list[ingest.Prepared] = []
    try:
        for path in files:
            try:
                data = read_file(path)
            except SettingError as exc:
                session.say(exc.zh, exc.en)
                return EXIT_REJECTED
            prepared.append(actions.check_posts(caller, posts, store, Path(path).name, data))
            click.echo(_report(session, prepared[-1].report) + "\n")
        if any(not p.report.ok for p in prepared):
            session.say("有文件未通过校验：本次未写入任何数据。", "A file was rejected: nothing was stored.")
            return EXIT_REJECTED
        if dry_run:
            session.say("试运行：未写入任何数据。", "Dry run: nothing was stored.")
            return 0
        for p in prepared:
            result = actions.commit_posts(caller, posts, p)
            if result.nothing_to_do:
                session.say(f"{p.report.name}：无需写入。", f"{p.report.name}: nothing to do.")
            else:
                session.say(f"{p.report.name}：已提交为作品表版本 {result.version}（新增 {result.rows_added:,} 条，替换 "
                            f"{result.rows_replaced:,} 条）。",
                            f"{p.report.name}: committed as posts version {result.version} ({result.rows_added:,} posts "
                            f"added, {result.rows_replaced:,} replaced).")
                if result.pending:
                    session.say(*result.pending_note())
        return 0
    finally:
        for p in prepared:
            p.discard()


@posts_group.command("versions")
@json_option
@command
def versions_command(session: Session, as_json: bool) -> None:
    """List the posts table's versions, newest first."""
    rows = [h.as_row() for h in _posts(session).history()]
    if as_json:
        session.json(rows)
        return
    click.echo(f"{'version':>7}  {'time (UTC)':<20} {'action':<13} {'user':<14} {'added':>9} {'replaced':>9}  source / sha256")
    for r in rows:
        detail = r["source"] + (f"  {r['sha256'][:12]}" if r["sha256"] else "")
        click.echo(f"{r['version']:>7}  {r['timestamp'][:19]:<20} {r['action']:<13} {r['user'][:14]:<14} "
                   f"{r['rows_added']:>9,} {r['rows_replaced']:>9,}  {detail}")


@posts_group.command("restore")
@click.argument("version", type=int)
@as_option
@secrets_option
@command
def restore_command(session: Session, version: int, as_user: str | None, secrets: str) -> None:
    """Make an earlier posts version current again, as a new version."""
    result = actions.restore_posts(session.operator(as_user, secrets), _posts(session), version)
    session.say(f"已将作品表版本 {version} 恢复为新版本 {result.version}。",
                f"Restored the state of posts version {version} as new version {result.version}.")


def _account(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    platform, sep, account_id = value.partition(":")
    code = platforms.canonical(platform)
    if not sep or code is None or not account_id.strip():
        raise SettingError(f"账号应写作 平台:账号ID（如 douyin:123），而不是 {value}",
                           f"an account is PLATFORM:ID (e.g. douyin:123), not {value}")
    return code, account_id.strip()


def _platform(value: str | None) -> str | None:
    if value is None:
        return None
    code = platforms.canonical(value)
    if code is None:
        raise SettingError(f"未知的平台：{value}", f"unknown platform: {value}")
    return code


@posts_group.command("stats")
@click.option("--platform", help="one platform (code or name)")
@click.option("--account", help="one account, PLATFORM:ID")
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), help="first day of publication (Beijing time)")
@click.option("--end", type=click.DateTime(formats=["%Y-%m-%d"]), help="last day of publication (Beijing time)")
@json_option
@command
def stats_command(session: Session, platform: str | None, account: str | None, start: dt.datetime | None,
                  end: dt.datetime | None, as_json: bool) -> None:
    """Version, posts, accounts, first and last publication and the totals of reads, likes, comments, shares."""
    stats = posts_stats(_posts(session), platform=_platform(platform), account=_account(account),
                        start=start.date() if start else None, end=end.date() if end else None)
    if as_json:
        session.json(stats)
        return
    for key, value in stats.items():
        click.echo(f"{key}: {value}")


COMMANDS = (posts_group,)
