"""The pre-aggregated rollup (week × platform × province × city × level × sector), one file per version.

Aggregate views read it instead of the rows: at 10M rows it is under a tenth of their size. It is
written after every commit — incrementally when only some dates changed — and rebuilt on demand
if a version lacks it. Files are replaced atomically, so readers never see a partial file."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import duckdb

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
    WITH first AS (SELECT platform, account_id, min(snapshot_date) AS first_seen
                   FROM read_parquet($files) GROUP BY ALL),
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
           sum(likes::HUGEINT + comments + shares)::DOUBLE AS interactions
    FROM w WHERE snapshot_date >= $since
    GROUP BY ALL
"""
_EVERYTHING = (dt.date(1900, 1, 1), dt.date(2999, 12, 31))


def path(root: Path, version: int) -> Path:
    return Path(root) / ROLLUP_DIR / f"v{version:08d}.parquet"


def build(root: Path, version: int, files: list[str], changed: tuple[dt.date, dt.date] | None = None) -> Path:
    """Write the rollup of `version`.

    When the commit only added dates after everything stored (the weekly upload) and the previous
    version's rollup exists, the old rows are copied and only the new dates are computed, from rows
    reaching 90 days back (the longest window). Any other change rebuilds the whole rollup: a
    correction of an old week moves windows and first-seen dates that later weeks depend on."""
    target = path(root, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    previous = path(root, version - 1)
    tmp = target.with_name(f".{target.stem}-{uuid.uuid4().hex}.tmp")
    quoted = str(tmp).replace("'", "''")  # our own path, but a data dir may contain a quote
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        previous_end = None
        if changed is not None and previous.exists():
            previous_end = con.execute("SELECT max(snapshot_date) FROM read_parquet($p)", {"p": str(previous)}).fetchone()[0]
        if previous_end is not None and changed[0] > previous_end:
            since = changed[0]
            params = {"files": files, "scan_from": since - dt.timedelta(days=DORMANT_DAYS), "until": _EVERYTHING[1],
                      "since": since, "previous": str(previous)}
            sql = f"SELECT * FROM read_parquet($previous) UNION ALL BY NAME ({_AGGREGATE})"
        else:
            params = {"files": files, "scan_from": _EVERYTHING[0], "until": _EVERYTHING[1], "since": _EVERYTHING[0]}
            sql = _AGGREGATE
        con.execute(f"COPY ({sql} ORDER BY snapshot_date, platform, province) TO '{quoted}' "
                    "(FORMAT parquet, COMPRESSION zstd)", params)
    finally:
        con.close()
    os.replace(tmp, target)
    _prune(target.parent, version)
    return target


def ensure(root: Path, version: int, files: list[str]) -> Path:
    target = path(root, version)
    return target if target.exists() else build(root, version, files)


def _prune(folder: Path, version: int) -> None:
    for f in folder.glob("v*.parquet"):
        try:
            if int(f.stem[1:]) <= version - KEEP_VERSIONS:
                f.unlink()
        except (ValueError, FileNotFoundError):
            continue
