"""A bad setting is one clear message naming it and the accepted values (zh/en): in the app before any
page runs, and from every command with exit code 2. Nothing is read or written before the check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from apptest import open_app

from analytics import settings
from analytics.access import directory
from analytics.errors import SettingError

ROOT = Path(__file__).resolve().parent.parent
BAD = [
    ("GOVMEDIA_SEED", "maybe", "1 或 0", "1 or 0"),
    ("GOVMEDIA_BEHIND_PROXY", "sometimes", "1 或 0", "1 or 0"),
    ("GOVMEDIA_ENGINE", "oracle", "duckdb 或 spark", "duckdb or spark"),
    ("GOVMEDIA_MAX_UPLOAD_MB", "lots", "1 到 10000", "from 1 to 10000"),
    ("GOVMEDIA_MAX_UPLOAD_MB", "0", "1 到 10000", "from 1 to 10000"),
    ("GOVMEDIA_CACHE_ENTRIES", "-5", "0 到 100000", "from 0 to 100000"),
    ("GOVMEDIA_DATA_DIR", "__FILE__", "可写目录", "writable directory"),
]


def _value(raw: str, tmp_path: Path) -> str:
    if raw != "__FILE__":
        return raw
    target = tmp_path / "a-file"
    target.write_text("not a directory")
    return str(target)


@pytest.mark.parametrize("name, raw, zh, en", BAD)
def test_check_names_the_setting_and_the_accepted_values(monkeypatch, tmp_path, name, raw, zh, en):
    monkeypatch.setenv(name, _value(raw, tmp_path))
    with pytest.raises(SettingError) as caught:
        settings.check()
    assert name in caught.value.zh and zh in caught.value.zh
    assert name in caught.value.en and en in caught.value.en


@pytest.mark.parametrize("raw, expected", [("1", True), ("true", True), ("ON", True), ("0", False), ("no", False)])
def test_seed_accepts_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("GOVMEDIA_SEED", raw)
    assert settings.seed_enabled() is expected


@pytest.mark.parametrize("name, raw, zh, en", BAD)
def test_the_app_shows_the_message_instead_of_a_page(monkeypatch, tmp_path, name, raw, zh, en):
    monkeypatch.setenv("GOVMEDIA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv(name, _value(raw, tmp_path))
    st.cache_resource.clear()
    at = open_app()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert name in message and zh in message and en in message
    assert len(at.title) == 0 and not (tmp_path / "data").exists()


@pytest.mark.parametrize("name, raw, zh, en", BAD[:2])
def test_every_command_exits_2_with_the_message(tmp_path, name, raw, zh, en):
    env = {**os.environ, "GOVMEDIA_DATA_DIR": str(tmp_path / "data"), name: _value(raw, tmp_path)}
    done = subprocess.run([sys.executable, "-m", "analytics", "stats", "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and name in done.stderr and zh in done.stderr and en in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("section, needle", [
    ({"passwords": {"王分析": "plain-text-password"}}, "passwords"),
    ({"passwords": "oops"}, "passwords"),
    ({"analyst_emails": "a@b.gov.cn"}, "analyst_emails"),
])
def test_a_malformed_secrets_section_is_named(section, needle):
    with pytest.raises(SettingError) as caught:
        directory.check_section(section)
    assert needle in caught.value.zh and needle in caught.value.en


def test_a_malformed_secrets_section_stops_the_app(app_env):
    at = open_app()
    at.secrets["govmedia"] = {"passwords": {"王分析": "plain-text-password"}}
    at.run()
    assert any("passwords" in e.value for e in at.error) and not at.exception


def test_set_password_on_a_broken_secrets_file_exits_2(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[govmedia\npasswords = 1\n")
    done = subprocess.run([sys.executable, "-m", "analytics", "set-password", "--user", "王分析", "--secrets",
                           str(secrets)], cwd=ROOT, input="a long enough password\n", capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and "TOML" in done.stderr and "Traceback" not in done.stderr
    assert secrets.read_text() == "[govmedia\npasswords = 1\n"


@pytest.mark.parametrize("behind, expected", [("1", "203.0.113.9"), ("0", "127.0.0.1")])
def test_client_address_comes_from_the_proxy_header_only_behind_the_proxy(monkeypatch, behind, expected):
    from types import SimpleNamespace

    from ui import signin

    monkeypatch.setenv("GOVMEDIA_BEHIND_PROXY", behind)
    context = SimpleNamespace(headers={"X-Real-IP": "203.0.113.9"}, ip_address="127.0.0.1")
    monkeypatch.setattr(signin, "st", SimpleNamespace(context=context))
    assert signin._client() == expected


@pytest.mark.parametrize("master, ok", [("local[2]", True), ("local[*]", True), ("yarn", True), ("spark://h1:7077", True),
                                        ("sc://spark.example:15002", True), ("http://x", False), ("local[2]; rm", False)])
def test_spark_master_is_checked_when_spark_is_chosen(monkeypatch, master, ok):
    monkeypatch.setenv("GOVMEDIA_ENGINE", "spark")
    monkeypatch.setenv("GOVMEDIA_SPARK_MASTER", master)
    if ok:
        assert settings.engine() == "spark"
    else:
        with pytest.raises(SettingError) as caught:
            settings.engine()
        assert "GOVMEDIA_SPARK_MASTER" in caught.value.en
