"""A first start with no data (seeding off, empty data directory): navigation works, every analysis page
shows what to do, the Data page signs an analyst in and commits the first upload, after which every page
works without a restart; a store restored to a version without rows is handled the same way."""

import datetime as dt

import pytest
import streamlit as st
from apptest import metrics, open_app
from deltalake import write_deltalake
from factory import make_rows, parquet_bytes

from analytics.access import credentials
from analytics.access.roles import ADMIN, ANALYST, Actor
from analytics.pages.registry import PAGES
from analytics.store import ingest, schema
from analytics.store.table import Store

PASSWORD = "correct horse battery"
ANALYSIS = [k for k, spec in PAGES.items() if spec.build]


@pytest.fixture
def empty_env(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVMEDIA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GOVMEDIA_SEED", "0")
    monkeypatch.setattr(credentials, "THROTTLE", credentials.Throttle())
    st.cache_resource.clear()
    st.cache_data.clear()
    yield tmp_path / "data"
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.mark.parametrize("page", ANALYSIS)
def test_every_page_explains_the_empty_store(empty_env, page):
    at = open_app({"province": "浙江"}, page=page)
    assert at.title[0].value == PAGES[page].zh
    assert any("还没有数据" in i.value for i in at.info)
    assert any("模板" in s.value for s in at.subheader)
    assert len(at.get("plotly_chart")) == 0


def test_the_root_link_opens_the_empty_overview(empty_env):
    at = open_app()
    assert at.title[0].value == "总览" and any("还没有数据" in i.value for i in at.info)


def test_english_empty_state(empty_env):
    at = open_app({"lang": "en"}, page="trends")
    assert at.title[0].value == "Trends" and any("There is no data yet" in i.value for i in at.info)


def test_analyst_uploads_the_first_file_and_every_page_works(empty_env):
    at = open_app(page="data")
    at.secrets["govmedia"] = {"passwords": {"王分析": credentials.hash_password(PASSWORD)}}
    at.run()
    assert any("还没有任何版本" in i.value for i in at.info)
    at.text_input(key="sign_in_name").input("王分析")
    at.text_input(key="sign_in_password").input(PASSWORD)
    next(b for b in at.button if "分析员登录" in b.label).click().run()
    rows = make_rows(weeks=3, start=dt.date(2026, 6, 10))
    at.file_uploader[0].set_value(("first.parquet", parquet_bytes(rows), "application/octet-stream")).run()
    next(b for b in at.button if b.label.startswith("确认导入")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已提交为版本 0" in s.value for s in at.success)
    accounts = rows.groupby("snapshot_date")["account_id"].nunique().iloc[-1]
    for page in ANALYSIS:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not any("还没有数据" in i.value for i in at.info), page
        assert at.title[0].value == PAGES[page].zh
    at.switch_page("pages/overview.py").run()
    assert metrics(at)["账号数"] == str(accounts)


def test_a_store_restored_to_no_rows_shows_the_empty_state(empty_env):
    store = Store.open()
    analyst = Actor("王分析", ANALYST)
    # A table initialised empty by other tooling: version 0 holds the schema and no rows.
    write_deltalake(str(store.table_path), schema.ARROW_SCHEMA.empty_table(), mode="error")
    ingest.commit(store, ingest.prepare(store, "week.parquet", parquet_bytes(make_rows(weeks=1))), analyst)
    ingest.restore(store, 0, Actor("王管理", ADMIN))
    assert store.version() == 2
    at = open_app(page="rankings")
    assert any("还没有数据" in i.value for i in at.info)
    at.switch_page("pages/data.py").run()
    assert not at.exception and at.title[0].value == "数据管理"
