"""Changing the snapshot table: checking and committing uploads, restoring a version, rewriting the files."""

from __future__ import annotations

from pathlib import Path

from analytics.access.roles import require_admin, require_analyst
from analytics.actions.base import Caller, Done, action
from analytics.posts import derived as post_derived
from analytics.posts.table import PostStore
from analytics.store import backup as backups
from analytics.store import ingest
from analytics.store import verify as checks
from analytics.store.table import CommitResult, Store


def file_details(prepared: ingest.Prepared) -> dict:
    """What the audit records of an upload: its name, sha256 and rows."""
    report = prepared.report
    return {"file": report.name, "sha256": report.sha256, "rows": report.rows}


def _pending(result: CommitResult) -> dict:
    """The audit's truth for a version that landed without its derived tables."""
    return {"derived": "pending", "reason": result.pending} if result.pending else {}


@action("upload")
def check_upload(caller: Caller, store: Store, name: str, data: bytes) -> ingest.Prepared:
    """Read and validate one file within the caller's scope (nothing is stored); a rejected file is recorded."""
    require_analyst(caller.actor)
    prepared = ingest.prepare(store, name, data, scope=caller.actor.scope)
    if prepared.report.ok:
        return Done(prepared, outcome=None)
    return Done(prepared, {**file_details(prepared), "problems": [p.en for p in prepared.report.problems][:5]}, "rejected")


@action("upload")
def commit_upload(caller: Caller, store: Store, prepared: ingest.Prepared) -> CommitResult:
    """Commit a validated file as a new version (only rows within the caller's scope)."""
    result = ingest.commit(store, prepared, caller.recorded)
    post_derived.follow(PostStore.beside(store), store, result.version)
    return Done(result, {**file_details(prepared), "version": result.version, **_pending(result)})


@action("restore")
def restore(caller: Caller, store: Store, version: int) -> CommitResult:
    result = ingest.restore(store, version, caller.recorded)
    post_derived.follow(PostStore.beside(store), store, result.version)
    return Done(result, {"restored": version, "version": result.version, **_pending(result)})


@action("optimize")
def optimize(caller: Caller, store: Store) -> CommitResult:
    result = ingest.optimize(store, caller.recorded)
    post_derived.follow(PostStore.beside(store), store, result.version)
    return Done(result, {"version": result.version, **_pending(result)})


@action("verify")
def verify(caller: Caller, store: Store, all_versions: bool = False, repair: bool = False) -> tuple[list, list[str]]:
    """Check every file of the current (or every kept) version; with `repair`, fix what needs no backup and
    check again. Returns (the problems left, what was repaired)."""
    require_admin(caller.actor)
    problems = checks.check(store, all_versions=all_versions)
    done = checks.repair(store, problems) if repair else []
    if done:
        problems = checks.check(store, all_versions=all_versions)
    return Done((problems, done), {"version": store.version(), "all_versions": all_versions, "problems": len(problems),
                                   "found": [p.en for p in problems][:5], "repaired": done})


@action("backup")
def backup(caller: Caller, store: Store, dest: Path, incremental: bool = False, secrets: Path | None = None) -> backups.Backup:
    require_admin(caller.actor)
    made = backups.backup(store, dest, incremental=incremental, secrets=secrets)
    return Done(made, {"folder": str(made.folder), "version": made.version, "files": len(made.files),
                       "copied": made.copied, "linked": made.linked})


@action("backup")
def restore_backup(caller: Caller, source: Path, data_dir: Path, secrets: Path | None = None) -> tuple[Path, int | None]:
    """Rebuild `data_dir` (new or empty) from a backup. Recorded in the caller's data directory: from the
    command line that is `data_dir` itself, so the restored audit log ends with its own restore."""
    require_admin(caller.actor)
    folder, version = backups.restore_backup(source, data_dir, secrets=secrets)
    return Done((folder, version), {"restored_from": str(folder), "into": str(data_dir), "version": version})
