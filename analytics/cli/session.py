"""What every command shares: the options (`--data-dir`, `--lang`, `--json`, `--as`, `--secrets`),
one bilingual printer, the engine over the data directory, the caller of actions, and the exit codes."""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from analytics import seeding, settings
from analytics.access import directory
from analytics.access.roles import ADMIN, ANALYST, Actor
from analytics.actions.base import Caller
from analytics.errors import AnalyticsError, SettingError
from analytics.query.engine import Engine, open_engine

EXIT_OK, EXIT_ERROR, EXIT_REJECTED = 0, 1, 2
SECRETS = settings.REPO_ROOT / ".streamlit" / "secrets.toml"


class Session:
    """One command's run: where the data is, which language it speaks, who acts."""

    def __init__(self, data_dir: str | None, lang: str):
        self.data_dir = data_dir
        self.lang = lang
        self._engine: Engine | None = None

    def text(self, zh: str, en: str) -> str:
        return {"zh": zh, "en": en}.get(self.lang, f"{zh} / {en}")

    def say(self, zh: str, en: str) -> None:
        click.echo(self.text(zh, en))

    def warn(self, zh: str, en: str) -> None:
        click.echo(self.text(zh, en), err=True)

    def problems(self, problems: list[tuple[int | None, str, str]]) -> None:
        """Numbered row problems (row 0 or None: the file as a whole), the first twenty, on stderr."""
        for n, zh, en in problems[:20]:
            self.warn(f"第 {n} 行：{zh}" if n else zh, f"row {n}: {en}" if n else en)

    @staticmethod
    def json(value: Any) -> None:
        click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))

    @property
    def root(self) -> Path:
        return settings.data_dir(self.data_dir)

    def engine(self) -> Engine:
        """The engine the settings choose, over the data directory (seeded with the sample when empty)."""
        if self._engine is None:
            self._engine = open_engine(self.data_dir)
            if seeding.ensure_seeded(self._engine.store):
                self.warn(f"已将示例数据载入空数据目录 {self._engine.store.root}（设置 GOVMEDIA_SEED=0 可不载入）",
                          f"loaded the sample data into the empty data directory {self._engine.store.root} "
                          "(GOVMEDIA_SEED=0 skips this)")
        return self._engine

    def operator(self, as_user: str | None = None, secrets: str = str(SECRETS)) -> Caller:
        """Whoever runs the command line on the server can read and write the data directory: they act as
        themselves (the system user), a national administrator. With --as USER they act with USER's role
        and scope instead, and the record names both."""
        who = getpass.getuser()
        if not as_user:
            return Caller(Actor(who, ADMIN), self.root, "cli")
        return Caller(self.reader(as_user, secrets), self.root, "cli", operator=who)

    def reader(self, as_user: str | None, secrets: str) -> Actor:
        """Whose view a command shows: --as USER reads with that user's scope (an unknown user is an error)."""
        if not as_user:
            return Actor(getpass.getuser(), ADMIN)
        section = directory.load_secrets(Path(secrets)).get(directory.SECTION, {})
        found = directory.user_actor(dict(section.get(directory.USERS, {})), as_user)
        if found is None and as_user in section.get(directory.PASSWORDS, {}):
            found = Actor(as_user, ANALYST)
        if found is None:
            raise SettingError(f"没有用户 {as_user}", f"there is no user {as_user}")
        return found


def command(fn: Callable[..., int | None]) -> Callable[..., None]:
    """Give a command `--data-dir` and `--lang`, hand it a Session, and turn its answer and its errors into
    the exit code: a setting or input the user must fix is 2, an error of the data or a delivery 1."""

    @click.option("--lang", type=click.Choice(("zh", "en", "both")), default="both", show_default=True,
                  help="language of messages")
    @click.option("--data-dir", help="data directory (default: $GOVMEDIA_DATA_DIR or ./data)")
    @functools.wraps(fn)
    def run(data_dir: str | None, lang: str, **options: Any) -> None:
        session = Session(data_dir, lang)
        try:
            settings.check()
            code = fn(session, **options) or EXIT_OK
        except SettingError as exc:
            session.warn(exc.zh, exc.en)
            code = EXIT_REJECTED
        except AnalyticsError as exc:
            session.warn(exc.zh, exc.en)
            code = EXIT_ERROR
        click.get_current_context().exit(code)

    return run


json_option = click.option("--json", "as_json", is_flag=True, help="print JSON")
secrets_option = click.option("--secrets", default=str(SECRETS), show_default=".streamlit/secrets.toml", help="secrets file")
as_option = click.option("--as", "as_user", metavar="USER",
                         help="act as USER: their role and scope (recorded as the system user acting as USER); "
                              "default: the system user, a national administrator")


class Date(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"not a date (YYYY-MM-DD): {value!r}", param, ctx)


DATE = Date()


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise SettingError(f"无法读取文件 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}") from None


def stdin_line() -> str:
    return sys.stdin.readline().rstrip("\r\n")
