"""The 内容 page, the account page's works and the data page's posts upload, as people see them."""

from __future__ import annotations

import duckdb
import pandas as pd
from apptest import metrics, open_app, table
from factory import parquet_bytes
from test_app_data import signed_in

from analytics.posts.table import PostStore

SEED_WEEK = {"start": "2019-02-28", "end": "2019-03-06", "platform": "douyin"}


def test_first_start_shows_the_seed_weeks_top_works(app_read):
    at = open_app(SEED_WEEK, page="content")
    assert at.title[0].value == "内容"
    leaders = table(at, columns=("排名", "账号名称", "作品数"))
    assert list(leaders["账号名称"][:3]) == ["浙有正能量", "太原铁路公安在线", "深圳南山交警"]
    assert list(leaders["作品数"]) == [34, 30, 28, 27, 24, 22, 20, 19, 18, 18]
    assert leaders.iloc[0]["阅读/播放（亿）"] == 4.7
    summary = next(m.value for m in at.markdown if m.value.startswith("前 10 个账号共发布作品"))
    for figure in ("**240**", "**15.27亿**", "**6561万**", "**258万**", "**119万**"):
        assert figure in summary
    top = table(at, columns=("标题", "链接", "排名"))
    assert top.iloc[0]["账号名称"] == "浙有正能量" and list(top["排名"][:3]) == [1, 2, 3]
    assert all(u.startswith("https://www.douyin.com/video/") for u in top["链接"])
    shown = metrics(at)
    assert set(shown) == {"作品数", "发布账号", "阅读/播放", "互动量", "10万+ 作品", "原创占比"}
    assert any(m.value.startswith("**效果最好的时段：") for m in at.markdown)
    assert any(m.value.startswith("**本期关键词：") for m in at.markdown)


def test_the_content_page_in_english_and_by_default(app_read):
    at = open_app({"lang": "en"}, page="content")
    assert at.title[0].value == "Content"
    assert "Works" in metrics(at)
    default = open_app(page="content")
    works = table(default, columns=("平台", "发布账号"))
    assert int(works["作品数"].sum()) == 15790  # the week to 2026-06-24: every post its snapshots count


def test_the_account_page_lists_its_works(app_read):
    at = open_app({"account": "douyin:" + _account_id(app_read, "浙有正能量")}, page="account")
    works = table(at, columns=("发布时间", "标题", "链接"))
    assert len(works) == 20 and works["发布时间"].is_monotonic_decreasing
    assert any(m.value.startswith("**关键词：") for m in at.markdown)


def _account_id(store, name: str) -> str:
    from analytics.store import accounts

    v = store.version()
    return duckdb.execute("SELECT account_id FROM read_parquet($s) WHERE account_name = $n AND platform = 'douyin'",
                          {"s": str(accounts.ensure(store.root, v, store.files(v))), "n": name}).fetchall()[0][0]


def test_an_analyst_uploads_posts_sees_the_report_and_the_page_changes(app_env):
    at = signed_in()
    account = _account_id(app_env, "浙有正能量")
    rows = pd.DataFrame([{"平台": "抖音", "账号ID": account, "作品ID": f"new{i}", "发布时间": f"2026-06-2{i} 21:00",
                          "标题": "防汛救灾一线的坚守", "播放量": 900_000_000 + i, "点赞数": 10, "评论数": 1, "转发数": 1}
                         for i in (3, 4)])
    at.file_uploader(key="posts_uploader_0").set_value(("新作品.parquet", parquet_bytes(rows), "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    lines = "\n".join(m.value for m in at.markdown)
    assert "新增作品 2" in lines and "不一致" in lines  # its snapshots counted fewer posts that week
    assert len(at.dataframe) and any("快照发文数" in df.value.columns for df in at.dataframe)
    next(b for b in at.button if b.label.startswith("确认导入 1 个作品文件")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert PostStore.beside(app_env).version() == 1
    assert any("已提交为版本 1" in s.value for s in at.success)
    page = open_app({"platform": "douyin"}, page="content")
    top = table(page, columns=("标题", "链接", "排名"))
    assert list(top["账号名称"][:2]) == ["浙有正能量", "浙有正能量"] and list(top["发布时间"][:2]) == [
        "2026-06-24 21:00", "2026-06-23 21:00"]


def test_a_rejected_posts_file_names_its_problems(app_env):
    at = signed_in()
    rows = pd.DataFrame([{"平台": "抖音", "账号ID": "nobody", "作品ID": "x", "发布时间": "2026-06-23 21:00", "标题": "t",
                          "播放量": 1, "点赞数": 1, "评论数": 1, "转发数": 1, "链接": "javascript:alert(1)"}])
    at.file_uploader(key="posts_uploader_0").set_value(("bad.parquet", parquet_bytes(rows), "application/octet-stream")).run()
    problems = next(df.value for df in at.dataframe if "问题" in df.value.columns)
    assert set(problems["列"]) >= {"url"}
    assert PostStore.beside(app_env).version() == 0


def test_without_posts_the_page_says_how_to_get_them(app_env):
    import shutil

    shutil.rmtree(app_env.root / "posts")
    at = open_app(page="content")
    assert any("还没有作品数据" in i.value for i in at.info)
    assert not at.dataframe
