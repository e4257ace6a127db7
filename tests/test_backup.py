"""Backup and restore of a whole data directory: online, checked, incremental, and a restored store whose
every page shows the original's numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import threading

import openpyxl
import pandas as pd
import pytest
from factory import make_rows, parquet_bytes

from analytics.access import audit
from analytics.access.roles import ANALYST, Actor
from analytics.cli import main
from analytics.errors import StoreError
from analytics.output import export
from analytics.pages import render
from analytics.pages.link import Link
from analytics.pages.registry import PAGES
from analytics.query.engine import Engine
from analytics.query.filters import Filters
from analytics.store import backup, ingest, verify
from analytics.store.table import Store


def _numbers(store: Store) -> dict[str, list[pd.DataFrame]]:
    """Every section's rows of every page, as the pages compute them."""
    engine = Engine(store)
    return {key: [s.rows() for s in render.sections(engine, key, Link()) if s.columns] for key in PAGES}


def test_a_restored_backup_passes_verify_and_every_page_shows_the_same_numbers(sample_store, tmp_path, capsys):
    audit.record(sample_store.root, "upload", Actor("王分析", ANALYST), "ok", file="w.parquet")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[govmedia.passwords]\n"王分析" = "pbkdf2_sha256$1$x$y"\n', encoding="utf-8")
    assert main(["backup", str(tmp_path / "b"), "--data-dir", str(sample_store.root), "--secrets", str(secrets),
                 "--lang", "en"]) == 0
    said = capsys.readouterr().out
    assert "version 0" in said and "every copy verified" in said
    made = backup.latest(tmp_path / "b")
    held = json.loads((made / backup.MANIFEST).read_text())["files"]
    assert backup.SECRETS in held and "audit/audit.jsonl" in held
    assert any(k.startswith("snapshots/_delta_log/") for k in held) and any(k.startswith("rollup/") for k in held)
    assert oct((made / backup.SECRETS).stat().st_mode & 0o777) == "0o600"

    restored = tmp_path / "restored"
    assert main(["restore-backup", str(tmp_path / "b"), "--data-dir", str(restored), "--secrets-to",
                 str(tmp_path / "restored-secrets.toml"), "--lang", "en"]) == 0
    assert "passes verify" in capsys.readouterr().out
    assert verify.check(Store(restored)) == []
    assert (tmp_path / "restored-secrets.toml").read_text(encoding="utf-8") == secrets.read_text(encoding="utf-8")
    events = [r["event"] for r in audit.read(restored)]
    assert events[0] == "upload" and events[-2:] == ["backup", "verify"]  # the original log, its own restore, the check
    original, again = _numbers(sample_store), _numbers(Store(restored))
    assert original.keys() == again.keys()
    for key in original:
        assert len(original[key]) == len(again[key]), key
        for a, b in zip(original[key], again[key]):
            pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), obj=key)


def test_an_incremental_backup_links_what_the_previous_one_holds(sample_store, tmp_path):
    first = backup.backup(sample_store, tmp_path / "b")
    prepared = ingest.prepare(sample_store, "w.parquet", parquet_bytes(make_rows(weeks=1, start=pd.Timestamp("2026-07-01").date())))
    assert prepared.report.ok, prepared.report.text("en")
    ingest.commit(sample_store, prepared, Actor("王分析", ANALYST))
    second = backup.backup(sample_store, tmp_path / "b", incremental=True)
    assert second.version == first.version + 1
    data = [k for k in first.files if k.startswith("snapshots/part-")]
    assert data and all(k in second.files for k in data)
    for k in data:  # the same file on disk, not a second copy
        assert os.stat(first.folder / k).st_ino == os.stat(second.folder / k).st_ino
    assert second.linked >= len(data) and second.copied < len(second.files)
    assert backup.check_backup(second.folder) == [] and backup.check_backup(first.folder) == []


def test_a_backup_taken_while_commits_land_holds_one_consistent_version(sample_store, tmp_path):
    weeks = [make_rows(weeks=1, start=pd.Timestamp("2026-07-01").date() + pd.Timedelta(days=7 * i).to_pytimedelta())
             for i in range(3)]
    errors = []

    def commit_weeks():
        try:
            for i, rows in enumerate(weeks):
                prepared = ingest.prepare(sample_store, f"w{i}.parquet", parquet_bytes(rows))
                ingest.commit(sample_store, prepared, Actor("王分析", ANALYST))
        except Exception as exc:  # collected: shown by the assertion below
            errors.append(exc)

    writer = threading.Thread(target=commit_weeks)
    writer.start()
    made = [backup.backup(sample_store, tmp_path / f"b{i}") for i in range(3)]
    writer.join()
    assert errors == []
    for i, m in enumerate(made):
        restored = tmp_path / f"r{i}"
        backup.restore_backup(m.folder, restored)
        assert Store(restored).version() == m.version and verify.check(Store(restored)) == []


def test_a_damaged_backup_is_refused_and_nothing_is_written(sample_store, tmp_path):
    made = backup.backup(sample_store, tmp_path / "b")
    with pytest.raises(StoreError, match="not empty"):
        backup.restore_backup(tmp_path / "b", sample_store.root)
    victim = next(made.folder / k for k in made.files if k.startswith("snapshots/part-"))
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 1
    victim.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"):
        backup.restore_backup(tmp_path / "b", tmp_path / "r")
    assert not (tmp_path / "r").exists()


def test_a_backup_of_rotten_data_is_refused(sample_store, tmp_path):
    data = next(p for p in sample_store.table_path.glob("part-*.parquet"))
    raw = bytearray(data.read_bytes())
    raw[len(raw) // 3] ^= 4
    data.write_bytes(bytes(raw))
    with pytest.raises(StoreError, match="differs from its checksum"):
        backup.backup(sample_store, tmp_path / "b")
    assert backup.latest(tmp_path / "b") is None


def test_the_rankings_spreadsheet_holds_numbers_with_number_formats(sample_store):
    seed_week = Filters(start=dt.date(2019, 2, 28), end=dt.date(2019, 3, 6), platforms=("douyin",))
    found = render.sections(Engine(sample_store), "rankings", Link(filters=seed_week))
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(render.sheets("rankings", found, "zh"))))
    published = next(ws for ws in book.worksheets if "清博" in ws.title)
    header = [c.value for c in published[1]]
    theirs, ours = header.index("清博 DCI（发布值）") + 1, header.index("本看板 DCI V1.0（本看板计算）") + 1
    first = [published.cell(row=2, column=i) for i in (theirs, ours)]
    assert first[0].value == 1398.36 and round(first[1].value, 2) == 1423.01
    assert {c.number_format for c in first} == {"#,##0.00"}
    board = book.worksheets[0]
    header = [c.value for c in board[1]]
    score = board.cell(row=2, column=header.index("DCI V1.0") + 1)
    assert isinstance(score.value, float) and score.number_format == "#,##0.00"
    beside = next(s for s in found if s.key == "published_0").labelled("zh")[0]
    rows = list(csv.DictReader(io.StringIO(export.csv_bytes(beside).decode("utf-8-sig"))))
    assert rows[0]["清博 DCI（发布值）"] == "1398.36"  # a plain number, not "1,398.36"
