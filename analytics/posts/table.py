"""The versioned posts table: a Delta table beside the snapshots, upserted on (platform, post_id).

A post is read more than once: its counts grow for days after it went out, so exports of the same post
come again with later counts. An upload replaces a stored post's row unless it carries an earlier
`counted_at` than the stored one (then the upload's row is stale: reported, ignored)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
from deltalake import CommitProperties
from deltalake.exceptions import CommitFailedError, DeltaError
from deltalake.transaction import RemoveAction

from analytics.access.scope import NATIONAL, Scope
from analytics.errors import ConcurrentCommitError
from analytics.posts import derived, schema
from analytics.store import staging
from analytics.store.table import COMMIT_RETRIES, CommitResult, DeltaStore, _not_written, _stream

TABLE_DIR = "posts"
EMPTY_FILE = "empty_posts.parquet"
_KEYS = "platform, post_id"
_VALUES = tuple(n for n in schema.NAMES if n not in schema.KEY)


@dataclass
class PostImpact:
    """What committing an upload of posts would do to the stored table."""

    posts_new: int = 0
    posts_replaced: int = 0
    posts_unchanged: int = 0
    posts_stale: int = 0  # stored with a later counted_at: the upload's counts are ignored
    stale_rows: tuple[int, ...] = ()  # the upload's row numbers (1-based) of the first stale posts
    version: int | None = None


class PostStore(DeltaStore):
    DIR = TABLE_DIR
    SCHEMA = schema.ARROW_SCHEMA
    EMPTY = EMPTY_FILE

    def __init__(self, root: Path | str):
        super().__init__(root)
        self._after_commit.append(derived.after_commit)

    @classmethod
    def beside(cls, store) -> PostStore:
        """The posts table in the same data directory as the snapshot table `store`."""
        return cls(store.root)

    @contextlib.contextmanager
    def _query(self, rows: Path, version: int | None) -> Iterator[tuple[duckdb.DuckDBPyConnection, dict]]:
        """A connection where `up` is the upload (with its row numbers) and `m` (when a version is stored)
        pairs each uploaded post with its stored row: stale when the stored counts were read later, same
        when every value is equal."""
        with staging.connect(self.root) as con:
            con.read_parquet(str(rows), file_row_number=True).create_view("up")
            params: dict = {}
            if version is not None:
                params = {"files": self.files(version)}
                same = " AND ".join(f"u.{c} IS NOT DISTINCT FROM s.{c}" for c in _VALUES)
                con.execute(f"""
                    CREATE TEMP TABLE m AS
                    SELECT u.platform, u.post_id, u.file_row_number AS r,
                           coalesce(u.counted_at < s.counted_at, false) AS stale, ({same}) AS same
                    FROM up u JOIN (SELECT * FROM read_parquet($files) SEMI JOIN up USING ({_KEYS})) s USING ({_KEYS})
                """, params)
            else:
                con.execute("CREATE TEMP TABLE m (platform VARCHAR, post_id VARCHAR, r BIGINT, stale BOOLEAN, same BOOLEAN)")
            yield con, params

    def impact(self, rows: Path, version: int | None = None) -> PostImpact:
        if version is None and self.exists():
            version = self.version()
        with self._query(rows, version) as (con, _):
            total, = con.execute("SELECT count(*) FROM up").fetchall()[0]
            stale, same, replaced = con.execute(
                "SELECT count(*) FILTER (WHERE stale), count(*) FILTER (WHERE same AND NOT stale), "
                "count(*) FILTER (WHERE NOT same AND NOT stale) FROM m").fetchall()[0]
            first = tuple(r + 1 for (r,) in con.execute("SELECT r FROM m WHERE stale ORDER BY r LIMIT 5").fetchall())
        return PostImpact(total - stale - same - replaced, replaced, same, stale, first, version)

    def commit(self, rows: Path, *, user: str, source: str, sha256: str, action: str = "posts_ingest",
               within: Scope = NATIONAL) -> CommitResult:
        """Upsert validated posts as one new version; stale and unchanged posts are left out."""
        with self.write_lock():
            self._refuse_torn()
            if sha256 and sha256 in self.committed_shas():
                return CommitResult(None)
            scope = "" if within.national else within.describe("zh")
            for attempt in range(COMMIT_RETRIES):
                try:
                    return self._commit_locked(rows, user=user, source=source, sha256=sha256, action=action,
                                               scope=scope, places=within.places())
                except CommitFailedError:
                    time.sleep(0.1 * (attempt + 1))
                except (OSError, DeltaError, duckdb.IOException) as exc:
                    raise _not_written(exc) from exc
            raise ConcurrentCommitError("发布内容表正被其他进程修改，提交未成功，请重试",
                                        "the posts table is being changed by another process; the commit did not land, "
                                        "please retry")

    def _commit_locked(self, rows: Path, *, user: str, source: str, sha256: str, action: str, scope: str,
                       places: tuple[str, ...]) -> CommitResult:
        exists = self.exists()
        base = self.version() if exists else None
        with self._query(rows, base) as (con, params):
            columns = ", ".join(schema.NAMES)
            changes = f"SELECT {columns} FROM up ANTI JOIN (SELECT * FROM m WHERE stale OR same) k USING ({_KEYS})"
            total, = con.execute(f"SELECT count(*) FROM ({changes})").fetchall()[0]
            if total == 0:
                return CommitResult(None)
            replaced, = con.execute("SELECT count(*) FROM m WHERE NOT stale AND NOT same").fetchall()[0]
            meta = self._meta(action=action, user=user, source=source, sha256=sha256, rows_added=total - replaced,
                              rows_replaced=replaced, scope=scope or None, places=list(places) or None)
            props = CommitProperties(custom_metadata=meta)
            ordered = " ORDER BY published_at, platform, post_id"
            if not exists or replaced == 0:
                self._append(_stream(con, changes + ordered, None, self.SCHEMA), props, create=not exists)
            else:
                touched = self._touched(con, params, "SELECT platform, post_id FROM m WHERE NOT stale AND NOT same")
                kept = [str(self.table_path / path) for path, _ in touched]
                sql = (f"SELECT * FROM ({changes}) UNION ALL (SELECT s.* FROM read_parquet($kept) s "
                       f"ANTI JOIN ({changes}) c USING ({_KEYS})){ordered}")
                now = int(time.time() * 1000)
                removed = [RemoveAction(path, True, now, size) for path, size in touched]
                self._append(_stream(con, sql, {"kept": kept}, self.SCHEMA), props, removing=removed)
        version = self.version()
        return CommitResult(version, total - replaced, replaced, self._after(version, None))

    def _touched(self, con: duckdb.DuckDBPyConnection, params: dict, keys: str) -> list[tuple[str, int]]:
        """(path, size) of the stored files holding any of `keys`: posts have no date order a correction
        follows, so the files are found by their key columns (a scan of two columns, not of texts)."""
        found = {Path(f).name for (f,) in con.execute(
            f"SELECT DISTINCT filename FROM read_parquet($files, filename = true) SEMI JOIN ({keys}) k USING ({_KEYS})",
            params).fetchall()}
        adds = pa.table(self.table(self.version()).get_add_actions(flatten=True))
        paths, sizes = adds.column("path").to_pylist(), adds.column("size_bytes").to_pylist()
        return [(p, int(s)) for p, s in zip(paths, sizes) if Path(p).name in found]
