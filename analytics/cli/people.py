"""Commands about people: users and their scopes, analysts' passwords, and the audit log."""

from __future__ import annotations

from pathlib import Path

import click

from analytics.access import audit, directory
from analytics.access.roles import ROLES, VIEWER
from analytics.access.scope import Scope
from analytics.actions import people
from analytics.cli.session import DATE, Session, as_option, command, json_option, secrets_option, stdin_line

user_required = click.option("--user", required=True, help="user name, or the e-mail address of an organisation-account user")




@click.group("users")
def users_group() -> None:
    """Add, change, remove or list users: role and scope."""


def _scope_options(fn):
    fn = click.option("--platform", multiple=True, help="repeatable; none: every platform")(fn)
    fn = click.option("--city", multiple=True, help="repeatable: 杭州 (with one --province) or 浙江/杭州")(fn)
    fn = click.option("--province", multiple=True, help="repeatable; none: national")(fn)
    return click.option("--role", type=click.Choice(ROLES), default=VIEWER, show_default=True)(fn)


@users_group.command("add")
@user_required
@_scope_options
@as_option
@secrets_option
@command
def users_add(session: Session, user: str, role: str, province, city, platform, as_user: str | None, secrets: str) -> None:
    """Add a user; a password user's password is read from standard input."""
    scope = Scope.make(province, city, platform)
    password = stdin_line() if "@" not in user else None
    people.set_user(session.operator(as_user, secrets), Path(secrets), user, role, scope, password)
    session.say(f"用户 {user}：已添加。", f"User {user}: add done.")


@users_group.command("set")
@user_required
@_scope_options
@click.option("--password-stdin", is_flag=True, help="also read a new password from standard input")
@as_option
@secrets_option
@command
def users_set(session: Session, user: str, role: str, province, city, platform, password_stdin: bool, as_user: str | None, secrets: str) -> None:
    """Change an existing user's role and scope (and password)."""
    scope = Scope.make(province, city, platform)
    password = stdin_line() if password_stdin else None
    people.set_user(session.operator(as_user, secrets), Path(secrets), user, role, scope, password, must_exist=True)
    session.say(f"用户 {user}：已修改。", f"User {user}: set done.")


@users_group.command("remove")
@user_required
@as_option
@secrets_option
@command
def users_remove(session: Session, user: str, as_user: str | None, secrets: str) -> None:
    """Remove a user (their password and their entry)."""
    people.remove_user(session.operator(as_user, secrets), Path(secrets), user)
    session.say(f"用户 {user}：已删除。", f"User {user}: remove done.")


@users_group.command("list")
@json_option
@secrets_option
@command
def users_list(session: Session, as_json: bool, secrets: str) -> None:
    """Every user with role, scope and how they sign in."""
    rows = directory.list_users(Path(secrets))
    if as_json:
        session.json(rows)
        return
    for r in rows:
        click.echo(f"{r['user']:<24} {r['role']:<8} {r['scope']:<30} {r['sign_in']}")


@click.command("set-password")
@click.option("--user", required=True)
@as_option
@secrets_option
@command
def set_password_command(session: Session, user: str, as_user: str | None, secrets: str) -> None:
    """Set an analyst's password (read from standard input) in secrets.toml."""
    people.set_password(session.operator(as_user, secrets), Path(secrets), user, stdin_line())
    session.say(f"已为 {user} 设置分析员密码（{secrets}）。", f"Analyst password set for {user} in {secrets}.")


@click.command("audit")
@click.option("--since", type=DATE)
@click.option("--user")
@click.option("--event", type=click.Choice(audit.EVENTS))
@json_option
@command
def audit_command(session: Session, since, user: str | None, event: str | None, as_json: bool) -> None:
    """Print the audit log, oldest first."""
    rows = audit.read(session.root, since=since, user=user, event=event)
    if as_json:
        session.json(rows)
        return
    for r in rows:
        details = " ".join(f"{k}={v}" for k, v in r.get("details", {}).items())
        click.echo(f"{r['time'][:19]}  {r['event']:<9} {r['outcome']:<8} {r['user'] or '-':<20} {r['role']:<8} "
                   f"{r['scope']:<20} {r.get('client') or '-':<15} {details}")


COMMANDS = (users_group, set_password_command, audit_command)
