"""The command line (`python -m analytics`): one click group, a module of commands per subject — the snapshot
table (`store`), exports (`export`), users and the audit log (`people`), supervision (`supervision`), events and
published rankings (`curation`). It runs on the server, by whoever may read and write the data directory:
what it changes is done as the system user, a national administrator, or with `--as USER` as USER (their role
and scope), recorded as the system user acting as USER."""

from __future__ import annotations

import click

from analytics.cli import curation, export, people, posts, store, supervision
from analytics.cli.session import EXIT_ERROR, EXIT_OK, EXIT_REJECTED

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_REJECTED", "cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
def cli() -> None:
    """政务新媒体数据看板 command line."""


for module in (store, posts, export, people, supervision, curation):
    for found in module.COMMANDS:
        cli.add_command(found)


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code (0 done, 1 an error, 2 rejected input or a usage error)."""
    try:
        cli.main(args=argv, prog_name="python -m analytics", standalone_mode=True)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (EXIT_OK if stop.code is None else EXIT_ERROR)
    return EXIT_OK
