"""Converters for the posts table's own kinds of column: a moment of publication (in Beijing time, with
whether its time of day is known), a yes/no flag and a link. They report through the validator's checker
like every other column: one problem per column and kind, rows and an example named."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MIN_MOMENT = dt.datetime(2000, 1, 1)
MAX_DAYS_AHEAD = 7
BEIJING_OFFSET_S = 8 * 3600  # China has kept UTC+8 without daylight saving since 1991
MAX_URL_CHARS = 2048
TIME_KNOWN = "time_known"
_MOMENT_RE = re.compile(
    r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
    r"(?:(?:[ T]|\s+)(\d{1,2})[:时](\d{2})分?(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$")
# Quotes, angle brackets, backticks and backslashes are percent-encoded in a real address: one that holds
# them is trying to leave the attribute it is put in.
_URL_RE = re.compile(r"^https?://[^\s/?#\"'<>`\\]+[^\s\"'<>`\\]*$", re.IGNORECASE)
_YES = {"是", "原创", "y", "yes", "true", "1", "t", "√"}
_NO = {"否", "非原创", "转载", "n", "no", "false", "0", "f", "×"}
_EPOCH_MS_ABOVE = 10**11  # integers above this are epoch milliseconds, below it epoch seconds


def _mask(arr: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool)


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def parse_moment(value: object) -> tuple[dt.datetime, bool] | None:
    """(Beijing wall-clock time, whether the time of day is known) of one text value, or None.

    A time without a zone is Beijing time; one with a zone is converted; a date alone is midnight with
    the time unknown."""
    if value is None:
        return None
    m = _MOMENT_RE.match(str(value))
    if not m:
        return None
    try:
        day = dt.datetime(int(m[1]), int(m[2]), int(m[3]))
        if m[4] is None:
            return day, False
        at = day.replace(hour=int(m[4]), minute=int(m[5]), second=int(m[6] or 0))
    except ValueError:
        return None
    if m[7]:
        zone = m[7]
        offset = 0 if zone == "Z" else (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 3600 + int(zone[-2:]) * 60)
        at = at + dt.timedelta(seconds=BEIJING_OFFSET_S - offset)
    return at, True


def to_moment(c, col: str, arr: pa.Array, today: dt.date) -> dict[str, pa.Array] | None:
    t = arr.type
    n = len(arr)
    unreadable = False
    if pa.types.is_timestamp(t):
        seconds = pc.cast(arr, pa.timestamp("s", tz=t.tz), safe=False).cast(pa.int64())
        if t.tz:
            seconds = pc.add(seconds, BEIJING_OFFSET_S)
        out = seconds.cast(pa.timestamp("s")).cast(pa.timestamp("us"))
        known = pa.array(np.ones(n, dtype=bool))
    elif pa.types.is_date(t):
        out = pc.cast(pc.cast(arr, pa.date32()), pa.timestamp("us"))
        known = pa.array(np.zeros(n, dtype=bool))
    elif pa.types.is_integer(t):
        values = pc.cast(arr, pa.int64())
        seconds = pc.if_else(pc.greater(values, _EPOCH_MS_ABOVE), pc.divide(values, 1000), values)
        out = pc.add(seconds, BEIJING_OFFSET_S).cast(pa.timestamp("s")).cast(pa.timestamp("us"))
        known = pa.array(np.ones(n, dtype=bool))
    elif _is_text(t):
        encoded = pc.dictionary_encode(arr)
        parsed = [parse_moment(v) for v in encoded.dictionary.to_pylist()]
        out = pc.take(pa.array([p[0] if p else None for p in parsed], pa.timestamp("us")), encoded.indices)
        known = pc.take(pa.array([bool(p and p[1]) for p in parsed], pa.bool_()), encoded.indices)
        bad = _mask(pc.and_(pc.is_valid(arr), pc.is_null(out)))
        c.add("bad_moment", col, "发布时间无法识别（应为 YYYY-MM-DD HH:MM[:SS]，可带时区；只有日期表示时间未知）",
              "unrecognised time of publication (expected YYYY-MM-DD HH:MM[:SS], optionally with a zone; a date "
              "alone means the time is unknown)", bad, arr)
        unreadable = bool(bad.any())
    else:
        c.add("wrong_type", col, f"列类型错误：应为时间，实际为 {t}", f"wrong column type: expected a time, found {t}")
        return None
    latest = dt.datetime.combine(today + dt.timedelta(days=MAX_DAYS_AHEAD + 1), dt.time())
    outside = pc.or_(pc.less(out, pa.scalar(MIN_MOMENT, pa.timestamp("us"))),
                     pc.greater_equal(out, pa.scalar(latest, pa.timestamp("us"))))
    bad = _mask(outside)
    c.add("date_range", col, f"发布时间超出允许范围 {MIN_MOMENT.date()} 至 {latest.date() - dt.timedelta(days=1)}",
          f"time of publication outside the allowed range {MIN_MOMENT.date()} .. "
          f"{latest.date() - dt.timedelta(days=1)}", bad, out)
    if bad.any() or unreadable:
        return None
    return {col: out, TIME_KNOWN: pc.fill_null(known, False)}


def to_flag(c, col: str, arr: pa.Array) -> pa.Array | None:
    t = arr.type
    if pa.types.is_boolean(t):
        return arr
    if pa.types.is_integer(t):
        bad = _mask(pc.invert(pc.is_in(arr, pa.array([0, 1], t))))
        c.add("bad_flag", col, "应为 是/否（或 1/0）", "expected yes/no (or 1/0)", bad, arr)
        return None if bad.any() else pc.equal(arr, pa.scalar(1, t))
    if not _is_text(t):
        c.add("wrong_type", col, f"列类型错误：应为 是/否，实际为 {t}", f"wrong column type: expected yes/no, found {t}")
        return None
    encoded = pc.dictionary_encode(arr)
    values = [None if v is None else str(v).strip().lower() for v in encoded.dictionary.to_pylist()]
    mapped = [None if not v else True if v in _YES else False if v in _NO else None for v in values]
    unknown = [bool(v) and m is None for v, m in zip(values, mapped)]
    bad = _mask(pc.take(pa.array(unknown, pa.bool_()), encoded.indices))
    c.add("bad_flag", col, "应为 是/否（原创/非原创）", "expected yes/no (原创/非原创)", bad, arr)
    return None if bad.any() else pc.take(pa.array(mapped, pa.bool_()), encoded.indices)


def to_url(c, col: str, arr: pa.Array) -> pa.Array | None:
    if not _is_text(arr.type):
        c.add("wrong_type", col, f"列类型错误：应为链接文本，实际为 {arr.type}", f"wrong column type: expected a link, found {arr.type}")
        return None
    arr = pc.utf8_trim_whitespace(pc.cast(arr, pa.string()))
    arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    long = _mask(pc.greater(pc.utf8_length(arr), MAX_URL_CHARS))
    c.add("too_long", col, f"链接过长（超过 {MAX_URL_CHARS} 个字符）", f"link too long (over {MAX_URL_CHARS} characters)", long, arr)
    bad = np.array([v is not None and not _URL_RE.match(v) for v in arr.to_pylist()], dtype=bool) & ~long
    c.add("bad_url", col, "链接只能是 http:// 或 https:// 开头的网址，且不含空格、引号、尖括号或反斜杠",
          "a link must be an http:// or https:// address without spaces, quotes, angle brackets or backslashes", bad, arr)
    return None if bad.any() or long.any() else arr
