"""The pre-aggregated rollup (week × platform × province × city × level × sector), one file per version.

Aggregate views read it instead of the rows: at 10M rows it is a few hundred thousand rows. It is
written after every commit and rebuilt on demand if a version lacks it (a commit from an older
process). Files are replaced atomically, so readers never see a partial file."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import duckdb

ROLLUP_DIR = "rollup"
KEEP_VERSIONS = 3  # a process still reading the previous version's rollup must not lose it
DIMS = ("snapshot_date", "platform", "province", "city", "level", "sector")
# Sums are stored as DOUBLE: exact below 2**53 (far beyond any real total), and a validated upload
# of int64-sized counts cannot overflow them.
# Two-week rule and dormancy are per-account windows, computed once here so that pass rates by any
# dimension and over time read the rollup. An account passes on date d when it posted in
# (d-14, d]; it is dormant (僵尸号) when it has existed 90+ days and posted nothing in (d-90, d].
COMPLIANCE_DAYS = 14
DORMANT_DAYS = 90
SQL = f"""
    WITH w AS (
        SELECT *,
               sum(posts) OVER (PARTITION BY platform, account_id ORDER BY snapshot_date
                                RANGE BETWEEN INTERVAL {COMPLIANCE_DAYS - 1} DAY PRECEDING AND CURRENT ROW) AS recent,
               sum(posts) OVER (PARTITION BY platform, account_id ORDER BY snapshot_date
                                RANGE BETWEEN INTERVAL {DORMANT_DAYS - 1} DAY PRECEDING AND CURRENT ROW) AS quarter_posts,
               min(snapshot_date) OVER (PARTITION BY platform, account_id) AS first_seen
        FROM read_parquet($files))
    SELECT {", ".join(DIMS)},
           count(*)::BIGINT AS accounts,
           count(*) FILTER (WHERE posts > 0)::BIGINT AS active_accounts,
           count(*) FILTER (WHERE recent > 0)::BIGINT AS compliant,
           count(*) FILTER (WHERE quarter_posts = 0
                            AND first_seen <= snapshot_date - INTERVAL {DORMANT_DAYS - 1} DAY)::BIGINT AS dormant,
           sum(followers)::DOUBLE AS followers, sum(posts)::DOUBLE AS posts, sum(reads)::DOUBLE AS reads,
           sum(likes)::DOUBLE AS likes, sum(comments)::DOUBLE AS comments, sum(shares)::DOUBLE AS shares,
           sum(likes::HUGEINT + comments + shares)::DOUBLE AS interactions
    FROM w
    GROUP BY ALL
    ORDER BY snapshot_date, platform, province
"""


def path(root: Path, version: int) -> Path:
    return Path(root) / ROLLUP_DIR / f"v{version:08d}.parquet"


def build(root: Path, version: int, files: list[str]) -> Path:
    target = path(root, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.stem}-{uuid.uuid4().hex}.tmp")
    con = duckdb.connect()
    try:
        quoted = str(tmp).replace("'", "''")  # our own path, but a data dir may contain a quote
        con.execute(f"COPY ({SQL}) TO '{quoted}' (FORMAT parquet, COMPRESSION zstd)", {"files": files})
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
