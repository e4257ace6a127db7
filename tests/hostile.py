"""Names that try every markup trick, and the rows that carry them into a store."""

import datetime as dt

from factory import make_rows, parquet_bytes

from analytics.access.roles import ANALYST, Actor
from analytics.store import ingest
from analytics.store.table import Store

HOSTILE = [
    "<b>BOLD</b><a href=\"https://example.invalid/x\">LINK</a>",
    "<span style=\"font-size:80px\">巨</span>",
    "[点此重新登录](https://example.invalid/login)",
    "![p](http://127.0.0.1:9/p.png)",
    ":red[伪造警告] **粗体** `code` $x$",
    "https://example.invalid/phish.csv www.example.invalid a@example.invalid",
    "名称\u202egnp.exe",
    "第一行\n第二行\r\n# 标题",
    "&lt;b&gt;实体&lt;/b&gt; &amp;",
]


def add_hostile_rows(store: Store) -> None:
    """Three weeks of accounts named from HOSTILE (in 浙江 on 抖音 and 山西 on 微博), under a file name
    that is itself markup, with reads large enough to top the rankings."""
    accounts = [("douyin", f"h{i}", name, "浙江", name[:30], "municipal", name[:30]) for i, name in enumerate(HOSTILE)]
    accounts += [("weibo", f"w{i}", name, "山西", "太原", "county", "公安") for i, name in enumerate(HOSTILE)]
    rows = make_rows(weeks=3, start=dt.date(2026, 6, 10), accounts=accounts)
    rows["reads"] = rows["reads"] * 10**5
    prepared = ingest.prepare(store, "<b>x</b>[链接](https://example.invalid).parquet", parquet_bytes(rows))
    assert prepared.report.ok, prepared.report.text("en")
    ingest.commit(store, prepared, Actor("t", ANALYST))
    add_hostile_posts(store, accounts)


def add_hostile_posts(store: Store, accounts: list) -> None:
    """A post of every hostile account a day, titled and written in the same tricks, read enough to top the
    content page; links that pass ingest (http(s) only) and still try to break out of an attribute."""
    import pandas as pd

    from analytics.posts import ingest as post_ingest
    from analytics.posts.table import PostStore

    rows = []
    for n, (platform, account_id, name, *_rest) in enumerate(accounts):
        for day in range(3):
            at = dt.datetime(2026, 6, 18 + day, 8 + n % 12, 30)
            rows.append({"platform": platform, "account_id": account_id, "post_id": f"{account_id}-{day}",
                         "published_at": at.strftime("%Y-%m-%d %H:%M"), "title": HOSTILE[n % len(HOSTILE)],
                         "text": name + " " + HOSTILE[(n + 1) % len(HOSTILE)], "reads": 10**8 + n, "likes": 10, "comments": 1,
                         "shares": 1, "kind": "视频", "url": f"https://example.invalid/p/{account_id}?a=1&b={day}"})
    posts = PostStore.beside(store)
    prepared = post_ingest.prepare(posts, store, "<i>posts</i>.parquet", parquet_bytes(pd.DataFrame(rows)))
    assert prepared.report.ok, prepared.report.text("en")
    post_ingest.commit(posts, prepared, Actor("t", ANALYST))
