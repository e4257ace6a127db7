"""The metrics a view can show: how each aggregates over time, and its names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    code: str
    kind: str  # stock: value at the bucket's last snapshot; flow: summed; distinct: accounts counted once
    zh: str
    en: str
    sql: str  # expression over snapshot rows

    def name(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


METRICS: dict[str, Metric] = {m.code: m for m in (
    Metric("followers", "stock", "粉丝数", "Followers", "followers"),
    Metric("accounts", "stock", "账号数", "Accounts", "1"),
    Metric("active_accounts", "distinct", "活跃账号数", "Active accounts", "(posts > 0)::INT"),
    Metric("posts", "flow", "发文数", "Posts", "posts"),
    Metric("reads", "flow", "阅读/播放量", "Reads / plays", "reads"),
    Metric("interactions", "flow", "互动量", "Interactions", "likes + comments + shares"),
    Metric("likes", "flow", "点赞数", "Likes", "likes"),
    Metric("comments", "flow", "评论数", "Comments", "comments"),
    Metric("shares", "flow", "转发数", "Shares", "shares"),
)}
CODES = tuple(METRICS)
DEFAULT = "followers"
