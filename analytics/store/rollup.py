"""The pre-aggregated rollup (week × platform × province × city × level × sector), one file per version.

Aggregate views read it instead of the rows: at 10M rows it is under a tenth of their size. It is
written after every commit — incrementally when only some dates changed — and rebuilt on demand
if a version lacks it. Files are replaced atomically, so readers never see a partial file."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path

from analytics.store import accounts, staging

ROLLUP_DIR = "rollup"
KEEP_VERSIONS = 3  # a process still reading the previous version's rollup must not lose it
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


def build(root: Path, version: int, files: list[str], changed: tuple[dt.date, dt.date] | None = None) -> list[str]:
    """Write the rollup of `version` and return its files.

    The rollup is a list of segment files named in a per-version manifest. When the commit only
    added dates after everything stored (the weekly upload) and the previous version has a rollup,
    the new version keeps its segments and adds one for the new dates, computed from rows reaching
    90 days back (the longest window). Any other change rebuilds one segment from all rows: a
    correction of an old week moves windows and first-seen dates that later weeks depend on."""
    folder = Path(root) / ROLLUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    previous = segments(root, version - 1) if changed is not None else None
    # A memory limit (spilling to disk beyond it) keeps a rebuild over every row within a bounded footprint.
    with staging.connect(Path(root)) as con:
        previous_end = None
        if previous:
            previous_end = con.execute("SELECT max(snapshot_date) FROM read_parquet($p)", {"p": previous}).fetchone()[0]
        # First-seen dates come from the version's account summary, not from a scan of every row.
        summary = str(accounts.ensure(Path(root), version, files))
        if previous_end is not None and changed[0] > previous_end:
            kept = [Path(p).name for p in previous]
            params = {"files": files, "accounts": summary, "scan_from": changed[0] - dt.timedelta(days=DORMANT_DAYS),
                      "until": _EVERYTHING[1], "since": changed[0]}
        else:
            kept = []
            params = {"files": files, "accounts": summary, "scan_from": _EVERYTHING[0], "until": _EVERYTHING[1],
                      "since": _EVERYTHING[0]}
        name = f"s{version:08d}-{uuid.uuid4().hex[:8]}.parquet"
        tmp = folder / f".{name}.tmp"
        quoted = str(tmp).replace("'", "''")  # our own path, but a data dir may contain a quote
        con.execute(f"COPY ({_AGGREGATE} ORDER BY snapshot_date, platform, province) TO '{quoted}' "
                    "(FORMAT parquet, COMPRESSION zstd)", params)
    os.replace(tmp, folder / name)
    _write_manifest(root, version, [*kept, name])
    _prune(folder, version)
    return segments(root, version)


def ensure(root: Path, version: int, files: list[str]) -> list[str]:
    return segments(root, version) or build(root, version, files)


def _write_manifest(root: Path, version: int, names: list[str]) -> None:
    target = manifest(root, version)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps({"version": version, "segments": names}))
    os.replace(tmp, target)


def _prune(folder: Path, version: int) -> None:
    """Keep the last few versions' rollups (a process may still be reading one) and their segments."""
    for f in folder.glob("v*.json"):
        try:
            if int(f.stem[1:]) <= version - KEEP_VERSIONS:
                f.unlink()
        except (ValueError, FileNotFoundError):
            continue
    used = set()
    for f in folder.glob("v*.json"):
        try:
            used.update(json.loads(f.read_text())["segments"])
        except (FileNotFoundError, ValueError, KeyError):
            continue
    for f in folder.glob("s*.parquet"):
        if f.name not in used:
            f.unlink(missing_ok=True)
