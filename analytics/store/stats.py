"""Headline facts about the stored table: size, date span and latest followers per platform."""

from __future__ import annotations

import duckdb

from analytics.store.table import Store
from analytics.vocab import platforms


def store_stats(store: Store) -> dict[str, object]:
    version = store.version()
    empty = {"version": version, "rows": 0, "accounts": 0, "first_date": None, "last_date": None,
             "followers_last_by_platform": {}}
    if version is None:
        return empty
    con = duckdb.connect()
    try:
        files = store.files(version)
        rows, accounts, first, last = con.execute(
            "SELECT count(*), count(DISTINCT (platform, account_id)), min(snapshot_date), max(snapshot_date) "
            "FROM read_parquet($files)", {"files": files}).fetchone()
        # Each platform's stock on its own latest snapshot date: a platform whose export is a week
        # behind still shows its real follower count rather than zero.
        by_platform = dict(con.execute(
            """
            SELECT platform, sum(followers) FROM read_parquet($files)
            WHERE (platform, snapshot_date) IN (SELECT (platform, max(snapshot_date)) FROM read_parquet($files) GROUP BY platform)
            GROUP BY platform
            """, {"files": files}).fetchall())
    finally:
        con.close()
    if not rows:
        return {**empty, "version": version}
    return {
        "version": version, "rows": rows, "accounts": accounts,
        "first_date": first.isoformat(), "last_date": last.isoformat(),
        "followers_last_by_platform": {p: int(by_platform[p]) for p in platforms.CODES if p in by_platform},
    }
