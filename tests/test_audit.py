"""The audit log: append-only records that survive a write cut short, read back filtered; the command line
manages users (role, scope, hashed passwords, mode 600) and exports as a user, and records both."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import threading
from pathlib import Path

from cli import run

from analytics.access import audit, credentials, directory
from analytics.access.roles import ADMIN, ANALYST, VIEWER, Actor
from analytics.access.scope import Scope

ROOT = Path(__file__).resolve().parent.parent


def test_records_are_appended_and_a_line_cut_by_a_crash_is_skipped(tmp_path):
    zj = Actor("浙江分析", ANALYST, Scope.make(provinces=["浙江"]))
    audit.record(tmp_path, "sign_in", zj, "ok", client="10.0.0.7")
    with open(audit.path(tmp_path), "ab") as f:
        f.write(b'{"time": "2026-11-30T00:00:00", "event": "upl')  # a write cut short by a crash
    audit.record(tmp_path, "upload", zj, "rejected", file="a.parquet", rows=3)
    rows = audit.read(tmp_path)
    assert [r["event"] for r in rows] == ["sign_in", "upload"]
    assert rows[0] | {"time": ""} == {"time": "", "event": "sign_in", "user": "浙江分析", "role": "analyst", "scope": "浙江",
                                       "within": {"provinces": ["浙江"], "cities": [], "platforms": []}, "client": "10.0.0.7", "outcome": "ok", "details": {}}
    assert rows[1]["details"] == {"file": "a.parquet", "rows": 3}
    assert stat.S_IMODE(os.stat(audit.path(tmp_path)).st_mode) == 0o600
    assert audit.read(tmp_path, user="nobody") == [] and len(audit.read(tmp_path, event="upload")) == 1
    assert audit.read(tmp_path, since=dt.date.today() + dt.timedelta(days=1)) == []


def test_concurrent_writers_never_interleave(tmp_path):
    def write(i):
        for j in range(50):
            audit.record(tmp_path, "export", Actor(f"u{i}", VIEWER), "ok", n=j, pad="x" * 2000)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = audit.path(tmp_path).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200 and all(json.loads(line)["event"] == "export" for line in lines)


def _cli(*args, stdin="", env=None):
    return run(*args, stdin=stdin, env=env)


def test_users_and_audit_on_the_command_line(tmp_path):
    secrets, data = tmp_path / "secrets.toml", tmp_path / "data"
    common = ["--secrets", str(secrets), "--data-dir", str(data), "--lang", "en"]
    assert _cli("users", "add", "--user", "浙江分析", "--role", "analyst", "--province", "浙江", *common,
                stdin="a-long-password\n").returncode == 0
    assert _cli("users", "add", "--user", "HZ@gov.cn", "--province", "浙江", "--city", "杭州", *common).returncode == 0
    assert _cli("users", "set", "--user", "nobody", "--role", "viewer", *common).returncode == 2
    bad = _cli("users", "add", "--user", "x", "--province", "浙江", "--province", "广东", "--city", "杭州", *common)
    assert bad.returncode == 2 and "province/city" in bad.stderr
    listed = json.loads(_cli("users", "list", "--json", *common).stdout)
    assert [(u["user"], u["role"], u["provinces"], u["cities"]) for u in listed] == [
        ("HZ@gov.cn", "viewer", [], ["浙江/杭州"]), ("浙江分析", "analyst", ["浙江"], [])]
    assert "scrypt$" not in json.dumps(listed) and stat.S_IMODE(os.stat(secrets).st_mode) == 0o600
    section = directory.load_secrets(secrets)["govmedia"]
    assert credentials.verify_password("a-long-password", section["passwords"]["浙江分析"])
    claims = {"email": "hz@GOV.cn", "email_verified": True}
    assert directory.oidc_actor(section, claims, []) == Actor("hz@GOV.cn", VIEWER, Scope.make(cities=["浙江/杭州"]))
    assert _cli("users", "remove", "--user", "HZ@gov.cn", *common).returncode == 0
    log = json.loads(_cli("audit", "--json", "--data-dir", str(data)).stdout)
    assert [(r["event"], r["details"]["action"], r["details"]["target"]) for r in log] == [
        ("users", "add", "浙江分析"), ("users", "add", "HZ@gov.cn"), ("users", "remove", "HZ@gov.cn")]
    assert all(r["role"] == ADMIN for r in log)


def test_an_export_as_a_user_holds_only_their_scope(sample_store, tmp_path):
    from openpyxl import load_workbook

    secrets = tmp_path / "secrets.toml"
    directory.set_user(secrets, "浙江分析", ANALYST, Scope.make(provinces=["浙江"]), "a-long-password")
    out = tmp_path / "rankings.xlsx"
    done = _cli("export", "--page", "regions", "--format", "xlsx", "--out", str(out), "--as", "浙江分析",
                "--secrets", str(secrets), "--data-dir", str(sample_store.root), "--lang", "zh")
    assert done.returncode == 0, done.stderr
    cells = {str(c.value) for ws in load_workbook(out).worksheets for row in ws.iter_rows() for c in row if c.value}
    assert "浙江省" in cells and not any("山西" in c or "广东" in c for c in cells)
    record = audit.read(sample_store.root, event="export")[-1]
    assert record["user"] == "浙江分析" and record["scope"] == "浙江" and record["details"]["format"] == "xlsx"
    briefing = tmp_path / "briefing.xlsx"
    done = _cli("export", "--page", "briefing", "--format", "xlsx", "--out", str(briefing), "--as", "浙江分析",
                "--secrets", str(secrets), "--data-dir", str(sample_store.root), "--lang", "zh")
    assert done.returncode == 0, done.stderr
    book = load_workbook(briefing)
    provinces = {str(c.value) for ws in book.worksheets for col in ws.iter_cols() if col[0].value in ("省份", "地区")
                 for c in col[1:] if c.value}
    assert len(book.worksheets) > 5 and provinces and provinces <= {"浙江", "浙江省"}
    assert _cli("export", "--page", "regions", "--format", "xlsx", "--out", str(out), "--as", "nobody",
                "--secrets", str(secrets), "--data-dir", str(sample_store.root)).returncode == 2


def test_a_scope_contains_only_scopes_within_it():
    zj, hz = Scope.make(["浙江"]), Scope.make(cities=["浙江/杭州"])
    assert Scope().contains(zj) and zj.contains(hz) and zj.contains(zj) and not hz.contains(zj)
    assert not zj.contains(Scope()) and not zj.contains(Scope.make(["浙江", "山西"]))
    assert not zj.contains(Scope.make(platforms=["douyin"]))
    douyin = Scope.make(platforms=["douyin"])
    assert douyin.contains(Scope.make(["浙江"], platforms=["douyin"])) and not douyin.contains(zj)
    assert Scope.make(["浙江"], platforms=["douyin"]).contains(Scope.make(cities=["浙江/杭州"], platforms=["douyin"]))
    assert not Scope.make(["浙江"], platforms=["douyin"]).contains(hz)
