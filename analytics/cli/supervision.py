"""Supervision commands: inspection rounds, the 通报 document, the units' contacts, and alerts."""

from __future__ import annotations

from pathlib import Path

import click

from analytics import settings
from analytics.access import directory
from analytics.actions import people, supervision
from analytics.cli.session import (
    DATE,
    EXIT_ERROR,
    EXIT_REJECTED,
    Session,
    as_option,
    command,
    json_option,
    read_file,
    secrets_option,
)
from analytics.errors import StoreError
from analytics.output import notice
from analytics.supervision import alerts, contacts, rounds


@click.group("round")
def round_group() -> None:
    """Open, list or show quarterly inspection rounds (检查)."""


@round_group.command("open")
@click.option("--quarter", required=True, help="e.g. 2026Q2")
@click.option("--sample", type=float, default=1.0, show_default=True, help="share of accounts drawn per province and platform (1: all)")
@click.option("--seed", type=int, default=0, show_default=True, help="seed of the draw (recorded with the round)")
@click.option("--check-date", type=DATE, help="default: the quarter's last snapshot")
@as_option
@secrets_option
@command
def round_open(session: Session, quarter: str, sample: float, seed: int, check_date, as_user: str | None, secrets: str) -> None:
    """Check every account (or a sample) of a quarter and keep it as the round's next revision."""
    record = supervision.open_round(session.operator(as_user, secrets), session.engine(), quarter, share=sample, seed=seed, check=check_date)
    session.say(f"{record.quarter} 第 {record.revision} 版检查：检查日 {record.check_date}，抽查 {record.accounts:,} 个账号，"
                f"不合格 {record.failed:,} 个，合格率 {record.rate:.1%}（数据版本 {record.version}）。",
                f"{record.quarter} round, revision {record.revision}: check date {record.check_date}, {record.accounts:,} "
                f"accounts checked, {record.failed:,} failing, pass rate {record.rate:.1%} (data version {record.version}).")


def _print_rounds(session: Session, found: list[rounds.Round], as_json: bool) -> None:
    if as_json:
        session.json([{**r.__dict__, "check_date": r.check_date.isoformat(), "rate": r.rate} for r in found])
        return
    for r in found:
        click.echo(f"{r.quarter} r{r.revision}  check {r.check_date}  share {r.share:g}  seed {r.seed}  accounts {r.accounts:,}  "
                   f"failing {r.failed:,}  pass rate {r.rate:.1%}  data v{r.version}  by {r.opened_by}")


@round_group.command("list")
@json_option
@command
def round_list(session: Session, as_json: bool) -> None:
    """Every round and revision."""
    _print_rounds(session, rounds.rounds(session.root), as_json)


@round_group.command("show")
@click.option("--quarter", required=True, help="e.g. 2026Q2")
@json_option
@command
def round_show(session: Session, quarter: str, as_json: bool) -> None:
    """The latest revision of a quarter's round."""
    found = rounds.latest(session.root, quarter)
    if found is None:
        raise StoreError(f"没有 {quarter} 的检查", f"there is no round for {quarter}")
    _print_rounds(session, [found], as_json)


@click.command("notice")
@click.option("--round", "quarter", required=True, help="the round's quarter, e.g. 2026Q2 (its latest revision)")
@click.option("--province", help="only this province's part of the round")
@click.option("--issuer", default="", help="the issuing office, printed under the title")
@click.option("--deadline", type=DATE, help="整改 deadline (default: 30 days from today)")
@click.option("--out", required=True, type=click.Path(dir_okay=False))
@as_option
@secrets_option
@command
def notice_command(session: Session, quarter: str, province: str | None, issuer: str, deadline, out: str, as_user: str | None, secrets: str) -> None:
    """Write the 通报 of an inspection round as a Word document."""
    root = session.engine().store.root
    record = rounds.latest(root, quarter)
    if record is None:
        raise StoreError(f"没有 {quarter} 的检查，请先运行 round open", f"there is no round for {quarter}: run round open first")
    prior = rounds.latest(root, rounds.previous_quarter(record.quarter))
    previous_rate = None
    if prior is not None:
        before = rounds.results(root, prior)
        if province:
            before = before[before["province"] == province]
        previous_rate = float(before["passed"].mean()) if len(before) else None
    data = notice.notice_bytes(record.quarter, record.check_date, record.share, rounds.results(root, record),
                               rounds.recheck(root, record), previous_rate, province=province, issuer=issuer, deadline=deadline)
    Path(out).write_bytes(data)
    people.exported(session.operator(as_user, secrets), page="notice", format="docx", round=record.quarter, revision=record.revision,
                    province=province or "", file=Path(out).name)
    session.say(f"已写入 {out}（{len(data):,} 字节）", f"wrote {out} ({len(data):,} bytes)")


@click.group("contacts")
def contacts_group() -> None:
    """Import or list the responsible units' contacts (for alerts)."""


