"""The pre-aggregated rollup (week × platform × province × city × level × sector), one file per version.

Aggregate views read it instead of the rows: at 10M rows it is under a tenth of their size. It is
written after every commit — incrementally when only some dates changed — and rebuilt on demand
if a version lacks it or one of its files is damaged (see derived: one build at a time across
processes). Files are synced and renamed into place, so readers never see a partial file, and the
manifest records every file's checksum.

At national cardinality the full grain still holds a tenth of the rows (12M at 109M), so each
segment has coarser copies (grains) beside it: province level holds a thousandth. A query reads the
smallest grain holding every dimension its SQL names; the measures are counts and sums, so any
grain adds up to the same totals."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path

from analytics import durable
from analytics.store import accounts, checksums, derived, staging, versions

ROLLUP_DIR = "rollup"
DIMS = ("snapshot_date", "platform", "province", "city", "level", "sector")
# Two-week rule and dormancy are per-account windows, computed once here so that pass rates by any
# dimension and over time read the rollup. An account passes on date d when it posted in
# (d-14, d]; it is dormant (僵尸号) when it has existed 90+ days and posted nothing in (d-90, d].
COMPLIANCE_DAYS = 14
DORMANT_DAYS = 90
# Sums are stored as DOUBLE: exact below 2**53 (far beyond any real total), and a validated upload
# of int64-sized counts cannot overflow them.
_AGGREGATE = f"""
    WITH first AS (SELECT platform, account_id, first_seen FROM read_parquet($accounts)),
         w AS (
        SELECT s.*, first.first_seen,
               sum(posts) OVER (PARTITION BY platform, account_id ORDER BY snapshot_date
                                RANGE BETWEEN INTERVAL {COMPLIANCE_DAYS - 1} DAY PRECEDING AND CURRENT ROW) AS recent,
               sum(posts) OVER (PARTITION BY platform, account_id ORDER BY snapshot_date
                                RANGE BETWEEN INTERVAL {DORMANT_DAYS - 1} DAY PRECEDING AND CURRENT ROW) AS quarter_posts
        FROM read_parquet($files) s JOIN first USING (platform, account_id)
        WHERE snapshot_date BETWEEN $scan_from AND $until)
    SELECT {", ".join(DIMS)},
           count(*)::BIGINT AS accounts,
           count(*) FILTER (WHERE posts > 0)::BIGINT AS active_accounts,
           count(*) FILTER (WHERE recent > 0)::BIGINT AS compliant,
           count(*) FILTER (WHERE quarter_posts = 0
                            AND first_seen <= snapshot_date - INTERVAL {DORMANT_DAYS - 1} DAY)::BIGINT AS dormant,
           sum(followers)::DOUBLE AS followers, sum(posts)::DOUBLE AS posts, sum(reads)::DOUBLE AS reads,
           sum(likes)::DOUBLE AS likes, sum(comments)::DOUBLE AS comments, sum(shares)::DOUBLE AS shares,
           sum(likes::DECIMAL(38, 0) + comments + shares)::DOUBLE AS interactions
    FROM w WHERE snapshot_date >= $since
    GROUP BY ALL
"""
_EVERYTHING = (dt.date(1900, 1, 1), dt.date(2999, 12, 31))
_COUNTS = ("accounts", "active_accounts", "compliant", "dormant")
_SUMS = ("followers", "posts", "reads", "likes", "comments", "shares", "interactions")
# Smallest first; the dimensions a grain keeps beyond date, platform and province.
OPTIONAL = ("city", "level", "sector")
GRAINS = (("p", ()), ("pl", ("level",)), ("ps", ("sector",)), ("pls", ("level", "sector")))
# The weekly upload adds a segment; past this many they are merged into one, so a query opens few files.
MAX_SEGMENTS = 12
CHUNK_ROWS = 10_000_000


def manifest(root: Path, version: int) -> Path:
    return Path(root) / ROLLUP_DIR / f"v{version:08d}.json"


def segments(root: Path, version: int) -> list[str] | None:
    """The rollup files of `version`, or None when it has no rollup yet."""
    try:
        names = json.loads(manifest(root, version).read_text())["segments"]
    except (FileNotFoundError, ValueError, KeyError):
        return None
    folder = Path(root) / ROLLUP_DIR
    return [str(folder / name) for name in names]


def grain_file(segment: str, suffix: str) -> str:
    """The file of a segment's grain (`suffix` "" is the segment itself, the full grain)."""
    return segment[: -len(".parquet")] + f".{suffix}.parquet" if suffix else segment


