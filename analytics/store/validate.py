"""Validation and normalisation of an uploaded table into the snapshot schema, collecting every problem."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analytics.store import moments, schema, staging
from analytics.store.report import MAX_ROWS_SHOWN, FileReport, Problem, example_text
from analytics.vocab import platforms, provinces, units, works

MIN_DATE = dt.date(2000, 1, 1)
MAX_DAYS_AHEAD = 7
INT64_MAX = 2**63 - 1
_DATE_RE = re.compile(r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_INT_TEXT_RE = r"^[+]?\d+(\.0*)?$"
_CAPPED_TEXT = {"10万+", "100000+", "10w+"}


class _Checker:
    """Accumulates problems for one table; each check adds at most one problem per column and kind."""

    def __init__(self, spec: schema.Spec, n_rows: int, offset: int = 0):
        self.spec = spec
        self.n_rows = n_rows
        self.offset = offset  # the batch's first row within the file
        self.problems: list[Problem] = []

    def add(self, code: str, column: str | None, zh: str, en: str, mask: np.ndarray | None = None,
            values: pa.Array | None = None, example: str | None = None) -> None:
        if mask is None:
            self.problems.append(Problem(code, column, zh, en))
            return
        idx = np.flatnonzero(mask)
        if idx.size == 0:
            return
        if values is not None:
            example = example_text(values[int(idx[0])].as_py())
        rows = tuple(self.offset + int(i) + 1 for i in idx[:MAX_ROWS_SHOWN])
        self.problems.append(Problem(code, column, zh, en, int(idx.size), rows, example))


def _mask(arr: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool)


def _decode_dictionary(arr: pa.Array) -> pa.Array:
    return arr.cast(arr.type.value_type) if pa.types.is_dictionary(arr.type) else arr


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def _map_unique(arr: pa.Array, fn: Callable[[object], object], out_type: pa.DataType) -> pa.Array:
    """Apply a Python function once per distinct value: vocabularies and dates repeat heavily."""
    encoded = pc.dictionary_encode(arr).combine_chunks() if isinstance(arr, pa.ChunkedArray) else pc.dictionary_encode(arr)
    mapped = pa.array([fn(v) for v in encoded.dictionary.to_pylist()], out_type)
    return pc.take(mapped, encoded.indices)


def _wrong_kind(c: _Checker, col: str, t: pa.DataType, want_zh: str, want_en: str) -> None:
    c.add("wrong_type", col, f"列类型错误：应为{want_zh}，实际为 {t}", f"wrong column type: expected {want_en}, found {t}")


def _parse_date_text(value: object) -> dt.date | None:
    if value is None:
        return None
    m = _DATE_RE.match(str(value))
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _to_date(c: _Checker, col: str, arr: pa.Array, today: dt.date) -> pa.Array | None:
    t = arr.type
    if pa.types.is_timestamp(t):
        # The date an exporter meant is the wall-clock date where it ran, not the UTC date.
        local = pc.local_timestamp(arr) if t.tz else arr
        out = pc.cast(pc.floor_temporal(local, unit="day"), pa.date32())
    elif pa.types.is_date(t):
        out = pc.cast(arr, pa.date32())
    elif _is_text(t):
        out = _map_unique(arr, _parse_date_text, pa.date32())
        bad = _mask(pc.and_(pc.is_valid(arr), pc.is_null(out)))
        c.add("bad_date", col, "日期无法识别（应为 YYYY-MM-DD 或 YYYY/MM/DD）",
              "unrecognised date (expected YYYY-MM-DD or YYYY/MM/DD)", bad, arr)
        if bad.any():
            return None
    else:
        _wrong_kind(c, col, t, "日期", "a date")
        return None
    latest = today + dt.timedelta(days=MAX_DAYS_AHEAD)
    outside = pc.or_(pc.less(out, pa.scalar(MIN_DATE, pa.date32())), pc.greater(out, pa.scalar(latest, pa.date32())))
    bad = _mask(outside)
    c.add("date_range", col, f"日期超出允许范围 {MIN_DATE} 至 {latest}",
          f"date outside the allowed range {MIN_DATE} .. {latest}", bad, out)
    return None if bad.any() else out


def _encoded(arr: pa.Array) -> pa.DictionaryArray:
    if pa.types.is_dictionary(arr.type):
        return arr
    return pc.dictionary_encode(arr)


def _to_code(c: _Checker, col: str, arr: pa.Array, canon: Callable[[object], str | None],
             what_zh: str, what_en: str) -> pa.Array | None:
    """Map vocabulary columns through their distinct values only; nulls and unknowns are found the same way."""
    t = arr.type.value_type if pa.types.is_dictionary(arr.type) else arr.type
    if not (_is_text(t) or (pa.types.is_integer(t) and col == "province")):
        _wrong_kind(c, col, t, "文本", "text")
        return None
    encoded = _encoded(arr)
    values = encoded.dictionary.to_pylist()
    blank = [v is None or not str(v).strip() for v in values]
    mapped = [None if b else canon(v) for v, b in zip(values, blank)]
    unknown = [not b and m is None for b, m in zip(blank, mapped)]
    if c.spec.by_name[col].required:
        empty = pc.or_kleene(pc.is_null(encoded.indices), pc.take(pa.array(blank, pa.bool_()), encoded.indices))
        _add_null_problem(c, col, _mask(empty))
    if any(unknown):
        bad = _mask(pc.take(pa.array(unknown, pa.bool_()), encoded.indices))
        c.add("unknown_value", col, f"未知的{what_zh}", f"unknown {what_en}", bad, pc.cast(encoded, t))
        return None
    return pc.take(pa.array(mapped, pa.string()), encoded.indices)


def _to_text(c: _Checker, col: str, arr: pa.Array, max_chars: int) -> pa.Array | None:
    t = arr.type
    if pa.types.is_integer(t) and col.endswith("_id"):
        arr = pc.cast(arr, pa.string())
    elif not _is_text(t):
        _wrong_kind(c, col, t, "文本", "text")
        return None
    arr = pc.cast(arr, pa.string())
    if col.endswith("_id"):
        arr = pc.utf8_trim_whitespace(arr)
    too_long = _mask(pc.greater(pc.utf8_length(arr), max_chars))
    c.add("too_long", col, f"文本过长（超过 {max_chars} 个字符）", f"text too long (over {max_chars} characters)", too_long, arr)
    if not c.spec.by_name[col].required:
        arr = pc.if_else(pc.equal(pc.utf8_trim_whitespace(arr), ""), pa.scalar(None, pa.string()), arr)
    return None if too_long.any() else arr


def _count_from_text(c: _Checker, col: str, arr: pa.Array) -> pa.Array | None:
    cleaned = pc.replace_substring(pc.utf8_trim_whitespace(arr), ",", "")
    if col == "reads":
        capped = pc.is_in(pc.utf8_lower(cleaned), pa.array(sorted(_CAPPED_TEXT)))
        cleaned = pc.if_else(capped, pa.scalar(str(schema.WECHAT_CAPPED_READS)), cleaned)
    cleaned = pc.if_else(pc.equal(cleaned, ""), pa.scalar(None, pa.string()), cleaned)
    ok = pc.match_substring_regex(cleaned, _INT_TEXT_RE)
    negative = _mask(pc.match_substring_regex(cleaned, r"^-\d+(\.0*)?$"))
    c.add("negative", col, "数值不能为负", "negative count", negative, arr)
    bad = _mask(pc.and_(pc.invert(ok), pc.invert(pa.array(negative))))
    c.add("wrong_type", col, "不是整数", "not a whole number", bad, arr)
    if bad.any() or negative.any():
        return None
    digits = pc.utf8_slice_codeunits(pc.replace_substring_regex(cleaned, r"\.0*$", ""), 0, 40)
    digits = pc.replace_substring_regex(digits, r"^\+", "")
    long = pc.greater_equal(pc.utf8_length(digits), 19)
    if _mask(long).any():
        too_big = np.array([v is not None and int(v) > INT64_MAX for v in digits.to_pylist()])
        c.add("too_large", col, "数值超出 int64 范围", "value beyond the int64 range", too_big, arr)
        if too_big.any():
            return None
    return pc.cast(digits, pa.int64())


def _to_count(c: _Checker, col: str, arr: pa.Array, textual: bool) -> pa.Array | None:
    t = arr.type
    if _is_text(t):
        if not textual:
            _wrong_kind(c, col, t, "整数", "an integer")
            return None
        return _count_from_text(c, col, arr)
    if not (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)):
        _wrong_kind(c, col, t, "整数", "an integer")
        return None
    if pa.types.is_floating(t) and not c.spec.by_name[col].required:
        # An optional metric that was not measured is missing, whichever way the exporter spelled it.
        arr = pc.if_else(pc.is_nan(arr), pa.scalar(None, t), arr)
    failed = False
    if not pa.types.is_unsigned_integer(t):
        negative = _mask(pc.less(arr, pa.scalar(0, t)))
        c.add("negative", col, "数值不能为负", "negative count", negative, arr)
        failed = bool(negative.any())
    if pa.types.is_integer(t):
        too_big = np.zeros(len(arr), dtype=bool)
        if t == pa.uint64():
            too_big = _mask(pc.greater(arr, pa.scalar(INT64_MAX, t)))
        c.add("too_large", col, "数值超出 int64 范围", "value beyond the int64 range", too_big, arr)
        return None if failed or too_big.any() else pc.cast(arr, pa.int64())
    if pa.types.is_floating(t):
        nan = _mask(pc.is_nan(arr))
        c.add("nan", col, "不允许 NaN", "NaN is not allowed", nan, arr)
        finite = pc.if_else(pc.is_nan(arr), pa.scalar(0.0, t), arr)
        too_big = _mask(pc.greater_equal(pc.abs(finite), pa.scalar(2.0**63, t)))
        c.add("too_large", col, "数值超出 int64 范围", "value beyond the int64 range", too_big, arr)
        fractional = _mask(pc.and_(pc.not_equal(pc.floor(finite), finite), pc.invert(pa.array(too_big))))
        c.add("wrong_type", col, "不是整数", "not a whole number", fractional, arr)
        if failed or nan.any() or too_big.any() or fractional.any():
            return None
        return pc.cast(finite, pa.int64())
    fractional = _mask(pc.not_equal(pc.floor(arr), arr))
    c.add("wrong_type", col, "不是整数", "not a whole number", fractional, arr)
    too_big = np.zeros(len(arr), dtype=bool)
    if t.precision - t.scale >= 19:
        too_big = np.array([v is not None and abs(v) > INT64_MAX for v in arr.to_pylist()], dtype=bool)
    c.add("too_large", col, "数值超出 int64 范围", "value beyond the int64 range", too_big, arr)
    return None if failed or fractional.any() or too_big.any() else pc.cast(arr, pa.int64())


def _to_days(c: _Checker, col: str, arr: pa.Array, textual: bool) -> pa.Array | None:
    out = _to_count(c, col, arr, textual)
    if out is None:
        return None
    bad = _mask(pc.or_(pc.less(out, 1), pc.greater(out, 366)))
    c.add("days_range", col, "统计天数应在 1 到 366 之间", "period_days must be between 1 and 366", bad, out)
    if bad.any():
        return None
    return pc.cast(pc.fill_null(out, schema.DEFAULT_PERIOD_DAYS), pa.int32())


def _map_headers(c: _Checker, headers: list[str]) -> tuple[dict[str, int], list[str]]:
    mapping: dict[str, int] = {}
    ignored: list[str] = []
    for i, header in enumerate(headers):
        name = c.spec.canonical_header(str(header))
        if name is None:
            if header not in schema.SILENT_EXTRA:
                ignored.append(str(header))
            continue
        if name in mapping:
            first = headers[mapping[name]]
            c.add("duplicate_column", name, f"列“{first}”与“{header}”都对应 {name}，只能保留一列",
                  f"columns '{first}' and '{header}' both map to {name}; keep only one")
            continue
        mapping[name] = i
    for col in c.spec.required:
        if col not in mapping:
            spec = c.spec.by_name[col]
            c.add("missing_column", col, f"缺少必填列（可用列名：{col} / {spec.zh}）",
                  f"required column is missing (accepted headers: {col} / {spec.zh})")
    return mapping, ignored


Converted = pa.Array | dict[str, pa.Array] | None
_TEXTUAL_KINDS = ("text", "code", "date", "timestamp", "url", "flag")


def _convert(c: _Checker, name: str, arr: pa.Array, textual: bool, today: dt.date) -> Converted:
    kind = c.spec.by_name[name].kind
    if kind == "date":
        return _to_date(c, name, arr, today)
    if kind == "timestamp":
        return moments.to_moment(c, name, arr, today)
    if kind == "flag":
        return moments.to_flag(c, name, arr)
    if kind == "url":
        return moments.to_url(c, name, arr)
    if name == "kind":
        return _to_code(c, name, arr, works.canonical_kind, "作品类型（图文、视频、直播、图片、转发、音频、其他）",
                        "kind of work (图文, 视频, 直播, 图片, 转发, 音频, 其他)")
    if name == "platform":
        return _to_code(c, name, arr, platforms.canonical, "平台", "platform")
    if name == "province":
        return _to_code(c, name, arr, provinces.canonical, "省份（应为 31 个省级行政区、新疆生产建设兵团或中央）",
                        "province (one of the 31 provincial-level regions, XPCC, or 中央)")
    if name == "level":
        return _to_code(c, name, arr, units.canonical_level, "层级", "level")
    if kind == "text":
        limit = c.spec.by_name[name].max_chars or (schema.MAX_NAME_CHARS if name == "account_name"
                                                   else schema.MAX_TEXT_CHARS)
        out = _to_text(c, name, arr, limit)
        if out is not None and name == "sector":
            out = _map_unique(out, lambda v: None if v is None else units.canonical_sector(v), pa.string())
        return out
    if kind == "days":
        return _to_days(c, name, arr, textual)
    return _to_count(c, name, arr, textual)


def _comparable(c: _Checker, name: str, arr: pa.Array) -> pa.Array | None:
    """Half floats (which Arrow's kernels cannot compare) are widened; text holding bytes that are not
    valid UTF-8 is a problem naming its rows."""
    if pa.types.is_float16(arr.type):
        return arr.cast(pa.float32())
    if _is_text(arr.type):
        try:
            arr.validate(full=True)
        except pa.ArrowInvalid:
            binary = (pa.large_binary() if pa.types.is_large_string(arr.type)
                      else pa.binary_view() if pa.types.is_string_view(arr.type) else pa.binary())
            raw = arr.view(binary)
            bad = np.array([v is not None and not _is_utf8(v) for v in raw.to_pylist()], dtype=bool)
            zh, en = "含有不是有效 UTF-8 文本的字节", "holds bytes that are not valid UTF-8 text"
            c.add("encoding", name, zh, en, bad if bad.any() else None)
            return None
    return arr


def _is_utf8(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check_nulls(c: _Checker, name: str, arr: pa.Array) -> None:
    nulls = pc.is_null(arr)
    if _is_text(arr.type):
        nulls = pc.or_kleene(nulls, pc.equal(pc.utf8_trim_whitespace(arr), ""))
    _add_null_problem(c, name, _mask(nulls))


def _add_null_problem(c: _Checker, name: str, mask: np.ndarray) -> None:
    key = name in c.spec.key
    c.add("null_key" if key else "null", name,
          "主键列不能为空" if key else "必填列不能为空", "key column must not be empty" if key else "required value is empty",
          mask)


def _merge(problems: list[Problem], new: list[Problem]) -> None:
    """Fold one batch's problems into the file's: one problem per column and kind, rows counted over
    the whole file and the first few shown."""
    for p in new:
        i = next((i for i, q in enumerate(problems) if (q.code, q.column) == (p.code, p.column)), None)
        if i is None:
            problems.append(p)
        elif p.count:
            q = problems[i]
            problems[i] = replace(q, count=q.count + p.count, rows=(q.rows + p.rows)[:MAX_ROWS_SHOWN],
                                  example=q.example if q.example is not None else p.example)


def _canonical(spec_of: schema.Spec, table: pa.Table, out: dict[str, pa.Array]) -> pa.Table:
    columns = []
    for field in spec_of.arrow:
        spec = spec_of.by_name.get(field.name)
        if field.name in out:
            columns.append(out[field.name].cast(field.type))
        elif spec is not None and spec.kind == "days":
            columns.append(pa.array(np.full(table.num_rows, schema.DEFAULT_PERIOD_DAYS, dtype=np.int32)))
        else:
            columns.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=spec_of.arrow)


RowCheck = Callable[["_Checker", dict[str, pa.Array]], dict[str, pa.Array]]
Describe = Callable[[FileReport, duckdb.DuckDBPyConnection, Path], None]


def validate(columns: pa.Schema, batches: Iterable[pa.Table], name: str, out: Path, root: Path,
             textual: bool = False, today: dt.date | None = None, spec: schema.Spec = schema.SNAPSHOTS,
             rows: RowCheck | None = None, describe: Describe | None = None) -> FileReport:
    """Check an upload batch by batch and write it in `spec`'s canonical schema to `out`; when the report
    lists problems, `out` is removed. Memory stays at a batch whatever the file's size.

    `rows` checks what spans columns (one batch's converted columns in, None for a column that failed its own
    checks; derived columns out); `describe`
    fills the report of a valid file (by default the snapshot table's dates, platforms and provinces)."""
    today = today or dt.date.today()
    report = FileReport(name=name, rows=0)
    head = _Checker(spec, 0)
    mapping, report.ignored_columns = _map_headers(head, columns.names)
    problems = head.problems

    def check_column(table: pa.Table, offset: int, col_name: str, idx: int) -> tuple[Converted, list[Problem]]:
        own = _Checker(spec, table.num_rows, offset)
        column = spec.by_name[col_name]
        try:
            arr = table.column(idx).combine_chunks()
            if column.kind != "code":
                arr = _decode_dictionary(arr)
            if pa.types.is_null(arr.type):
                arr = pa.nulls(len(arr), pa.string() if column.kind in _TEXTUAL_KINDS else pa.int64())
            arr = _comparable(own, col_name, arr)
            if arr is None:
                return None, own.problems
            if column.required and column.kind != "code":
                _check_nulls(own, col_name, arr)
            return _convert(own, col_name, arr, textual, today), own.problems
        except (pa.ArrowException, ValueError, TypeError, OverflowError) as exc:
            # A type or value no check above foresaw: the column is rejected with what Arrow said,
            # never a traceback (found by fuzzing byte flips and truncations of valid files).
            own.add("unreadable_column", col_name, f"无法校验此列（{type(exc).__name__}：{str(exc)[:80]}）",
                    f"this column cannot be checked ({type(exc).__name__}: {str(exc)[:80]})")
            return None, own.problems

    offset = 0
    try:
        # Arrow compute releases the GIL, so columns validate in parallel on the machine's cores.
        with pq.ParquetWriter(out, spec.arrow) as writer, \
                ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            for table in batches:
                checked = list(pool.map(lambda item, at=offset: check_column(table, at, *item), mapping.items()))
                for _, found in checked:
                    _merge(problems, found)
                converted: dict[str, pa.Array] = {}
                for n, (arr, _) in zip(mapping, checked):
                    converted.update(arr if isinstance(arr, dict) else {n: arr})
                if rows is not None:
                    own = _Checker(spec, table.num_rows, offset)
                    converted.update(rows(own, converted))
                    _merge(problems, own.problems)
                offset += table.num_rows
                if not problems:
                    writer.write_table(_canonical(spec, table, converted))
        report.rows = offset
        if not problems and offset:
            with staging.connect(root) as con:
                _check_duplicates(problems, con, out, spec.key)
                if not problems:
                    (describe or _describe)(report, con, out)
    finally:
        report.problems = problems
        if problems:
            staging.discard(out)
    return report


_FILE = "read_parquet($out, file_row_number = true)"


def _check_duplicates(problems: list[Problem], con: duckdb.DuckDBPyConnection, out: Path,
                      key: tuple[str, ...] = schema.KEY) -> None:
    """Every row after the first of its key, by its row number."""
    keys = ", ".join(key)
    repeated = con.execute(f"""
        WITH f AS (SELECT {keys}, file_row_number AS r FROM {_FILE}),
             d AS (SELECT {keys}, min(r) AS first FROM f GROUP BY ALL HAVING count(*) > 1)
        SELECT r, {keys} FROM f JOIN d USING ({keys}) WHERE r > first ORDER BY r
    """, {"out": str(out)}).fetchnumpy()
    rows = repeated["r"]
    if not len(rows):
        return
    first = {k: str(repeated[k][0])[:10] if k.endswith("_date") else str(repeated[k][0]) for k in key}
    what_zh = "、".join(schema.SNAPSHOTS.by_name[k].zh if k in schema.SNAPSHOTS.by_name else k for k in key)
    problems.append(Problem("duplicate_key", key[-1] if key != schema.KEY else "account_id",
                            f"同一{what_zh}的行重复出现" if key != schema.KEY else "同一平台、账号、日期的行重复出现",
                            f"the same ({keys}) appears more than once",
                            int(len(rows)), tuple(int(r) + 1 for r in rows[:MAX_ROWS_SHOWN]), example_text(first)))


def _describe(report: FileReport, con: duckdb.DuckDBPyConnection, out: Path) -> None:
    params = {"out": str(out), "capped": schema.WECHAT_CAPPED_READS}
    lo, hi, capped = con.execute(f"""
        SELECT min(snapshot_date), max(snapshot_date),
               count(*) FILTER (WHERE platform = 'wechat' AND reads = $capped) FROM {_FILE}
    """, params).fetchall()[0]
    report.first_date, report.last_date = lo.isoformat(), hi.isoformat()
    report.capped_reads = int(capped)
    counts = dict(con.execute(f"SELECT platform, count(*) FROM {_FILE} GROUP BY 1", {"out": str(out)}).fetchall())
    report.platforms = {code: counts[code] for code in platforms.CODES if code in counts}
    present = {p for (p,) in con.execute(f"SELECT DISTINCT province FROM {_FILE}", {"out": str(out)}).fetchall()}
    report.provinces = [s for s in provinces.SHORTS if s in present]