@contacts_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@as_option
@secrets_option
@command
def contacts_import(session: Session, file: str, as_user: str | None, secrets: str) -> int:
    """A CSV or XLSX file (单位, 主办单位 or 平台+账号ID, 邮箱, Webhook); any problem stores nothing."""
    checked = contacts.check(Path(file).name, read_file(file))
    for problem in checked.problems:
        session.warn(problem.text("zh"), problem.text("en"))
    version = supervision.store_contacts(session.operator(as_user, secrets), checked)
    if version is None:
        return EXIT_REJECTED
    session.say(f"通讯录第 {version.version} 版：{version.rows:,} 行，{version.units:,} 个单位。",
                f"Contacts version {version.version}: {version.rows:,} rows, {version.units:,} units.")
    return 0


@contacts_group.command("list")
@json_option
@command
def contacts_list(session: Session, as_json: bool) -> None:
    """The contacts in force."""
    version, table = contacts.current(session.root)
    if as_json:
        click.echo(table.to_json(orient="records", force_ascii=False))
        return
    if version is None:
        session.say("还没有通讯录。", "No contacts yet.")
        return
    click.echo(f"version {version.version}  {version.rows:,} rows  {version.units:,} units  by {version.user}  {version.at}  ({version.file})")
    for row in table.itertuples(index=False):
        target = f"{row.platform}:{row.account_id}" if row.account_id else row.agency
        click.echo(f"{row.unit:<24} {target:<32} {row.email:<32} {row.webhook}")


def _message(m) -> dict:
    return {"id": m.id, "unit": m.unit, "channel": m.channel, "to": m.to, "accounts": len(m.keys), "status": m.status,
            "attempts": m.attempts, "error": m.last_error}


@click.command("alerts")
@click.option("--check-date", type=DATE, help="default: the latest snapshot")
@click.option("--dry-run", is_flag=True, help="show what would be sent; send and record nothing")
@click.option("--retry-only", is_flag=True, help="only deliver earlier runs' undelivered messages")
@as_option
@json_option
@secrets_option
@command
def alerts_command(session: Session, check_date, dry_run: bool, retry_only: bool, as_user: str | None,
                   as_json: bool, secrets: str) -> int:
    """Send each responsible unit its failing and at-risk accounts (e-mail, webhook); retry undelivered ones."""
    reader = session.reader(as_user, secrets)
    engine = session.engine().with_scope(reader.scope)
    if dry_run:
        done = alerts.run(engine, check=check_date, dry_run=True, base=settings.public_url(), retry_only=retry_only)
    else:
        done = supervision.send_alerts(session.operator(as_user, secrets), engine, secrets=directory.load_secrets(Path(secrets)), base=settings.public_url(),
                                       check=check_date, retry_only=retry_only)
    if as_json:
        session.json({"run": done.id, "check_date": done.check_date.isoformat(), "dry_run": done.dry_run,
                      "alerts": len(done.alerts), "unrouted": len(done.unrouted), "new": [_message(m) for m in done.new],
                      "retried": [_message(m) for m in done.retried], "sent": [m.id for m in done.sent],
                      "failed": [m.id for m in done.failed]})
    else:
        _print_run(session, done, retry_only)
    return EXIT_ERROR if done.failed else 0


def _print_run(session: Session, done: alerts.Run, retry_only: bool) -> None:
    failing = int((done.alerts["state"] == "failing").sum())
    if retry_only:
        session.say(f"只重试以前未送达的通知：{len(done.retried)} 条。", f"retrying earlier undelivered messages only: {len(done.retried)}.")
    else:
        book = (f"第 {done.contacts_version} 版" if done.contacts_version else "为空",
                f"version {done.contacts_version}" if done.contacts_version else "empty")
        session.say(f"检查日 {done.check_date}：{failing:,} 个账号未通过，{len(done.alerts) - failing:,} 个账号预警；"
                    f"{len(done.unrouted):,} 个没有对应的责任单位（通讯录{book[0]}）。",
                    f"check date {done.check_date}: {failing:,} accounts failing, {len(done.alerts) - failing:,} at risk; "
                    f"{len(done.unrouted):,} with no responsible unit (contacts {book[1]}).")
    zh = session.lang == "zh"
    for label, found in (("新通知" if zh else "new", done.new), ("重试" if zh else "retry", done.retried)):
        for m in found:
            if done.dry_run:
                outcome = "将发送" if zh else "would send"
            elif m in done.sent:
                outcome = "已送达" if zh else "sent"
            else:
                outcome = f"{'发送失败' if zh else 'FAILED'}: {m.last_error}"
            count = f"{len(m.keys):>4} {'个账号' if zh else 'accounts'}"
            click.echo(f"  {label:<5} {m.id}  {m.channel:<7} {m.unit:<20} {count} → {', '.join(m.to)[:60]}  {outcome}")
    if not done.new and not done.retried:
        session.say("  没有新的预警需要发送。", "  no new alert to send.")


COMMANDS = (round_group, notice_command, contacts_group, alerts_command)