def grain(sql: str) -> str:
    """The smallest grain that has every optional dimension `sql` names ("" for the full grain)."""
    used = {d for d in OPTIONAL if re.search(rf"\b{d}\b", sql)}
    return next((suffix for suffix, kept in GRAINS if used <= set(kept)), "")


# Runs one statement of the rollup's SQL (DuckDB's dialect, `read_parquet($files)` and `$accounts`) and
# writes its result to a parquet file: another engine (Spark) can take the heavy part of a build.
Runner = Callable[[str, dict, Path], None]


def build(root: Path, version: int, files: list[str], changed: tuple[dt.date, dt.date] | None = None,
          run: Runner | None = None) -> list[str]:
    """Write the rollup of `version` and return its files.

    The rollup is a list of segment files named in a per-version manifest. When the commit only
    added dates after everything stored (the weekly upload) and the previous version has a rollup,
    the new version keeps its segments and adds one for the new dates, computed from rows reaching
    90 days back (the longest window). Any other change rebuilds every segment: a correction of an
    old week moves windows and first-seen dates that later weeks depend on. Either way the dates are
    aggregated in runs of about CHUNK_ROWS rows, each read with its 90 days before: the windows run
    in memory, so one pass over 100M rows would not fit in the connection's limit. `run` computes the
    aggregate over the rows (default: DuckDB here); the grains and merges read only the rollup."""
    with derived.lock(root):
        return _build(root, version, files, changed, run)


def _build(root: Path, version: int, files: list[str], changed: tuple[dt.date, dt.date] | None,
           run: Runner | None) -> list[str]:
    folder = Path(root) / ROLLUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    previous = segments(root, version - 1) if changed is not None else None
    if previous and unsound(previous):
        previous = None  # a damaged segment is not carried into the next version
    with staging.connect(Path(root)) as con:
        previous_end = None
        if previous:
            previous_end = con.execute("SELECT max(snapshot_date) FROM read_parquet($p)", {"p": previous}).fetchall()[0][0]
        # First-seen dates come from the version's account summary, not from a scan of every row.
        summary = str(accounts.ensure(Path(root), version, files))
        if previous_end is not None and changed[0] > previous_end:
            kept, since = [Path(p).name for p in previous], changed[0]
        else:
            kept, since = [], _EVERYTHING[0]
        # A table without rows still gets one (empty) segment: a rollup exists for every version.
        for lo, hi in _runs(con, files, since) or ([] if kept else [(since, _EVERYTHING[1])]):
            params = {"files": files, "accounts": summary, "scan_from": lo - dt.timedelta(days=DORMANT_DAYS),
                      "until": hi, "since": lo}
            kept.append(_segment(con, folder, version, _AGGREGATE, params, "snapshot_date, platform, province", run))
        if len(kept) > MAX_SEGMENTS:
            # Segments hold consecutive dates in order, so their concatenation is already sorted.
            merged = [str(folder / n) for n in kept]
            kept = [_segment(con, folder, version, "SELECT * FROM read_parquet($files)", {"files": merged})]
    _write_manifest(root, version, kept)
    _prune(folder, version)
    return segments(root, version)


