"""The per-account summary of a version: first and last snapshot date and the latest attributes of every
account, one small file per version (a few MB at national scale, against 100M rows).

Comparing an upload with the store (which accounts are new, whose name or place changed) and the
rollup's first-seen dates read it instead of every stored row, so their cost follows the number of
accounts, not the years of history. It is written after every commit — from the previous version's
summary and the dates the commit wrote — and rebuilt from the rows when a version lacks it (a restore)."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

from analytics.store import staging

SUMMARY_DIR = "accounts"
KEEP_VERSIONS = 3
ATTRS = ("account_name", "province", "city", "level", "sector", "agency")
_LATEST = ", ".join(f"arg_max({c}, snapshot_date) AS {c}" for c in ATTRS)
_FULL = f"""
    SELECT platform, account_id, min(snapshot_date) AS first_seen, max(snapshot_date) AS last_seen, {_LATEST}
    FROM read_parquet($files) GROUP BY platform, account_id
"""
# Upserts never remove a row, so an account's first and last dates only widen; its attributes are
# those of its latest row, which the commit's dates hold when they reach the account's last date.
_MERGE = f"""
    WITH r AS (SELECT platform, account_id, min(snapshot_date) AS first_seen, max(snapshot_date) AS last_seen, {_LATEST}
               FROM read_parquet($files) WHERE snapshot_date BETWEEN $lo AND $hi GROUP BY platform, account_id),
         j AS (SELECT platform, account_id, o.first_seen AS o_first, o.last_seen AS o_last, r.first_seen AS r_first,
                      r.last_seen AS r_last, r.last_seen IS NOT NULL AND (o.last_seen IS NULL OR r.last_seen >= o.last_seen)
                      AS newer, {", ".join(f"o.{c} AS o_{c}, r.{c} AS r_{c}" for c in ATTRS)}
               FROM read_parquet($previous) o FULL JOIN r USING (platform, account_id))
    SELECT platform, account_id, least(coalesce(o_first, r_first), coalesce(r_first, o_first)) AS first_seen,
           greatest(coalesce(o_last, r_last), coalesce(r_last, o_last)) AS last_seen
           {" ".join(f", CASE WHEN newer THEN r_{c} ELSE o_{c} END AS {c}" for c in ATTRS)}
    FROM j
"""


def path(root: Path, version: int) -> Path:
    return Path(root) / SUMMARY_DIR / f"v{version:08d}.parquet"


def build(root: Path, version: int, files: list[str], changed: tuple[dt.date, dt.date] | None = None) -> Path:
    """Write the summary of `version`: merged from the previous version's when only `changed` dates were
    written and that summary exists, otherwise from every row."""
    target = path(root, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    previous = path(root, version - 1) if changed is not None and version > 0 else None
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    quoted = str(tmp).replace("'", "''")  # our own path, but a data dir may contain a quote
    with staging.connect(Path(root)) as con:
        if previous is not None and previous.exists():
            sql, params = _MERGE, {"files": files, "previous": str(previous), "lo": changed[0], "hi": changed[1]}
        else:
            sql, params = _FULL, {"files": files}
        con.execute(f"COPY ({sql} ORDER BY platform, account_id) TO '{quoted}' (FORMAT parquet, COMPRESSION zstd)",
                    params)
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
