"""Files found by trying as a careless user and an attacker would: every one is accepted and valid, or
rejected cleanly with its problems named (zh/en) — never a traceback — and the store is left unchanged."""

import datetime as dt
import io
import random

import numpy as np
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from factory import make_rows, parquet_bytes

from analytics.access.roles import ANALYST, Actor
from analytics.store import ingest
from analytics.store.report import FileReport


def _check(prepared) -> None:
    report: FileReport = prepared.report
    text_zh, text_en = report.text("zh"), report.text("en")
    assert "Traceback" not in text_en and text_zh and text_en
    if report.ok:
        assert prepared.rows is not None and pq.read_metadata(prepared.rows).num_rows == report.rows
    else:
        assert prepared.rows is None and all(p.zh and p.en for p in report.problems)


def test_half_float_counts_are_checked_not_crashed(store):
    rows = make_rows(weeks=1)
    table = pa.Table.from_pandas(rows, preserve_index=False)
    table = table.set_column(table.schema.get_field_index("likes"), "likes", pa.array(rows["likes"].astype(np.float16)))
    prepared = ingest.prepare(store, "f16.parquet", parquet_bytes(table))
    _check(prepared)
    assert prepared.report.ok


def test_invalid_utf8_is_named_with_its_rows(store):
    rows = make_rows(weeks=1)
    rows["account_name"] = [f"AAAAAAAAAAAAAAA{i}" for i in range(len(rows))]
    good = parquet_bytes(pa.Table.from_pandas(rows, preserve_index=False), compression="none", use_dictionary=False)
    bad = good.replace(b"AAAAAAAAAAAAAAA0", b"\xff\xfe" + b"A" * 14).replace(b"AAAAAAAAAAAAAAA1", b"\xffA" + b"A" * 14)
    prepared = ingest.prepare(store, "utf8.parquet", bad)
    _check(prepared)
    [problem] = prepared.report.problems
    assert problem.column == "account_name" and "UTF-8" in problem.en and problem.rows == (1, 2)


def test_a_parquet_named_csv_is_read_as_parquet_and_said_so(store):
    prepared = ingest.prepare(store, "week.csv", parquet_bytes(make_rows(weeks=1)))
    assert prepared.report.ok and "read as parquet" in prepared.report.text("en")
    assert "按 parquet 读取" in prepared.report.text("zh")


def test_encrypted_parquet_is_called_encrypted(store):
    prepared = ingest.prepare(store, "secret.parquet", b"PARE" + bytes(200) + b"PARE")
    assert not prepared.report.ok and "encrypted" in prepared.report.problems[0].en


def _xlsx_bytes(rows) -> bytes:
    book = openpyxl.Workbook()
    # Fixed timestamps: the fuzz test mutates the same bytes on every run.
    book.properties.created = book.properties.modified = dt.datetime(2026, 1, 1)
    sheet = book.active
    sheet.append(list(rows.columns))
    for record in rows.itertuples(index=False):
        sheet.append([v.isoformat() if isinstance(v, dt.date) else v for v in record])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _mutations(data: bytes, rng: random.Random, n: int):
    for _ in range(n):
        kind = rng.choice(("flip", "flip", "truncate", "splice"))
        b = bytearray(data)
        if kind == "flip":
            for _ in range(rng.randint(1, 8)):
                b[rng.randrange(len(b))] = rng.randrange(256)
        elif kind == "truncate":
            b = b[: rng.randrange(1, len(b))]
        else:
            at = rng.randrange(len(b))
            b[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
        yield bytes(b)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["parquet", "csv", "xlsx"])
def test_fuzzed_files_are_accepted_or_rejected_cleanly(store, fmt):
    rows = make_rows(weeks=2)
    seed_file = {"parquet": lambda: parquet_bytes(rows), "csv": lambda: rows.to_csv(index=False).encode("utf-8"),
                 "xlsx": lambda: _xlsx_bytes(rows)}[fmt]()
    analyst = Actor("fuzz", ANALYST)
    ingest.commit(store, ingest.prepare(store, "base.parquet", parquet_bytes(make_rows(weeks=1))), analyst)
    before = (store.version(), store.files())
    rng = random.Random(20261129 + len(fmt))
    outcomes = {"ok": 0, "rejected": 0}
    for i, data in enumerate(_mutations(seed_file, rng, 150)):
        prepared = ingest.prepare(store, f"fuzz-{i}.{fmt}", data)
        _check(prepared)
        outcomes["ok" if prepared.report.ok else "rejected"] += 1
    assert (store.version(), store.files()) == before  # preparing never writes
    assert outcomes["rejected"] > 0


def test_a_compression_bomb_is_refused_from_its_footer(store, tmp_path):
    from bench import upload

    path = tmp_path / "bomb.parquet"
    assert upload.bomb(str(path)) < 20_000
    prepared = ingest.prepare(store, "bomb.parquet", path.read_bytes())
    assert not prepared.report.ok and "compression bomb" in prepared.report.problems[0].en
    assert "压缩炸弹" in prepared.report.problems[0].zh


def test_an_xlsx_zip_bomb_is_refused_before_opening(store):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + "x" * 200_000_000 + "</a>")
    prepared = ingest.prepare(store, "bomb.xlsx", buf.getvalue())
    assert not prepared.report.ok and "compression bomb" in prepared.report.problems[0].en


def test_too_many_rows_are_refused_from_the_footer(store, monkeypatch):
    from analytics.store import readers

    monkeypatch.setattr(readers, "MAX_ROWS", 5)
    prepared = ingest.prepare(store, "week.parquet", parquet_bytes(make_rows(weeks=2)))
    assert not prepared.report.ok and "split it by week" in prepared.report.problems[0].en


def test_real_snapshots_pass_the_expansion_check(store):
    from analytics import settings

    data = (settings.SAMPLE_DIR / "snapshots.parquet").read_bytes()
    assert ingest.prepare(store, "snapshots.parquet", data).report.ok


@pytest.mark.slow
def test_no_upload_aborts_the_process(tmp_path):
    """pyarrow can abort the interpreter on a damaged footer (a C++ exception it does not catch, e.g.
    "Definition level histogram size mismatch"), and uploads are read in the app's own process. One child
    process checks 1,000 mutations of a valid parquet file, including the one that aborted: an abort kills
    the child and fails this test with pyarrow's message."""
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    tests = Path(__file__).resolve().parent
    code = textwrap.dedent(f"""
        import os, random, sys
        sys.path[:0] = [{str(tests)!r}, {str(tests.parent)!r}]
        from factory import make_rows, parquet_bytes
        from test_hostile_files import _mutations
        from analytics.store import ingest
        from analytics.store.table import Store
        store = Store({str(tmp_path / "data")!r})
        for i, data in enumerate(_mutations(parquet_bytes(make_rows(weeks=2)), random.Random(7), 1000)):
            ingest.prepare(store, f"fuzz-{{i}}.parquet", data)
        print("checked 1000")
        sys.stdout.flush()
        os._exit(0)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0 and "checked 1000" in done.stdout, done.stderr[-2000:]