def _runs(con, files: list[str], since: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The dates from `since` on, in consecutive runs of about CHUNK_ROWS rows."""
    counts = con.execute("SELECT snapshot_date, count(*) FROM read_parquet($files) WHERE snapshot_date >= $since "
                         "GROUP BY ALL ORDER BY 1", {"files": files, "since": since}).fetchall()
    runs, start, rows = [], None, 0
    for day, n in counts:
        start = start or day
        rows += n
        if rows >= CHUNK_ROWS:
            runs.append((start, day))
            start, rows = None, 0
    if start is not None:
        runs.append((start, counts[-1][0]))
    return runs


def _segment(con, folder: Path, version: int, sql: str, params: dict, order: str = "", run: Runner | None = None) -> str:
    """Write one segment from `sql` and its coarser grains from it; the full grain is moved in last, so a
    segment's grains exist whenever it does."""
    name = f"s{version:08d}-{uuid.uuid4().hex[:8]}.parquet"
    tmp = folder / f".{name}.tmp"
    ordered = f"{sql} ORDER BY {order}" if order else sql
    if run is None:
        _copy(con, ordered, params, tmp)
    else:
        run(ordered, params, tmp)
    sums = ", ".join([*(f"sum({m})::BIGINT AS {m}" for m in _COUNTS), *(f"sum({m})::DOUBLE AS {m}" for m in _SUMS)])
    for suffix, kept in GRAINS:
        dims = ", ".join(("snapshot_date", "platform", "province", *kept))
        part = folder / grain_file(name, suffix)
        part_tmp = folder / f".{part.name}.tmp"
        _copy(con, f"SELECT {dims}, {sums} FROM read_parquet($segment) GROUP BY ALL ORDER BY {dims}",
              {"segment": str(tmp)}, part_tmp)
        durable.replace(part_tmp, part)
    durable.replace(tmp, folder / name)
    return name


def _copy(con, sql: str, params: dict, target: Path) -> None:
    quoted = str(target).replace("'", "''")  # our own path, but a data dir may contain a quote
    con.execute(f"COPY ({sql}) TO '{quoted}' (FORMAT parquet, COMPRESSION zstd)", params)


def carry(root: Path, old: int, new: int) -> bool:
    """Give version `new`, holding the same rows as `old`, old's segments; False when old has none sound."""
    with derived.lock(root):
        found = segments(root, old)
        if not found or unsound(found):
            return False
        _write_manifest(root, new, [Path(f).name for f in found])
        _prune(Path(root) / ROLLUP_DIR, new)
        return True


def files_of(found: list[str]) -> list[Path]:
    """Every file of the segments: each segment and its grains."""
    return [Path(grain_file(f, suffix)) for f in found for suffix in ("", *(s for s, _ in GRAINS))]


def unsound(found: list[str], deep: bool = False) -> list[tuple[Path, str]]:
    """The segments' files that are missing or unreadable; `deep` also compares each with the checksum
    its manifest recorded (the whole file is read), which finds a flipped bit inside a page."""
    bad = [(f, why) for f in files_of(found) if (why := derived.problem(f))]
    if deep and not bad:
        bad = [(f, "checksum mismatch") for f in files_of(found) if mismatch(f)]
    return bad


def mismatch(path: Path) -> bool:
    """Whether one rollup file (a segment or a grain) differs from the checksum its manifest recorded."""
    want = _sums(path.parent).get(path.name)
    return want is not None and checksums.entry(path) != want


def ensure(root: Path, version: int, files: list[str], run: Runner | None = None) -> list[str]:
    """The version's segments, built when missing, unreadable (set aside first) or written before
    segments had grains. A second process meeting a build waits for it and then uses its result."""
    found = segments(root, version)
    if found and not unsound(found):
        return found
    with derived.lock(root):
        found = segments(root, version)
        bad = unsound(found) if found else []
        if found and not bad:
            return found
        for path, why in bad:
            if why == "missing":
                derived.incident(root, "missing", file=f"{ROLLUP_DIR}/{path.name}", version=version)
            else:
                derived.set_aside(root, path, why)
        derived.incident(root, "rebuilt", table=ROLLUP_DIR, version=version)
        return _build(root, version, files, None, run)


def _write_manifest(root: Path, version: int, names: list[str]) -> None:
    folder = Path(root) / ROLLUP_DIR
    sums = {f.name: checksums.entry(f) for f in files_of([str(folder / n) for n in names])}
    durable.write_text(manifest(root, version), json.dumps({"version": version, "segments": names, "sums": sums}))


def _sums(folder: Path) -> dict[str, dict]:
    """Every checksum the folder's manifests record (a segment shared by versions has one entry)."""
    found: dict[str, dict] = {}
    for f in folder.glob("v*.json"):
        try:
            found.update(json.loads(f.read_text()).get("sums", {}))
        except (OSError, ValueError, AttributeError):
            continue
    return found


def _prune(folder: Path, version: int) -> None:
    """Keep the last few versions' rollups (a process may still be reading one) and their segments."""
    versions.drop_older(folder, ".json", version)
    used = set()
    for f in folder.glob("v*.json"):
        try:
            used.update(json.loads(f.read_text())["segments"])
        except (FileNotFoundError, ValueError, KeyError):
            continue
    used |= {grain_file(n, suffix) for n in list(used) for suffix, _ in GRAINS}
    for f in folder.glob("s*.parquet"):
        if f.name not in used:
            f.unlink(missing_ok=True)
