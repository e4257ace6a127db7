"""The per-account summary of a version: first and last snapshot date and the latest attributes of every
account, one small file per version (a few MB at national scale, against 100M rows).

Comparing an upload with the store (which accounts are new, whose name or place changed) and the
rollup's first-seen dates read it instead of every stored row, so their cost follows the number of
accounts, not the years of history. It is written after every commit — from the previous version's
summary and the dates the commit wrote — and rebuilt from the rows when a version lacks it (a restore) or it
is damaged. Builds take the derive lock (see derived); a sidecar `v<N>.sha256` holds the file's checksum."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from pathlib import Path

import pyarrow.parquet as pq

from analytics import durable
from analytics.store import checksums, derived, staging, versions

SUMMARY_DIR = "accounts"
ATTRS = ("account_name", "province", "city", "level", "sector", "agency")
LATEST = (*ATTRS, "followers")
# Every name an account has had, sorted and joined by the unit separator (which validated names cannot
# hold), so that search finds an account by a former name with one substring test.
NAME_SEPARATOR = "\x1f"
COLUMNS = ("platform", "account_id", "first_seen", "last_seen", "last_post", "names", *LATEST)
_GROUPED = f"""
    SELECT platform, account_id, min(snapshot_date) AS first_seen, max(snapshot_date) AS last_seen,
           max(snapshot_date) FILTER (WHERE posts > 0) AS last_post,
           array_to_string(list_sort(list(DISTINCT account_name)), chr(31)) AS names,
           {", ".join(f"arg_max({c}, snapshot_date) AS {c}" for c in LATEST)}
    FROM read_parquet($files) WHERE snapshot_date BETWEEN $lo AND $hi GROUP BY platform, account_id
"""
# An append only adds later dates: first dates and names accumulate, last dates move on, and the
# attributes are those of the latest row, which the new dates hold for every account they contain.
_MERGE = f"""
    WITH r AS ({_GROUPED}),
         j AS (SELECT platform, account_id, o.first_seen AS o_first, o.last_seen AS o_last, r.first_seen AS r_first,
                      r.last_seen AS r_last, o.last_post AS o_post, r.last_post AS r_post, o.names AS o_names,
                      r.names AS r_names, r.last_seen IS NOT NULL AS newer,
                      {", ".join(f"o.{c} AS o_{c}, r.{c} AS r_{c}" for c in LATEST)}
               FROM read_parquet($previous) o FULL JOIN r USING (platform, account_id))
    SELECT platform, account_id, coalesce(o_first, r_first) AS first_seen, coalesce(r_last, o_last) AS last_seen,
           coalesce(r_post, o_post) AS last_post,
           CASE WHEN o_names IS NULL THEN r_names WHEN r_names IS NULL THEN o_names
                ELSE array_to_string(list_sort(list_distinct(list_concat(string_split(o_names, chr(31)),
                                                                         string_split(r_names, chr(31))))), chr(31)) END AS names
           {" ".join(f", CASE WHEN newer THEN r_{c} ELSE o_{c} END AS {c}" for c in LATEST)}
    FROM j
"""


def path(root: Path, version: int) -> Path:
    return Path(root) / SUMMARY_DIR / f"v{version:08d}.parquet"


def build(root: Path, version: int, files: list[str], changed: tuple[dt.date, dt.date] | None = None) -> Path:
    """Write the summary of `version`: merged from the previous version's when the commit only added
    dates after it (the weekly upload), otherwise from every row (a correction may remove a name)."""
    with derived.lock(root):
        return _build(root, version, files, changed)


def _build(root: Path, version: int, files: list[str], changed: tuple[dt.date, dt.date] | None) -> Path:
    target = path(root, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    previous = path(root, version - 1) if changed is not None and version > 0 else None
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    quoted = str(tmp).replace("'", "''")  # our own path, but a data dir may contain a quote
    everything = {"files": files, "lo": dt.date(1900, 1, 1), "hi": dt.date(2999, 12, 31)}
    with staging.connect(Path(root)) as con:
        sql, params = _GROUPED, everything
        if previous is not None and current(previous):
            end = con.execute("SELECT max(last_seen) FROM read_parquet($p)", {"p": str(previous)}).fetchall()[0][0]
            if end is not None and changed[0] > end:
                sql, params = _MERGE, {"files": files, "previous": str(previous), "lo": changed[0], "hi": changed[1]}
        con.execute(f"COPY ({sql} ORDER BY platform, account_id) TO '{quoted}' (FORMAT parquet, COMPRESSION zstd)",
                    params)
    _publish(tmp, target)
    _prune(target.parent, version)
    return target


def _publish(tmp: Path, target: Path) -> None:
    durable.replace(tmp, target)
    durable.write_text(_sidecar(target), json.dumps(checksums.entry(target)))


def _sidecar(summary: Path) -> Path:
    return summary.with_suffix(".sha256")


def carry(root: Path, old: int, new: int) -> bool:
    """Give version `new`, holding the same rows as `old`, old's summary; False when old has no sound one."""
    source, target = path(root, old), path(root, new)
    with derived.lock(root):
        if not current(source):
            return False
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        try:
            shutil.copyfile(source, tmp)
        except FileNotFoundError:
            return False
        _publish(tmp, target)
        _prune(target.parent, new)
        return True


def current(summary: Path) -> bool:
    """True when the file exists with every column this code writes (a summary written by an earlier
    release lacks some, and is rebuilt rather than merged or read)."""
    try:
        return set(COLUMNS) <= set(pq.read_schema(summary).names)
    except Exception:  # missing, or one of the several types pyarrow raises for a damaged footer
        return False


def damage(summary: Path, deep: bool = False) -> str | None:
    """What is wrong with the summary file: missing, unreadable, or (`deep`) not matching its checksum."""
    why = derived.problem(summary)
    if why is None and deep:
        try:
            want = json.loads(_sidecar(summary).read_text())
        except (FileNotFoundError, ValueError):
            return None
        if checksums.entry(summary) != want:
            return "checksum mismatch"
    return why


def ensure(root: Path, version: int, files: list[str]) -> Path:
    """The version's summary, built when missing, damaged (set aside first) or of an older layout; a second
    process meeting a build waits for it."""
    target = path(root, version)
    if current(target):
        return target
    with derived.lock(root):
        if current(target):
            return target
        why = damage(target)
        if why and why != "missing":
            derived.set_aside(root, target, why)
        derived.incident(root, "rebuilt", table=SUMMARY_DIR, version=version)
        return _build(root, version, files, None)


def _prune(folder: Path, version: int) -> None:
    versions.drop_older(folder, ".parquet", version)
    versions.drop_older(folder, ".sha256", version)
