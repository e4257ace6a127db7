"""The README documents every page, link parameter, command and setting the code has."""

import re
from pathlib import Path

import click
import pytest

from analytics import settings
from analytics.cli import cli
from analytics.pages.link import VIEW_PARAMS
from analytics.pages.options import OPTIONS
from analytics.pages.registry import PAGES
from analytics.query.filters import LIST_PARAMS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first = README.split("\n")[:4]
    assert first[0] == "```bash" and first[1].startswith("./scripts/run.sh") and first[2].startswith("./scripts/test.sh")


@pytest.mark.parametrize("key", list(PAGES))
def test_every_page_path(key):
    assert f"`/{key}`" in README


LINK_TABLE = README.split("| parameter | values |", 1)[1].split("\n\n", 1)[0]


@pytest.mark.parametrize("param", [*LIST_PARAMS, "start", "end", "granularity", "metric", *VIEW_PARAMS, *OPTIONS])
def test_every_link_parameter(param):
    """Read from the code's own tables: a parameter added there and not to the README fails here."""
    assert re.search(rf"^\| `{param}`|, `{param}`", LINK_TABLE, re.M), param


def test_the_link_table_names_nothing_the_code_lacks():
    listed = set(re.findall(r"^\| ((?:`[a-z_]+`(?:, )?)+) \|", LINK_TABLE, re.M))
    names = {n for group in listed for n in re.findall(r"`([a-z_]+)`", group)}
    assert names == {*LIST_PARAMS, "start", "end", "granularity", "metric", *VIEW_PARAMS, *OPTIONS}


def _leaves(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _leaves(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


COMMANDS = dict(_leaves(cli))
SHARED = {"--data-dir", "--lang", "--help"}
CLI_TABLE = README.split("## Command line", 1)[1].split("\n## ", 1)[0]


def _rows(verb: str) -> list[str]:
    """The command table's rows that document `python -m analytics VERB` (a row may name several verbs)."""
    return [line for line in CLI_TABLE.splitlines() if line.startswith("| ") and
            re.search(rf"python -m analytics {re.escape(verb)}(?=[ `|\]])", line)]


@pytest.mark.parametrize("verb", sorted(COMMANDS))
def test_every_command_and_each_of_its_options_is_documented(verb):
    """Verb by verb against the commands themselves: an option added to a command and not to its row fails."""
    rows = _rows(verb)
    assert rows, f"python -m analytics {verb} is not in the README's command table"
    options = {o for p in COMMANDS[verb].params if isinstance(p, click.Option) for o in p.opts if o.startswith("--")}
    missing = sorted(o for o in options - SHARED if not any(re.search(rf"{o}(?![\w-])", row) for row in rows))
    assert not missing, f"{verb}: options missing from its README row: {missing}"


def test_the_command_table_names_no_command_the_code_lacks():
    named = set(re.findall(r"python -m analytics ((?:[a-z][a-z-]*)(?: (?:add|set|remove|list|open|show|import|ingest|versions|restore|stats))?)", CLI_TABLE))
    assert named <= set(COMMANDS), named - set(COMMANDS)


def test_every_shared_option_is_documented_once():
    assert "`--data-dir DIR`" in CLI_TABLE and "`--lang zh|en|both`" in CLI_TABLE


@pytest.mark.parametrize("setting", [s.name for s in settings.SETTINGS])
def test_every_setting(setting):
    assert f"`{setting}`" in README
