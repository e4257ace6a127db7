"""A hand-sized corpus of posts beside hand-sized snapshots: every content view and the two-week rule with
exact times are worked out by hand from it in the tests."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from analytics.access.roles import ANALYST, Actor
from analytics.posts import ingest as post_ingest
from analytics.posts.table import PostStore
from analytics.store import ingest
from analytics.store.table import Store

W1, W2, W3 = dt.date(2024, 6, 26), dt.date(2024, 7, 3), dt.date(2024, 7, 10)  # weeks end on Wednesdays
ACCOUNTS = {  # key: platform, account_id, name, province, city
    "X": ("weibo", "x", "平安杭州", "浙江", "杭州"),
    "Y": ("douyin", "y", "共青团中央", "中央", None),
    "Z": ("wechat", "z", "太原发布", "山西", "太原"),
    "V": ("weibo", "v", "杭州交警", "浙江", "杭州"),
    "U": ("toutiao", "u", "山西应急", "山西", None),
}
# Snapshot posts per week: X, Y, Z agree with the posts below; V's W2 says 0 but V published there; U's W3
# says 1 but the posts hold nothing after W1.
SNAPSHOT_POSTS = {"X": (2, 1, 0), "Y": (0, 3, 1), "Z": (1, 0, 0), "V": (1, 0, 0), "U": (1, 0, 1)}
# key, post id, published_at as exported, title, reads, likes, comments, shares, kind, original
POSTS = (
    ("X", "x1", "2024-06-20 09:15", "营商环境 乡村振兴", 500, 40, 5, 5, "图文", "是"),
    ("X", "x2", "2024-06-25T16:30:00Z", "营商环境", 100, 10, 0, 0, "图片", "否"),  # Beijing: Wed 06-26 00:30
    ("X", "x3", "2024-06-28", "乡村振兴 乡村振兴 一网通办", 300, 30, 3, 3, "图文", ""),  # date only
    ("Y", "y1", "2024-07-01 20:00", "高质量发展", 150000, 9000, 500, 100, "视频", "是"),
    ("Y", "y2", "2024-07-02 20:30", "高质量发展 一网通办", 150000, 8000, 400, 50, "视频", "是"),  # ties y1 on reads
    ("Y", "y3", "2024-07-03 12:00", "营商环境", 90000, 100, 10, 10, "直播", "否"),
    ("Y", "y4", "2024-07-08 07:59", "乡村振兴", 1000, 10, 1, 1, "视频", ""),
    ("Z", "z1", "2024-06-21 10:00", "一网通办", 100000, 100, 10, 10, "图文", "是"),
    ("V", "v0", "2024-06-22 10:00", "平安建设", 20, 2, 0, 0, "图文", "是"),
    ("V", "v1", "2024-06-30 10:00", "平安建设", 50, 5, 1, 1, "图文", "否"),
    ("U", "u1", "2024-06-24 09:00", "消防安全", 80, 8, 0, 0, "图文", "是"),
)
URL = "https://example.gov.cn/{}"


def snapshots() -> pd.DataFrame:
    rows = []
    for key, (platform, account_id, name, province, city) in ACCOUNTS.items():
        for week, posts in zip((W1, W2, W3), SNAPSHOT_POSTS[key]):
            reads = sum(p[4] for p in POSTS if p[0] == key and _week(p[2]) == week)
            rows.append({"snapshot_date": week, "platform": platform, "account_id": account_id, "account_name": name,
                         "province": province, "city": city, "followers": 1000, "posts": posts, "reads": reads,
                         "likes": 0, "comments": 0, "shares": 0})
    return pd.DataFrame(rows)


def _beijing_day(text: str) -> dt.date:
    stamp = pd.Timestamp(text)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("Asia/Shanghai")
    return stamp.date()


def _week(text: str) -> dt.date:
    day = _beijing_day(text)
    return next(w for w in (W1, W2, W3) if w - dt.timedelta(days=6) <= day <= w)


def posts_frame(**overrides) -> pd.DataFrame:
    rows = [{"平台": ACCOUNTS[k][0], "账号ID": ACCOUNTS[k][1], "作品ID": pid, "发布时间": at, "标题": title,
             "阅读数": reads, "点赞数": likes, "评论数": comments, "转发数": shares, "作品类型": kind, "原创": original,
             "链接": URL.format(pid)}
            for k, pid, at, title, reads, likes, comments, shares, kind, original in POSTS]
    df = pd.DataFrame(rows)
    for column, value in overrides.items():
        df[column] = value
    return df


def csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8")


def build(root) -> tuple[Store, PostStore]:
    """A store holding the snapshots and the posts above, each committed once."""
    from factory import parquet_bytes

    store = Store(root)
    prepared = ingest.prepare(store, "snapshots.parquet", parquet_bytes(snapshots()))
    assert prepared.report.ok, prepared.report.text("en")
    ingest.commit(store, prepared, Actor("test", ANALYST))
    posts = PostStore.beside(store)
    checked = post_ingest.prepare(posts, store, "posts.csv", csv_bytes(posts_frame()))
    assert checked.report.ok, checked.report.text("en")
    post_ingest.commit(posts, checked, Actor("test", ANALYST))
    return store, posts
