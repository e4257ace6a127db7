"""The README documents every page, link parameter, command and setting the code has."""

import re
from pathlib import Path

import pytest

from analytics import settings
from analytics.cli import build_parser
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


@pytest.mark.parametrize("command", sorted(build_parser()._subparsers._group_actions[0].choices))
def test_every_cli_command(command):
    assert f"python -m analytics {command}" in README


@pytest.mark.parametrize("setting", [s.name for s in settings.SETTINGS])
def test_every_setting(setting):
    assert f"`{setting}`" in README
