"""The metrics a view can show: how each aggregates over time, and its names.

Each code is also a column of the rollup (interactions = likes + comments + shares)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    code: str
    kind: str  # stock: value at the bucket's last snapshot; flow: summed; distinct: accounts counted once
    zh: str
    en: str

    def name(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


METRICS: dict[str, Metric] = {m.code: m for m in (
    Metric("followers", "stock", "粉丝数", "Followers"),
    Metric("accounts", "stock", "账号数", "Accounts"),
    Metric("active_accounts", "distinct", "活跃账号数", "Active accounts"),
    Metric("posts", "flow", "发文数", "Posts"),
    Metric("reads", "flow", "阅读/播放量", "Reads / plays"),
    Metric("interactions", "flow", "互动量", "Interactions"),
    Metric("likes", "flow", "点赞数", "Likes"),
    Metric("comments", "flow", "评论数", "Comments"),
    Metric("shares", "flow", "转发数", "Shares"),
)}
CODES = tuple(METRICS)
DEFAULT = "followers"
