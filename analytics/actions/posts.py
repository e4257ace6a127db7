"""Changing the posts table: checking and committing uploads of posts, restoring a posts version."""

from __future__ import annotations

from analytics.access.roles import require_analyst
from analytics.actions.base import Caller, Done, action
from analytics.actions.data import file_details
from analytics.posts import ingest
from analytics.posts.table import PostStore
from analytics.store.table import CommitResult, Store


@action("posts_upload")
def check_posts(caller: Caller, posts: PostStore, snapshots: Store, name: str, data: bytes) -> ingest.Prepared:
    """Read and validate one file of posts within the caller's scope (nothing is stored); a rejected file is recorded."""
    require_analyst(caller.actor)
    prepared = ingest.prepare(posts, snapshots, name, data, scope=caller.actor.scope)
    if prepared.report.ok:
        return Done(prepared, outcome=None)
    return Done(prepared, {**file_details(prepared), "problems": [p.en for p in prepared.report.problems][:5]}, "rejected")


@action("posts_upload")
def commit_posts(caller: Caller, posts: PostStore, prepared: ingest.Prepared) -> CommitResult:
    """Commit validated posts as a new version (only posts of accounts within the caller's scope)."""
    result = ingest.commit(posts, prepared, caller.recorded)
    pending = {"derived": "pending", "reason": result.pending} if result.pending else {}
    return Done(result, {**file_details(prepared), "version": result.version,
                         "mismatched_weeks": prepared.report.mismatch_weeks, **pending})


@action("posts_restore")
def restore_posts(caller: Caller, posts: PostStore, version: int) -> CommitResult:
    result = ingest.restore(posts, version, caller.recorded)
    return Done(result, {"restored": version, "version": result.version})
