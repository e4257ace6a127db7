"""Turning an uploaded file's bytes into Arrow batches: parquet natively, CSV and XLSX as text columns.

Files are read a bounded batch at a time, so checking a large upload never holds its decoded table."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from analytics.store.report import Problem

PARQUET_MAGIC = b"PAR1"
# An upload's decoded size: the bounds a file's own metadata is checked against before it is read.
MAX_ROWS = 20_000_000
MAX_DECODED_BYTES = 4_000_000_000
MAX_RATIO = 60  # zstd on real snapshots reaches about 10; beyond 60 a file is built to expand
BOMB_FLOOR_BYTES = 64_000_000  # small files may compress as well as they like
ENCRYPTED_MAGIC = b"PARE"  # parquet modular encryption with an encrypted footer
ZIP_MAGIC = b"PK\x03\x04"


BATCH_ROWS = 500_000
BATCH_BYTES = 256 << 20  # decoded bytes of one batch: what validating it may hold at once
CSV_BLOCK_BYTES = 16 << 20
XLSX_BATCH_ROWS = 50_000
MAX_SHARED_STRINGS_BYTES = 256_000_000  # openpyxl holds the shared strings whole, as Python strings


@dataclass
class Loaded:
    schema: pa.Schema
    batches: Iterator[pa.Table]  # read lazily; a damaged part raises Unreadable when it is reached
    textual: bool  # CSV and XLSX have no column types, so counts may arrive as text
    note: tuple[str, str] | None = None  # (zh, en) when the name's suffix and the content disagree


class Unreadable(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.en)
        self.problem = problem


def _unreadable(zh: str, en: str) -> Unreadable:
    return Unreadable(Problem("unreadable", None, zh, en))


def _describe(data: bytes) -> tuple[str, str]:
    head = data[:64].lstrip().lower()
    if head.startswith(ZIP_MAGIC.lower()) or data.startswith(ZIP_MAGIC):
        return "ZIP/XLSX", "ZIP/XLSX"
    if head.startswith((b"<!doctype", b"<html", b"<?xml")):
        return "HTML/XML 文本", "HTML/XML text"
    if data.startswith(PARQUET_MAGIC):
        return "截断或损坏的 parquet", "a truncated or damaged parquet file"
    try:
        data[:4096].decode("utf-8")
        return "文本（可能是 CSV）", "text (perhaps CSV)"
    except UnicodeDecodeError:
        return "未知二进制格式", "an unknown binary format"


_NAMED = {"parquet": "parquet", "pq": "parquet", "csv": "csv", "txt": "csv", "xlsx": "xlsx", "xlsm": "xlsx"}
_FORMAT_NAMES = {"parquet": "parquet", "csv": "CSV", "xlsx": "XLSX"}


def detect_format(name: str, data: bytes) -> str:
    """The file's real format: its first bytes decide (a parquet file named .csv is read as parquet);
    the name's suffix only decides for text."""
    if data.startswith(ENCRYPTED_MAGIC) or data.endswith(ENCRYPTED_MAGIC):
        raise _unreadable("parquet 文件已加密，无法读取：请导出未加密的文件", "the parquet file is encrypted: export it without encryption")
    if data.startswith(PARQUET_MAGIC):
        return "parquet"
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix in _NAMED:
        return _NAMED[suffix]
    raise _unreadable(
        f"不支持的文件类型“.{suffix}”，请上传 parquet、CSV 或 XLSX 文件",
        f"unsupported file type '.{suffix}': upload a parquet, CSV or XLSX file",
    )


def mismatch(name: str, fmt: str) -> tuple[str, str] | None:
    """A note when the name's suffix says another format than the content."""
    named = _NAMED.get(PurePath(name).suffix.lower().lstrip("."))
    if named is None or named == fmt:
        return None
    real, said = _FORMAT_NAMES[fmt], _FORMAT_NAMES[named]
    return (f"文件名是 {said}，内容是 {real}：已按 {real} 读取", f"named as {said} but the content is {real}: read as {real}")


