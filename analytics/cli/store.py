"""Commands over the snapshot table: ingest, versions, restore, optimize, stats, verify, backup, restore-backup."""

from __future__ import annotations

import json
from pathlib import Path

import click

from analytics.actions import data as actions
from analytics.cli.session import EXIT_ERROR, EXIT_REJECTED, Session, as_option, command, json_option, read_file, secrets_option
from analytics.errors import SettingError
from analytics.store import ingest
from analytics.store.stats import store_stats
from analytics.store.table import Store


def _report(session: Session, report) -> str:
    return report.text(session.lang) if session.lang in ("zh", "en") else report.text("zh") + "\n" + report.text("en")


@click.command("ingest")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="validate and report only")
@as_option
@secrets_option
@command
def ingest_command(session: Session, files: tuple[str, ...], dry_run: bool, as_user: str | None, secrets: str) -> int:
    """Validate and commit snapshot files (parquet, CSV, XLSX); exit 2 when any is rejected."""
    store = session.engine().store
    caller = session.operator(as_user, secrets)
    prepared: list[ingest.Prepared] = []
    try:
        for path in files:
            try:
                data = read_file(path)
            except SettingError as exc:
                session.say(exc.zh, exc.en)  # with the reports, on stdout
                return EXIT_REJECTED
            prepared.append(actions.check_upload(caller, store, Path(path).name, data))
            click.echo(_report(session, prepared[-1].report) + "\n")
        if any(not p.report.ok for p in prepared):
            session.say("有文件未通过校验：本次未写入任何数据。", "A file was rejected: nothing was stored.")
            return EXIT_REJECTED
        if dry_run:
            session.say("试运行：未写入任何数据。", "Dry run: nothing was stored.")
            return 0
        for p in prepared:
            result = actions.commit_upload(caller, store, p)
            if result.nothing_to_do:
                session.say(f"{p.report.name}：无需写入。", f"{p.report.name}: nothing to do.")
            else:
                session.say(f"{p.report.name}：已提交为版本 {result.version}（新增 {result.rows_added:,} 行，替换 {result.rows_replaced:,} 行）。",
                            f"{p.report.name}: committed as version {result.version} ({result.rows_added:,} rows added, "
                            f"{result.rows_replaced:,} replaced).")
                if result.pending:
                    session.say(*result.pending_note())
        return 0
    finally:
        for p in prepared:
            p.discard()


@click.command("versions")
@json_option
@command
def versions_command(session: Session, as_json: bool) -> None:
    """List the table's versions, newest first."""
    rows = [h.as_row() for h in session.engine().store.history()]
    if as_json:
        session.json(rows)
        return
    click.echo(f"{'version':>7}  {'time (UTC)':<20} {'action':<8} {'user':<14} {'added':>9} {'replaced':>9}  source / sha256")
    for r in rows:
        detail = r["source"] + (f"  {r['sha256'][:12]}" if r["sha256"] else "")
        click.echo(f"{r['version']:>7}  {r['timestamp'][:19]:<20} {r['action']:<8} {r['user'][:14]:<14} "
                   f"{r['rows_added']:>9,} {r['rows_replaced']:>9,}  {detail}")


@click.command("restore")
@click.argument("version", type=int)
@as_option
@secrets_option
@command
def restore_command(session: Session, version: int, as_user: str | None, secrets: str) -> None:
    """Make an earlier version current again, as a new version."""
    result = actions.restore(session.operator(as_user, secrets), session.engine().store, version)
    session.say(f"已将版本 {version} 的数据恢复为新版本 {result.version}。",
                f"Restored the state of version {version} as new version {result.version}.")
    if result.pending:
        session.say(*result.pending_note())


@click.command("optimize")
@as_option
@secrets_option
@command
def optimize_command(session: Session, as_user: str | None, secrets: str) -> None:
    """Rewrite the files clustered by date and account (same rows, a new version)."""
    result = actions.optimize(session.operator(as_user, secrets), session.engine().store)
    if result.version is None:
        session.say("文件已是整理后的布局，未产生新版本。", "The files were already clustered; no new version.")
    else:
        session.say(f"已按日期和账号重新整理文件，新版本 {result.version}（数据不变）。",
                    f"Files clustered by date and account as new version {result.version} (same rows).")


@click.command("stats")
@json_option
@command
def stats_command(session: Session, as_json: bool) -> None:
    """Rows, accounts, dates and the latest followers per platform."""
    stats = store_stats(session.engine().store)
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False))
        return
    for key, value in stats.items():
        click.echo(f"{key}: {value}")


@click.command("verify")
@click.option("--all-versions", is_flag=True, help="check every kept version, not only the current one")
@click.option("--repair", is_flag=True, help="move torn commit files aside and rebuild damaged derived tables")
@json_option
@command
def verify_command(session: Session, all_versions: bool, repair: bool, as_json: bool) -> int:
    """Check every file of the current version: present, size, checksum, footer, log, derived tables; exit 1
    with every problem named."""
    store = Store(session.root)
    problems, repaired = actions.verify(session.operator(), store, all_versions=all_versions, repair=repair)
    if as_json:
        session.json({"version": store.version(), "problems": [p.as_row() for p in problems], "repaired": repaired})
    else:
        for done in repaired:
            session.say(f"已修复：{done}", f"repaired: {done}")
        for p in problems:
            click.echo(p.text("en") if session.lang == "en" else p.text("zh") if session.lang == "zh"
                       else p.text("zh") + "\n" + p.text("en"))
        if not problems:
            session.say(f"检查完毕，版本 {store.version()} 的全部文件完好。", f"Verified: every file of version {store.version()} is sound.")
    return EXIT_ERROR if problems else 0


@click.command("backup")
@click.argument("dest", type=click.Path(file_okay=False))
@click.option("--incremental", is_flag=True, help="link the files the previous backup in DEST holds; copy only the rest")
@secrets_option
@command
def backup_command(session: Session, dest: str, incremental: bool, secrets: str) -> None:
    """Copy a consistent state of the data directory (while the app serves) into DEST/<time>/ and verify the copy."""
    made = actions.backup(session.operator(), Store(session.root), Path(dest), incremental=incremental, secrets=Path(secrets))
    session.say(made.text("zh"), made.text("en"))


@click.command("restore-backup")
@click.argument("source", type=click.Path(exists=True, file_okay=False))
@click.option("--secrets-to", type=click.Path(dir_okay=False), help="where to write the backup's users file (default: not written)")
@command
def restore_backup_command(session: Session, source: str, secrets_to: str | None) -> int:
    """Rebuild a working store in --data-dir (new or empty) from a backup, then verify it."""
    folder, version = actions.restore_backup(session.operator(), Path(source), session.root,
                                             Path(secrets_to) if secrets_to else None)
    session.say(f"已从 {folder} 恢复版本 {version} 到 {session.root}。", f"Restored version {version} from {folder} into {session.root}.")
    problems, _ = actions.verify(session.operator(), Store(session.root))
    for p in problems:
        session.warn(p.text("zh"), p.text("en"))
    if not problems:
        session.say("恢复后的数据已通过 verify 检查。", "The restored store passes verify.")
    return EXIT_ERROR if problems else 0


COMMANDS = (ingest_command, versions_command, restore_command, optimize_command, stats_command, verify_command,
            backup_command, restore_backup_command)
