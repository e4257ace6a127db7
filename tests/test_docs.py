"""The README documents every page, link parameter, command and setting the code has."""

import re
from pathlib import Path

import pytest

from analytics import settings
from analytics.cli import build_parser
from analytics.query.filters import LIST_PARAMS
from ui.nav import PAGES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first = README.split("\n")[:4]
    assert first[0] == "```bash" and first[1].startswith("./scripts/run.sh") and first[2].startswith("./scripts/test.sh")


@pytest.mark.parametrize("key", [key for key, _, _ in PAGES])
def test_every_page_path(key):
    assert f"`/{key}`" in README


@pytest.mark.parametrize("param", [*LIST_PARAMS, "start", "end", "granularity", "metric", "lang", "account", "present"])
def test_every_link_parameter(param):
    assert re.search(rf"`{param}`", README)


@pytest.mark.parametrize("command", sorted(build_parser()._subparsers._group_actions[0].choices))
def test_every_cli_command(command):
    assert f"python -m analytics {command}" in README


@pytest.mark.parametrize("setting", [s.name for s in settings.SETTINGS])
def test_every_setting(setting):
    assert f"`{setting}`" in README