def load(name: str, data: bytes) -> Loaded:
    if not data:
        raise _unreadable("文件为空（0 字节）", "the file is empty (0 bytes)")
    fmt = detect_format(name, data)
    note = mismatch(name, fmt)
    if fmt == "parquet":
        return _read_parquet(data, note)
    if fmt == "csv":
        return _read_csv(data, note)
    return _read_xlsx(data, note)


def _expansion(packed: int, unpacked: int, rows: int) -> None:
    """Refuse, before decoding anything, a file whose own metadata says it expands beyond what an upload
    may (a 4 KB file can declare 2 GB of strings): the decoded size, the rows, and the ratio of the two."""
    mb = unpacked / 1e6
    if rows > MAX_ROWS:
        raise _unreadable(f"文件有 {rows:,} 行，超过单次导入上限 {MAX_ROWS:,} 行：请按周拆分后导入",
                          f"the file holds {rows:,} rows, over the {MAX_ROWS:,} an upload may hold: split it by week")
    if unpacked > MAX_DECODED_BYTES or (unpacked > BOMB_FLOOR_BYTES and unpacked > MAX_RATIO * max(packed, 1)):
        raise _unreadable(
            f"文件解压后约 {mb:,.0f} MB（是文件大小的 {unpacked / max(packed, 1):,.0f} 倍），超出导入允许的范围，疑为压缩炸弹",
            f"the file expands to about {mb:,.0f} MB ({unpacked / max(packed, 1):,.0f} times its size), more than an "
            "upload may: it looks like a compression bomb")


def _read_parquet(data: bytes, note: tuple[str, str] | None) -> Loaded:
    if not (data.startswith(PARQUET_MAGIC) and data.endswith(PARQUET_MAGIC) and len(data) >= 12):
        zh, en = _describe(data)
        raise _unreadable(f"不是可读取的 parquet 文件（内容像是{zh}）",
                          f"not a readable parquet file (the content looks like {en})")
    try:
        meta = pq.read_metadata(pa.BufferReader(data))
        # Row groups' own totals: reading each column chunk's metadata of a damaged footer can throw
        # a C++ exception that pyarrow does not catch, which aborts the whole process (found by fuzzing).
        sizes = [meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)]
    except Exception as exc:  # a footer pyarrow cannot parse: damaged (or encrypted, said below)
        raise _damaged(exc) from exc
    _expansion(len(data), sum(sizes), meta.num_rows)
    try:
        schema = pq.ParquetFile(pa.BufferReader(data)).schema_arrow
    except Exception as exc:  # pyarrow raises several types for damaged files; all mean the same to a user
        raise _damaged(exc) from exc
    return Loaded(schema, _parquet_batches(data, schema, max(sizes, default=0)), textual=False, note=note)


