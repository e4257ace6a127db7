"""What pages read of the posts, derived once per version and shared by every visit.

- the words of every post (`post_words/v<P>.parquet`), cut at commit: a post whose title and text did not
  change keeps the words of the previous version, so a weekly upload cuts only the new week's posts;
- the post index (`post_index/v<P>-s<S>.parquet`): every post without its full text, with the region,
  level, sector, agency and name of its account from the account summary of snapshot version S, so
  that scopes and filters apply to posts exactly as to snapshots;
- the word index (`post_terms/v<P>-s<S>.parquet`): (post, word, occurrences) with the account's place,
  which the keywords view sums over what the filters select.

Builds take the derive lock, write to a temporary name and rename; earlier versions' files are pruned
as the snapshot store's are."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from analytics import durable
from analytics.posts import terms
from analytics.store import accounts, derived, staging, versions

WORDS_DIR = "post_words"
INDEX_DIR = "post_index"
TERMS_DIR = "post_terms"
EXCERPT_CHARS = 200
BATCH_ROWS = 50_000
WORDS_SCHEMA = pa.schema([("platform", pa.string()), ("post_id", pa.string()), ("digest", pa.uint64()),
                          ("words", pa.list_(pa.string()))])
INDEX_COLUMNS = ("platform", "account_id", "post_id", "published_at", "time_known", "day", "kind", "reads", "likes",
                 "comments", "shares", "interactions", "watching", "is_original", "duration_s", "title", "excerpt",
                 "url", "account_name", "province", "city", "level", "sector", "agency")
TERMS_COLUMNS = ("platform", "post_id", "province", "city", "day", "word", "n")


def words_path(root: Path, version: int) -> Path:
    return Path(root) / WORDS_DIR / f"v{version:08d}.parquet"


def index_path(root: Path, posts_version: int, snapshot_version: int) -> Path:
    return Path(root) / INDEX_DIR / f"v{posts_version:08d}-s{snapshot_version:08d}.parquet"


def terms_path(root: Path, posts_version: int, snapshot_version: int) -> Path:
    return Path(root) / TERMS_DIR / f"v{posts_version:08d}-s{snapshot_version:08d}.parquet"


def _readable(path: Path, columns: tuple[str, ...]) -> bool:
    try:
        return set(columns) <= set(pq.read_schema(path).names)
    except Exception:  # missing, or one of the several errors pyarrow raises for a damaged footer
        return False


def _tmp(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")


_DIGEST = "hash(coalesce(title, ''), chr(31), coalesce(left(text, $chars), ''))"


def build_words(root: Path, version: int, files: list[str]) -> Path:
    """The words of every post of `version`, reusing the previous version's for unchanged posts."""
    target = words_path(root, version)
    with derived.lock(root):
        if _readable(target, tuple(WORDS_SCHEMA.names)):
            return target
        previous = next((words_path(root, v) for v in range(version - 1, max(-1, version - 4), -1)
                         if _readable(words_path(root, v), tuple(WORDS_SCHEMA.names))), None)
        tmp = _tmp(target)
        cache = staging.directory(Path(root)) / "jieba"
        with staging.connect(Path(root)) as con:
            params = {"files": files, "chars": terms.TEXT_CHARS}
            con.execute(f"CREATE TEMP TABLE p AS SELECT platform, post_id, {_DIGEST} AS digest FROM read_parquet($files)",
                        params)
            if previous is not None:
                con.execute("CREATE TEMP TABLE kept AS SELECT w.* FROM read_parquet($prev) w "
                            "SEMI JOIN p USING (platform, post_id, digest)", {"prev": str(previous)})
            else:
                con.execute("CREATE TEMP TABLE kept AS SELECT * FROM p LIMIT 0")
                con.execute("ALTER TABLE kept ADD COLUMN words VARCHAR[]")
            with pq.ParquetWriter(tmp, WORDS_SCHEMA, compression="zstd") as writer:
                for batch in con.sql("SELECT platform, post_id, digest, words FROM kept").to_arrow_reader(BATCH_ROWS):
                    writer.write_batch(batch.cast(WORDS_SCHEMA))
                with _cutters(root, con, params) as pool:
                    fresh = con.sql(f"SELECT platform, post_id, {_DIGEST} AS digest, title, left(text, $chars) AS text "
                                    "FROM read_parquet($files) ANTI JOIN kept USING (platform, post_id)",
                                    params=params).to_arrow_reader(BATCH_ROWS)
                    for batch in fresh:
                        cols = batch.to_pydict()
                        posts = list(zip(cols["title"], cols["text"]))
                        cut = _cut(pool, posts, cache)
                        writer.write_batch(pa.record_batch([batch.column("platform"), batch.column("post_id"),
                                                            batch.column("digest").cast(pa.uint64()),
                                                            pa.array(cut, pa.list_(pa.string()))], schema=WORDS_SCHEMA))
        durable.sync_file(tmp)
        durable.replace(tmp, target)
        versions.drop_older(target.parent, ".parquet", version)
    return target


