"""Headline facts about the stored posts, over what the filters select."""

from __future__ import annotations

import datetime as dt

from analytics.posts.table import PostStore
from analytics.store import staging


def posts_stats(posts: PostStore, platform: str | None = None, account: tuple[str, str] | None = None,
                start: dt.date | None = None, end: dt.date | None = None) -> dict[str, object]:
    """Version, posts, accounts, first and last publication (Beijing time) and the totals of reads, likes,
    comments and shares; days are days of publication."""
    version = posts.version()
    out: dict[str, object] = {"version": version, "posts": 0, "accounts": 0, "first_published": None,
                              "last_published": None, "reads": 0, "likes": 0, "comments": 0, "shares": 0}
    if version is None:
        return out
    clauses, params = ["TRUE"], {"files": posts.files(version)}
    if platform:
        clauses.append("platform = $platform")
        params["platform"] = platform
    if account:
        clauses.append("platform = $acc_platform AND account_id = $acc_id")
        params.update(acc_platform=account[0], acc_id=account[1])
    if start:
        clauses.append("CAST(published_at AS DATE) >= $start")
        params["start"] = start
    if end:
        clauses.append("CAST(published_at AS DATE) <= $end")
        params["end"] = end
    with staging.connect(posts.root) as con:
        n, accounts, first, last, reads, likes, comments, shares = con.execute(f"""
            SELECT count(*), count(DISTINCT (platform, account_id)), min(published_at), max(published_at),
                   coalesce(sum(reads), 0), coalesce(sum(likes), 0), coalesce(sum(comments), 0), coalesce(sum(shares), 0)
            FROM read_parquet($files) WHERE {" AND ".join(clauses)}""", params).fetchall()[0]
    out.update(posts=int(n), accounts=int(accounts), reads=int(reads), likes=int(likes), comments=int(comments),
               shares=int(shares), first_published=first.isoformat(sep=" ") if first else None,
               last_published=last.isoformat(sep=" ") if last else None)
    return out
