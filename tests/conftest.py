"""Shared fixtures: an empty store, a store seeded with the bundled sample, and isolation of settings."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from analytics import seeding  # noqa: E402
from analytics.access.roles import ANALYST, Actor
from analytics.store import ingest  # noqa: E402
from analytics.store.table import Store  # noqa: E402


@pytest.fixture(autouse=True)
def _no_implicit_seed(monkeypatch, tmp_path):
    monkeypatch.setenv("GOVMEDIA_SEED", "0")
    monkeypatch.setenv("GOVMEDIA_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "data")


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("seeded") / "data"
    import os

    previous = os.environ.get("GOVMEDIA_SEED")
    os.environ["GOVMEDIA_SEED"] = "1"
    try:
        assert seeding.ensure_seeded(Store(root))
    finally:
        if previous is None:
            os.environ.pop("GOVMEDIA_SEED")
        else:
            os.environ["GOVMEDIA_SEED"] = previous
    return root


@pytest.fixture
def sample_store(_seeded_template, tmp_path) -> Store:
    """A private copy of the store seeded with sample_data/, safe to change."""
    root = tmp_path / "data"
    shutil.copytree(_seeded_template, root)
    return Store(root)


@pytest.fixture(scope="session")
def small_engine(tmp_path_factory):
    """An engine over views_data: every view result in the tests is computed by hand from it."""
    import views_data
    from factory import parquet_bytes

    from analytics.query.engine import Engine

    store = Store(tmp_path_factory.mktemp("small") / "data")
    prepared = ingest.prepare(store, "small.parquet", parquet_bytes(views_data.frame()))
    assert prepared.report.ok, prepared.report.text("en")
    ingest.commit(store, prepared, Actor("test", ANALYST))
    return Engine(store)


_app_points_at: list[Path | None] = [None]


def _point_app_at(root: Path, monkeypatch, keep: bool) -> None:
    """The app's one engine is cached for the process; it is rebuilt only when the data changes
    under it, so read-only tests on one template share a warm engine and its result cache."""
    import streamlit as st

    monkeypatch.setenv("GOVMEDIA_DATA_DIR", str(root))
    if not keep or _app_points_at[0] != root:
        st.cache_resource.clear()
        st.cache_data.clear()
    _app_points_at[0] = root if keep else None


def _listing(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def app_env(sample_store, monkeypatch):
    """AppTest runs against a private copy of the seeded sample store, with caches cleared."""
    _point_app_at(sample_store.root, monkeypatch, keep=False)
    yield sample_store
    _point_app_at(sample_store.root, monkeypatch, keep=False)


def _read_only(template: Path, monkeypatch):
    before = _listing(template)
    _point_app_at(template, monkeypatch, keep=True)
    yield Store(template)
    assert _listing(template) == before, "a test on a shared read-only store wrote to it: use app_env"


@pytest.fixture
def app_read(_seeded_template, monkeypatch):
    """AppTest on the seeded sample itself, shared by every read-only test of the session (no copy,
    engine kept warm); a test that writes fails at teardown."""
    yield from _read_only(_seeded_template, monkeypatch)


@pytest.fixture(scope="session")
def _hostile_template(_seeded_template, tmp_path_factory) -> Path:
    from hostile import add_hostile_rows

    root = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(_seeded_template, root)
    add_hostile_rows(Store(root))
    return root


@pytest.fixture
def app_hostile(_hostile_template, monkeypatch):
    """AppTest, read-only, on the sample plus accounts whose names try every markup trick."""
    yield from _read_only(_hostile_template, monkeypatch)


@pytest.fixture(scope="session")
def hostile_only(tmp_path_factory) -> Store:
    """A store holding only the hostile accounts, built once per session; read it, never write."""
    from hostile import add_hostile_rows

    store = Store(tmp_path_factory.mktemp("hostile-only") / "data")
    add_hostile_rows(store)
    return store
