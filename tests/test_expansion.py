"""Uploads built to expand, in every encoding Arrow writes and as XLSX shared strings: each is refused as a
compression bomb, by a process whose memory stays within the documented bound (2 GB for any upload)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parent.parent
BOUND_MB = 2048
LONG = "浙江省人民政府新闻办公室" * 5000  # 180 KB of text in one value

# The child's peak is its own: a forked child starts with its parent's high-water mark, which Linux resets
# on writing 5 to clear_refs; VmHWM then reports the peak from here on.
_CHILD = textwrap.dedent("""
    import json, sys, tempfile
    from pathlib import Path
    with open("/proc/self/clear_refs", "w") as reset:
        reset.write("5")
    from analytics.store import ingest
    from analytics.store.table import Store
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(sys.argv[1])
        prepared = ingest.prepare(Store(Path(tmp) / "data"), path.name, path.read_bytes())
        report = prepared.report
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(json.dumps({"ok": report.ok, "problems": [p.en for p in report.problems], "peak_mb": peak // 1024}))
""")


def _prepare_in_child(path: Path) -> dict:
    run = subprocess.run([sys.executable, "-c", _CHILD, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.splitlines()[-1])


def _rows(n: int, name: str) -> pa.Table:
    return pa.table({"snapshot_date": pa.array(["2024-01-03"] * n), "platform": pa.array(["weibo"] * n),
                     "account_id": pa.array([f"a{i}" for i in range(n)]), "account_name": pa.array([name] * n),
                     "province": pa.array(["浙江"] * n), "followers": pa.array([7] * n, pa.int64()),
                     "posts": pa.array([1] * n, pa.int64())})


def _parquet(path: Path, chunk: pa.Table, repeat: int, **options) -> Path:
    """`repeat` copies of a small chunk in one row group: the file stays small however much it decodes to."""
    with pq.ParquetWriter(path, chunk.schema, compression="zstd", **options) as writer:
        for _ in range(repeat):
            writer.write_table(chunk, row_group_size=chunk.num_rows * repeat)
    return path


TEXT_ENCODINGS = {
    "dictionary": {"use_dictionary": True},
    "plain": {"use_dictionary": False},
    "delta_length_byte_array": {"use_dictionary": False, "column_encoding": {"account_name": "DELTA_LENGTH_BYTE_ARRAY"}},
    "delta_byte_array": {"use_dictionary": False, "column_encoding": {"account_name": "DELTA_BYTE_ARRAY"}},
}


@pytest.mark.slow
@pytest.mark.parametrize("encoding", sorted(TEXT_ENCODINGS))
def test_a_long_text_repeated_in_any_encoding_is_refused_within_the_memory_bound(tmp_path, encoding):
    path = _parquet(tmp_path / f"{encoding}.parquet", _rows(500, LONG), 100, **TEXT_ENCODINGS[encoding])
    assert path.stat().st_size < 5_000_000  # 50,000 rows of 180 KB: 9 GB decoded
    found = _prepare_in_child(path)
    assert not found["ok"] and any("compression bomb" in p for p in found["problems"]), found
    assert found["peak_mb"] < BOUND_MB, found


INT_ENCODINGS = {
    "plain": {"use_dictionary": False},
    "delta_binary_packed": {"use_dictionary": False,
                            "column_encoding": {"followers": "DELTA_BINARY_PACKED", "posts": "DELTA_BINARY_PACKED"}},
    "byte_stream_split": {"use_dictionary": False,
                          "column_encoding": {"followers": "BYTE_STREAM_SPLIT", "posts": "BYTE_STREAM_SPLIT"}},
}


@pytest.mark.slow
@pytest.mark.parametrize("encoding", sorted(INT_ENCODINGS))
def test_millions_of_identical_rows_in_any_integer_encoding_are_refused_within_the_memory_bound(tmp_path, encoding):
    chunk = _rows(100_000, "杭州发布").drop_columns(["account_id"]).append_column(
        "account_id", pa.array(["same"] * 100_000))
    options = dict(INT_ENCODINGS[encoding])
    options["use_dictionary"] = ["snapshot_date", "platform", "account_name", "province", "account_id"]
    path = _parquet(tmp_path / f"{encoding}.parquet", chunk, 60, **options)
    found = _prepare_in_child(path)
    assert not found["ok"] and any("compression bomb" in p for p in found["problems"]), found
    assert found["peak_mb"] < BOUND_MB, found


def _shared_string_workbook(rows: int) -> bytes:
    """An XLSX whose one long shared string is referenced by a cell of every row: the sheet's XML stays a few
    MB (so the archive's sizes look harmless) while the text it stands for is gigabytes."""
    import zipfile

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    header = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
                     for c, h in zip("ABCDE", ("日期", "平台", "账号ID", "账号名称", "省份")))
    body = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>2024-01-03</t></is></c>'
                   f'<c r="B{i}" t="inlineStr"><is><t>微博</t></is></c><c r="C{i}"><v>{i}</v></c>'
                   f'<c r="D{i}" t="s"><v>0</v></c><c r="E{i}" t="inlineStr"><is><t>浙江</t></is></c></row>'
                   for i in range(2, rows + 2))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '</Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst {ns} count="1" uniqueCount="1"><si><t>{LONG}</t></si></sst>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet {ns}><sheetData><row r="1">{header}</row>{body}</sheetData></worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buf.getvalue()


@pytest.mark.slow
def test_one_shared_string_referenced_by_every_cell_of_a_sheet_is_refused_within_the_memory_bound(tmp_path):
    data = _shared_string_workbook(30_000)  # 30,000 references to 180 KB: 5.4 GB of text
    path = tmp_path / "shared.xlsx"
    path.write_bytes(data)
    import zipfile

    with zipfile.ZipFile(path) as archive:
        assert sum(i.file_size for i in archive.infolist()) < 64_000_000  # the archive's own sizes pass
    found = _prepare_in_child(path)
    assert not found["ok"] and any("compression bomb" in p for p in found["problems"]), found
    assert found["peak_mb"] < BOUND_MB, found


def test_a_small_shared_string_workbook_reads_whole(tmp_path):
    from analytics.store import readers

    loaded = readers.load("s.xlsx", _shared_string_workbook(20))
    tables = list(loaded.batches)
    assert sum(t.num_rows for t in tables) == 20 and tables[0].column("账号名称")[0].as_py() == LONG


def test_an_ordinary_dictionary_encoded_upload_still_reads_whole(tmp_path):
    """The bound is on what a file expands to, not on dictionaries: a normal weekly file passes as before."""
    from factory import make_rows, parquet_bytes

    from analytics.store import readers

    data = parquet_bytes(make_rows(weeks=3))
    loaded = readers.load("w.parquet", data)
    assert sum(b.num_rows for b in loaded.batches) == len(make_rows(weeks=3))


def test_an_ordinary_file_with_delta_byte_array_text_reads_whole_and_unchanged():
    """Arrow cannot read DELTA_BYTE_ARRAY as a dictionary; such a file is read again in bounded batches,
    every row once, in order."""
    from factory import make_rows

    from analytics.store import readers

    table = pa.Table.from_pandas(make_rows(weeks=3), preserve_index=False)
    text = [f.name for f in table.schema if pa.types.is_string(f.type)]
    buf = io.BytesIO()
    pq.write_table(table, buf, use_dictionary=False, column_encoding={n: "DELTA_BYTE_ARRAY" for n in text},
                   row_group_size=7)
    read = pa.concat_tables(readers.load("d.parquet", buf.getvalue()).batches)
    assert read.num_rows == table.num_rows
    assert read.select(text).to_pylist() == table.select(text).to_pylist()
