"""A first start on an empty data directory: the bundled sample snapshots, then the sample posts."""

from __future__ import annotations

from pathlib import Path

from analytics.posts import ingest as post_ingest
from analytics.posts.table import PostStore
from analytics.store import ingest
from analytics.store.table import Store


def ensure_seeded(store: Store, sample_dir: Path | None = None) -> bool:
    """Seed an empty store with the sample snapshots and posts; True when the snapshots were loaded now."""
    seeded = ingest.ensure_seeded(store, sample_dir)
    post_ingest.ensure_seeded(PostStore.beside(store), store, sample_dir)
    return seeded
