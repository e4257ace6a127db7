"""Uploads of posts: every problem named, corrections and counted_at, unknown accounts, scope, versions."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import posts_data as pdata
import pytest
from factory import parquet_bytes

from analytics.access.roles import ADMIN, ANALYST, Actor
from analytics.access.scope import Scope
from analytics.errors import PermissionDenied
from analytics.posts import ingest
from analytics.posts.table import PostStore
from analytics.store import ingest as snapshot_ingest
from analytics.store.table import Store

ANALYST_ACTOR = Actor("analyst", ANALYST)


@pytest.fixture
def stores(tmp_path):
    store = Store(tmp_path / "data")
    prepared = snapshot_ingest.prepare(store, "s.parquet", parquet_bytes(pdata.snapshots()))
    snapshot_ingest.commit(store, prepared, ANALYST_ACTOR)
    return store, PostStore.beside(store)


def check(stores, df: pd.DataFrame, name: str = "posts.csv", scope: Scope | None = None, today=None) -> ingest.Prepared:
    store, posts = stores
    data = pdata.csv_bytes(df) if name.endswith(".csv") else parquet_bytes(df)
    return ingest.prepare(posts, store, name, data, today=today, **({"scope": scope} if scope else {}))


def codes(prepared: ingest.Prepared) -> dict[str, tuple]:
    return {(p.code, p.column): p.rows for p in prepared.report.problems}


def test_a_valid_file_commits_and_the_same_file_twice_is_a_no_op(stores):
    store, posts = stores
    prepared = check(stores, pdata.posts_frame())
    assert prepared.report.ok and prepared.report.rows == 11 and prepared.report.accounts == 5
    assert prepared.report.posts_impact.posts_new == 11
    result = ingest.commit(posts, prepared, ANALYST_ACTOR)
    assert result.version == 0 and result.rows_added == 11
    again = check(stores, pdata.posts_frame())
    assert again.report.already_committed_in == 0 and again.report.nothing_to_do
    assert ingest.commit(posts, again, ANALYST_ACTOR).nothing_to_do
    assert posts.version() == 0


def test_every_problem_is_named_with_rows(stores):
    df = pdata.posts_frame()
    df.loc[1, "发布时间"] = "next tuesday"
    df.loc[2, "链接"] = "javascript:alert(1)"
    df.loc[3, "阅读数"] = -5
    df.loc[4, "标题"] = None
    df.loc[5, "作品类型"] = "动画"
    df.loc[6, "原创"] = "也许"
    df.loc[7, "作品ID"] = df.loc[0, "作品ID"]
    df.loc[8, "平台"] = "myspace"
    df.loc[9, "发布时间"] = "2030-01-01 08:00"
    found = codes(check(stores, df, today=dt.date(2024, 7, 11)))
    assert found[("bad_moment", "published_at")] == (2,)
    assert found[("bad_url", "url")] == (3,)
    assert found[("negative", "reads")] == (4,)
    assert found[("no_title_or_text", "title")] == (5,)
    assert found[("unknown_value", "kind")] == (6,)
    assert found[("bad_flag", "is_original")] == (7,)
    assert found[("unknown_value", "platform")] == (9,)
    assert found[("date_range", "published_at")] == (10,)


def test_duplicate_keys_and_missing_columns(stores):
    df = pdata.posts_frame()
    df.loc[7, "作品ID"] = df.loc[0, "作品ID"]
    df.loc[7, "平台"] = df.loc[0, "平台"]
    df.loc[7, "账号ID"] = df.loc[0, "账号ID"]
    assert codes(check(stores, df))[("duplicate_key", "post_id")] == (8,)
    found = codes(check(stores, pdata.posts_frame().drop(columns=["标题", "作品ID"])))
    assert ("missing_column", "post_id") in found
    report = check(stores, pdata.posts_frame().drop(columns=["标题"])).report
    assert any(p.code == "missing_column" and p.column == "title" for p in report.problems)


def test_text_longer_than_the_limit_is_a_problem(stores):
    df = pdata.posts_frame()
    df["正文"] = "短文"
    df.loc[2, "正文"] = "长" * 100_001
    found = codes(check(stores, df))
    assert found[("too_long", "text")] == (3,)
    df.loc[2, "正文"] = "长" * 100_000
    assert check(stores, df).report.ok


def test_times_with_zones_and_dates_alone(stores):
    store, posts = stores
    prepared = check(stores, pdata.posts_frame())
    ingest.commit(posts, prepared, ANALYST_ACTOR)
    import duckdb

    rows = dict(((pid, (at, known)) for pid, at, known in duckdb.execute(
        "SELECT post_id, published_at, time_known FROM read_parquet($f)", {"f": posts.files()}).fetchall()))
    assert rows["x2"] == (dt.datetime(2024, 6, 26, 0, 30), True)  # 16:30Z is half past midnight in Beijing
    assert rows["x3"] == (dt.datetime(2024, 6, 28), False)
    assert rows["x1"] == (dt.datetime(2024, 6, 20, 9, 15), True)


def test_posts_of_unknown_accounts_are_rejected_by_account(stores):
    df = pdata.posts_frame()
    df.loc[0, "账号ID"] = "nobody"
    df.loc[1, "账号ID"] = "nobody"
    report = check(stores, df).report
    problem = next(p for p in report.problems if p.code == "unknown_account")
    assert "微博:nobody（2 条）" in problem.zh and "Weibo:nobody (2)" in problem.en
    assert problem.count == 2 and problem.rows == (1,)


def test_a_scoped_analyst_cannot_upload_another_provinces_posts(stores):
    zhejiang = Scope(provinces=("浙江",))
    report = check(stores, pdata.posts_frame(), scope=zhejiang).report
    problem = next(p for p in report.problems if p.code == "outside_scope")
    assert "抖音:y" in problem.zh and "微信:z" in problem.zh and "微博:x" not in problem.zh
    own = pdata.posts_frame()
    own = own[own["账号ID"].isin(["x", "v"])]
    prepared = check(stores, own, scope=zhejiang)
    assert prepared.report.ok
    result = ingest.commit(stores[1], prepared, Actor("zj", ANALYST, zhejiang))
    assert result.rows_added == 5


def test_a_post_stored_under_another_provinces_account_cannot_be_moved_in(stores):
    store, posts = stores
    ingest.commit(posts, check(stores, pdata.posts_frame()), ANALYST_ACTOR)
    moved = pdata.posts_frame().iloc[[7]].copy()  # z1 of 山西's z, re-uploaded as 浙江's v
    moved["账号ID"] = "v"
    moved["平台"] = "wechat"
    report = check(stores, moved.assign(**{"平台": "wechat"}), scope=Scope(provinces=("浙江",))).report
    assert any(p.code in ("outside_scope", "unknown_account") for p in report.problems)


def test_corrections_replace_and_counted_at_decides(stores):
    store, posts = stores
    first = pdata.posts_frame().assign(统计日期="2024-07-10")
    ingest.commit(posts, check(stores, first), ANALYST_ACTOR)
    later = first.iloc[[0, 1]].copy()
    later["阅读数"] = [900, 800]
    later["统计日期"] = ["2024-07-17", "2024-07-03"]  # x1 read again later; x2's counts are older than stored
    prepared = check(stores, later)
    impact = prepared.report.posts_impact
    assert (impact.posts_replaced, impact.posts_stale, impact.stale_rows) == (1, 1, (2,))
    assert "已忽略" in prepared.report.text("zh") and "Ignored" in prepared.report.text("en")
    result = ingest.commit(posts, prepared, ANALYST_ACTOR)
    assert (result.rows_added, result.rows_replaced) == (0, 1)
    import duckdb

    reads = dict(duckdb.execute("SELECT post_id, reads FROM read_parquet($f)", {"f": posts.files()}).fetchall())
    assert reads["x1"] == 900 and reads["x2"] == 100 and len(reads) == 11


def test_versions_restore_and_who_may(stores):
    store, posts = stores
    ingest.commit(posts, check(stores, pdata.posts_frame().iloc[:5]), ANALYST_ACTOR)
    ingest.commit(posts, check(stores, pdata.posts_frame().iloc[5:]), ANALYST_ACTOR)
    assert [h.version for h in posts.history()] == [1, 0]
    with pytest.raises(PermissionDenied):
        ingest.restore(posts, 0, ANALYST_ACTOR)
    result = ingest.restore(posts, 0, Actor("admin", ADMIN))
    assert result.version == 2
    import duckdb

    assert duckdb.execute("SELECT count(*) FROM read_parquet($f)", {"f": posts.files()}).fetchall()[0][0] == 5
    # Restored away, the second file's rows can come in again.
    assert not check(stores, pdata.posts_frame().iloc[5:]).report.nothing_to_do


def test_the_report_notes_weeks_that_disagree(stores):
    report = check(stores, pdata.posts_frame()).report
    assert (report.compared_weeks, report.mismatch_weeks) == (15, 2)
    listed = {(m.account_id, m.week_end, m.snapshot_posts, m.counted_posts) for m in report.mismatches}
    assert listed == {("v", pdata.W2, 0, 1), ("u", pdata.W3, 1, 0)}
    assert "不一致" in report.text("zh") and "disagree" in report.text("en")
    agreeing = pdata.posts_frame()
    agreeing = agreeing[agreeing["账号ID"].isin(["x", "y", "z"])]
    report = check(stores, agreeing).report
    assert report.mismatch_weeks == 0 and report.compared_weeks == 9


def test_a_parquet_file_with_typed_columns(stores):
    df = pdata.posts_frame().rename(columns={"发布时间": "published_at"})
    df["published_at"] = pd.to_datetime(df["published_at"].str.slice(0, 16).str.replace("T", " "), format="mixed")
    prepared = check(stores, df, name="posts.parquet")
    assert prepared.report.ok, prepared.report.text("en")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.gov.cn/x", "https://x/\"><script>", "data:text/html,hi",
                                 "https://a b", "//example.gov.cn/x"])
def test_links_other_than_plain_web_addresses_are_problems_by_row(stores, url):
    df = pdata.posts_frame()
    df.loc[4, "链接"] = url
    assert codes(check(stores, df))[("bad_url", "url")] == (5,)


def test_blank_links_are_missing_not_wrong(stores):
    df = pdata.posts_frame()
    df.loc[4, "链接"] = "  "
    assert check(stores, df).report.ok