PARALLEL_FROM = 20_000  # fresh posts from which word cutting uses every core (a worker takes a second to start)


@contextlib.contextmanager
def _cutters(root: Path, con, params: dict):
    """Worker processes for a large cut (jieba holds the GIL, so threads would not help); None for a small one."""
    fresh = con.execute("SELECT count(*) FROM read_parquet($files) ANTI JOIN kept USING (platform, post_id)",
                        {"files": params["files"]}).fetchall()[0][0]
    workers = os.cpu_count() or 1
    if fresh < PARALLEL_FROM or workers < 2:
        yield None
        return
    # Spawned, never forked: the parent holds deltalake and DuckDB threads.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


def _cut(pool, posts: list, cache: Path) -> list[list[str]]:
    if pool is None:
        return terms.words_of(posts, cache)
    size = -(-len(posts) // (pool._max_workers * 4))
    chunks = [posts[i:i + size] for i in range(0, len(posts), size)]
    return [w for part in pool.map(terms.words_of, chunks, [cache] * len(chunks)) for w in part]


def _copy(root: Path, target: Path, sql: str, params: dict, posts_version: int) -> Path:
    """Write the result of `sql` to `target` (temporary name, synced, renamed) and prune older versions."""
    tmp = _tmp(target)
    quoted = str(tmp).replace("'", "''")
    with staging.connect(Path(root)) as con:
        con.execute(f"COPY ({sql}) TO '{quoted}' (FORMAT parquet, COMPRESSION zstd)", params)
    durable.sync_file(tmp)
    durable.replace(tmp, target)
    _prune(target.parent, posts_version)
    return target


def build_index(root: Path, posts_version: int, files: list[str], snapshot_version: int, summary: str) -> Path:
    target = index_path(root, posts_version, snapshot_version)
    with derived.lock(root):
        if _readable(target, INDEX_COLUMNS):
            return target
        return _copy(root, target, f"""
            SELECT p.platform, p.account_id, p.post_id, p.published_at, p.time_known,
                   CAST(p.published_at AS DATE) AS day, p.kind, p.reads, p.likes, p.comments, p.shares,
                   p.likes + p.comments + p.shares AS interactions, p.watching, p.is_original, p.duration_s,
                   left(p.title, {EXCERPT_CHARS}) AS title, left(p.text, {EXCERPT_CHARS}) AS excerpt, p.url,
                   a.account_name, a.province, a.city, a.level, a.sector, a.agency
            FROM read_parquet($files) p JOIN read_parquet($summary) a USING (platform, account_id)
            ORDER BY day, platform, account_id""", {"files": files, "summary": summary}, posts_version)


def build_terms(root: Path, posts_version: int, index: Path, words: Path, snapshot_version: int) -> Path:
    target = terms_path(root, posts_version, snapshot_version)
    with derived.lock(root):
        if _readable(target, TERMS_COLUMNS):
            return target
        return _copy(root, target, """
            WITH w AS (SELECT platform, post_id, unnest(words) AS word FROM read_parquet($words))
            SELECT i.platform, i.post_id, i.province, i.city, i.day, w.word, count(*)::INTEGER AS n
            FROM w JOIN read_parquet($index) i USING (platform, post_id)
            GROUP BY ALL ORDER BY i.day, i.platform, i.post_id, w.word""",
                     {"words": str(words), "index": str(index)}, posts_version)


def _prune(folder: Path, posts_version: int) -> None:
    """Keep the files of the last few posts versions (a process may still read the one before)."""
    kept = {f"v{v:08d}" for v in range(posts_version - versions.KEEP_VERSIONS + 1, posts_version + 1)}
    for f in folder.glob("v*.parquet"):
        if f.name[:9] not in kept and int(f.name[1:9]) < posts_version:
            f.unlink(missing_ok=True)


def empty(root: Path, columns: tuple[str, ...], name: str) -> Path:
    """An empty file with the index's (or word index's) columns, for a data directory without posts."""
    target = Path(root) / f"empty_{name}.parquet"
    if _readable(target, columns):
        return target
    tmp = _tmp(target)
    quoted = str(tmp).replace("'", "''")
    types = {"published_at": "TIMESTAMP", "time_known": "BOOLEAN", "day": "DATE", "is_original": "BOOLEAN", "n": "INTEGER",
             **{c: "BIGINT" for c in ("reads", "likes", "comments", "shares", "interactions", "watching", "duration_s")}}
    select = ", ".join(f"NULL::{types.get(c, 'VARCHAR')} AS {c}" for c in columns)
    with staging.connect(Path(root)) as con:
        con.execute(f"COPY (SELECT {select} LIMIT 0) TO '{quoted}' (FORMAT parquet)")
    durable.replace(tmp, target)
    return target


def ensure(posts, snapshots, posts_version: int | None, snapshot_version: int) -> tuple[Path, Path]:
    """(post index, word index) of the posts version read with snapshot version's accounts; empty files
    when there are no posts."""
    root = Path(posts.root)
    if posts_version is None:
        return empty(root, INDEX_COLUMNS, INDEX_DIR), empty(root, TERMS_COLUMNS, TERMS_DIR)
    index, found = index_path(root, posts_version, snapshot_version), terms_path(root, posts_version, snapshot_version)
    if _readable(index, INDEX_COLUMNS) and _readable(found, TERMS_COLUMNS):
        return index, found
    files = posts.files(posts_version)
    summary = str(accounts.ensure(root, snapshot_version, snapshots.files(snapshot_version)))
    index = build_index(root, posts_version, files, snapshot_version, summary)
    words = build_words(root, posts_version, files)
    return index, build_terms(root, posts_version, index, words, snapshot_version)


def follow(posts, snapshots, version: int | None) -> str:
    """After a snapshot commit: index the current posts against the new version's accounts, so that no
    visitor waits for it. Returns why it could not ("" when it did or there are no posts); the pages
    build it on first use then."""
    current = posts.version()
    if version is None or current is None:
        return ""
    try:
        ensure(posts, snapshots, current, version)
    except Exception as exc:  # the snapshot commit has landed; a failed index is built again on first use
        reason = str(exc)[:200] or type(exc).__name__
        derived.incident(Path(snapshots.root), "derived_pending", table=INDEX_DIR, version=version, reason=reason)
        return reason
    return ""


def after_commit(posts, version: int, _changed) -> None:
    """Cut the new version's words and index it against the current snapshots, before any visit."""
    from analytics.store.table import Store

    snapshots = Store(posts.root)
    current = snapshots.version()
    build_words(Path(posts.root), version, posts.files(version))
    if current is not None:
        ensure(posts, snapshots, version, current)