def _parquet_batches(data: bytes, schema: pa.Schema, largest_group: int) -> Iterator[pa.Table]:
    """The file's rows in batches whose decoded size is bounded, by construction.

    The footer's sizes are those of the encoded values, and two encodings expand beyond them: a
    dictionary (one long value, referenced by every row) and DELTA_BYTE_ARRAY (each value a prefix of
    the last). Text columns are therefore read as dictionaries, which stay encoded: a batch's decoded
    size is counted from the dictionary's value lengths and the indices before anything expands, the
    file is refused once its decoded total passes the upload's bound, and a batch is cut where its
    decoded bytes reach BATCH_BYTES. Arrow cannot read DELTA_BYTE_ARRAY as a dictionary; such a file is
    read again in batches small enough that no value (at most a row group's encoded size) can overflow."""
    text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
            or pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type)]
    budget = _Budget(len(data))
    done = 0
    try:
        for table in _bounded(pq.ParquetFile(pa.BufferReader(data), read_dictionary=text), BATCH_ROWS, budget):
            done += table.num_rows
            yield table
        return
    except _NoDictionary:
        pass
    budget = _Budget(len(data))
    rows = max(1, min(BATCH_ROWS, BATCH_BYTES // max(largest_group, 1)))
    pending: list[pa.Table] = []
    held = held_rows = skipped = 0
    for table in _bounded(pq.ParquetFile(pa.BufferReader(data)), rows, budget):
        if skipped < done:  # rows already handed on before the file turned out to need this reading
            cut = min(done - skipped, table.num_rows)
            skipped += cut
            table = table.slice(cut)
        if table.num_rows:
            pending.append(table)
            held, held_rows = held + table.nbytes, held_rows + table.num_rows
        if held >= BATCH_BYTES or held_rows >= BATCH_ROWS:
            yield pa.concat_tables(pending)
            pending, held, held_rows = [], 0, 0
    if pending:
        yield pa.concat_tables(pending)


class _NoDictionary(Exception):
    """The file has a text column Arrow cannot read as a dictionary (DELTA_BYTE_ARRAY)."""


class _Budget:
    """The decoded bytes of a file so far, against the upload's bounds."""

    def __init__(self, packed: int):
        self.packed, self.decoded, self.rows = packed, 0, 0

    def add(self, decoded: int, rows: int) -> None:
        self.decoded += decoded
        self.rows += rows
        _expansion(self.packed, self.decoded, self.rows)


def _bounded(reader: pq.ParquetFile, rows: int, budget: _Budget) -> Iterator[pa.Table]:
    batches = reader.iter_batches(batch_size=rows)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except Exception as exc:  # a damaged page is found only when its row group is decoded
            if "not yet implemented" in str(exc).lower() and "dict" in str(exc).lower():
                raise _NoDictionary from exc
            raise _damaged(exc) from exc
        per_row = np.zeros(batch.num_rows, dtype=np.int64)
        plain = 0
        for column in batch.columns:
            if pa.types.is_dictionary(column.type):
                lengths = pc.binary_length(column.dictionary).cast(pa.int64())
                per_row += pc.fill_null(pc.take(lengths, column.indices), 0).to_numpy(zero_copy_only=False)
                plain += column.indices.nbytes
            else:
                plain += column.nbytes
        budget.add(int(per_row.sum()) + plain, batch.num_rows)
        # Cut where the decoded bytes reach BATCH_BYTES, so that decoding one piece stays within it.
        cumulative = np.cumsum(per_row + plain / max(batch.num_rows, 1))
        start = 0
        while start < batch.num_rows:
            reached = cumulative[start - 1] if start else 0.0
            end = max(int(np.searchsorted(cumulative, reached + BATCH_BYTES, side="right")), start + 1)
            yield pa.Table.from_batches([batch.slice(start, end - start)])
            start = end


def _damaged(exc: Exception) -> Unreadable:
    if "encrypt" in str(exc).lower():
        return _unreadable("parquet 文件已加密，无法读取：请导出未加密的文件",
                           "the parquet file is encrypted: export it without encryption")
    return _unreadable(f"parquet 文件已损坏，无法读取：{str(exc)[:120]}",
                       f"the parquet file is damaged and cannot be read: {str(exc)[:120]}")


def _encoding(data: bytes) -> str:
    """Excel on Chinese Windows saves CSV as GB18030 (GBK); everything else is UTF-8, often with a BOM.
    Decoded piece by piece, so that deciding costs no copy of the file."""
    view = memoryview(data)
    step = 4 << 20
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), step):
                decoder.decode(view[start:start + step], final=start + step >= len(data))
        except UnicodeDecodeError:
            continue
        return encoding
    raise _unreadable("CSV 文件编码无法识别（应为 UTF-8 或 GBK）", "the CSV encoding is not UTF-8 or GBK")


def _read_csv(data: bytes, note: tuple[str, str] | None) -> Loaded:
    encoding = _encoding(data)
    head = data[:1 << 20].decode(encoding, errors="ignore").removeprefix("\ufeff")
    if "\x00" in head[:4096]:
        raise _unreadable("不是文本 CSV 文件（含二进制内容）", "not a text CSV file (binary content)")
    first_line = next(csv.reader(io.StringIO(head[: head.find("\n") + 1 or None])), [])
    names = [n.strip() for n in first_line]
    _check_headers(names)
    try:
        reader = pacsv.open_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=CSV_BLOCK_BYTES,
                                           encoding="utf8" if encoding == "utf-8" else encoding),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
        )
    except pa.ArrowInvalid as exc:
        raise _malformed(exc) from exc
    schema = pa.schema([pa.field(n, pa.string()) for n in names])
    return Loaded(schema, _csv_batches(reader, schema), textual=True, note=note)


