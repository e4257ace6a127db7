"""The command line run in this process, as an operator would type it: exit code, stdout and stderr."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

from analytics.cli import cli


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None, seed: str = "0") -> Ran:
    """`python -m analytics ARGS` in-process (seeding off unless asked); the environment is restored after."""
    result = CliRunner().invoke(cli, list(args), input=stdin, env={"GOVMEDIA_SEED": seed, **(env or {})},
                                prog_name="python -m analytics")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)
