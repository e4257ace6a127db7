"""Shared fixtures: an empty store, a store seeded with the bundled sample, and isolation of settings."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

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
        assert ingest.ensure_seeded(Store(root))
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


@pytest.fixture
def app_env(sample_store, monkeypatch):
    """AppTest runs against a private copy of the seeded sample store, with caches cleared."""
    import streamlit as st

    monkeypatch.setenv("GOVMEDIA_DATA_DIR", str(sample_store.root))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield sample_store
    st.cache_resource.clear()
    st.cache_data.clear()