def _csv_batches(reader: pacsv.CSVStreamingReader, schema: pa.Schema) -> Iterator[pa.Table]:
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid as exc:
            raise _malformed(exc) from exc
        yield pa.Table.from_batches([batch], schema)


def _malformed(exc: Exception) -> Unreadable:
    return _unreadable(f"CSV 文件格式错误：{str(exc)[:120]}", f"malformed CSV: {str(exc)[:120]}")


def _check_headers(names: list[str]) -> None:
    if not names or not any(names):
        raise _unreadable("文件没有表头行", "the file has no header row")
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise _unreadable(f"表头“{n}”出现了两次", f"the header '{n}' appears twice")
        seen.add(n)


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, note: tuple[str, str] | None) -> Loaded:
    """The first sheet, streamed: rows are read as the XML is parsed and handed on in batches of at most
    XLSX_BATCH_ROWS rows or BATCH_BYTES of text, the text counted against the upload's bounds as it comes
    (a cell may reference one long shared string a million times). The shared strings, which openpyxl
    holds whole, are checked for size before the workbook is opened."""
    import zipfile

    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
        raise _unreadable("不是可读取的 XLSX 文件", f"not a readable XLSX file ({type(exc).__name__})") from exc
    _expansion(len(data), sum(info.file_size for info in infos), 0)
    shared = sum(i.file_size for i in infos if i.filename.lower().endswith("sharedstrings.xml"))
    if shared > MAX_SHARED_STRINGS_BYTES:
        raise _unreadable(f"XLSX 的共享字符串表解压后约 {shared / 1e6:,.0f} MB，超过 {MAX_SHARED_STRINGS_BYTES / 1e6:,.0f} MB 上限：请另存为 CSV 或 parquet",
                          f"the XLSX shared strings expand to about {shared / 1e6:,.0f} MB, over the "
                          f"{MAX_SHARED_STRINGS_BYTES / 1e6:,.0f} MB limit: save the sheet as CSV or parquet")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException… for bad files
        raise _unreadable("不是可读取的 XLSX 文件", f"not a readable XLSX file ({type(exc).__name__})") from exc
    try:
        if not book.worksheets:
            raise _unreadable("XLSX 文件中没有工作表", "the XLSX file holds no worksheet")
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        names = [] if header is None else [str(h).strip() if h is not None else f"column_{i + 1}" for i, h in enumerate(header)]
        if names:
            _check_headers(names)
    except Unreadable:
        book.close()
        raise
    except Exception as exc:  # a damaged sheet: its XML, styles or shared strings cannot be parsed
        book.close()
        raise _unreadable("XLSX 工作表已损坏，无法读取", f"the XLSX worksheet is damaged ({type(exc).__name__})") from exc
    schema = pa.schema([(n, pa.string()) for n in names])
    return Loaded(schema, _xlsx_batches(book, rows, names, _Budget(len(data))), textual=True, note=note)


def _xlsx_batches(book, rows: Iterator[tuple], names: list[str], budget: _Budget) -> Iterator[pa.Table]:
    columns: list[list[str | None]] = [[] for _ in names]
    held = 0

    def flush() -> pa.Table:
        nonlocal columns, held
        table = pa.table({n: pa.array(c, pa.string()) for n, c in zip(names, columns)})
        budget.add(held, table.num_rows)
        columns, held = [[] for _ in names], 0
        return table

    try:
        for row in rows:
            if row is None or all(v is None for v in row):
                continue
            for i in range(len(names)):
                text = _cell_text(row[i]) if i < len(row) else None
                columns[i].append(text)
                held += len(text) if text else 0
            if held >= BATCH_BYTES or len(columns[0]) >= XLSX_BATCH_ROWS:
                yield flush()
        if names and (columns[0] or budget.rows == 0):
            yield flush()
    except Unreadable:
        raise
    except Exception as exc:  # a damaged sheet: its XML, styles or shared strings cannot be parsed
        raise _unreadable("XLSX 工作表已损坏，无法读取", f"the XLSX worksheet is damaged ({type(exc).__name__})") from exc
    finally:
        book.close()
