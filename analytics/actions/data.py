"""Changing the snapshot table: checking and committing uploads, restoring a version, rewriting the files."""

from __future__ import annotations

from analytics.access.roles import require_analyst
from analytics.actions.base import Caller, Done, action
from analytics.store import ingest
from analytics.store.table import CommitResult, Store


def _file(prepared: ingest.Prepared) -> dict:
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
    return Done(prepared, {**_file(prepared), "problems": [p.en for p in prepared.report.problems][:5]}, "rejected")


@action("upload")
def commit_upload(caller: Caller, store: Store, prepared: ingest.Prepared) -> CommitResult:
    """Commit a validated file as a new version (only rows within the caller's scope)."""
    result = ingest.commit(store, prepared, caller.recorded)
    return Done(result, {**_file(prepared), "version": result.version, **_pending(result)})


@action("restore")
def restore(caller: Caller, store: Store, version: int) -> CommitResult:
    result = ingest.restore(store, version, caller.recorded)
    return Done(result, {"restored": version, "version": result.version, **_pending(result)})


@action("optimize")
def optimize(caller: Caller, store: Store) -> CommitResult:
    result = ingest.optimize(store, caller.recorded)
    return Done(result, {"version": result.version, **_pending(result)})
