"""The posts table's columns: one row per post, key (platform, post_id), with the header aliases real
exports use (发布时间, 标题, 正文, 链接, 阅读数/播放量, 原创, 作品类型…)."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics.store import moments
from analytics.store.report import FileReport
from analytics.store.schema import Column, Spec
from analytics.vocab import platforms

KEY = ("platform", "post_id")
MAX_TITLE_CHARS = 1_000
MAX_TEXT_CHARS = 100_000
TEN_WAN = 100_000  # a 10万+ work: 100,000 reads or more (WeChat's cap shows as 100001)

COLUMNS: tuple[Column, ...] = (
    Column("platform", "code", True, "平台", ("平台", "平台名称", "渠道")),
    Column("account_id", "text", True, "账号ID", ("账号id", "账号编号", "作者id", "公众号id", "微信号", "抖音号")),
    Column("post_id", "text", True, "作品ID", ("作品id", "文章id", "微博id", "视频id", "内容id", "作品编号", "文章编号", "mid")),
    Column("published_at", "timestamp", True, "发布时间", ("发布时间", "发文时间", "发布日期", "发表时间", "推送时间", "创建时间")),
    Column("title", "text", False, "标题", ("标题", "文章标题", "作品标题", "视频标题"), max_chars=MAX_TITLE_CHARS),
    Column("text", "text", False, "正文", ("正文", "内容", "微博正文", "文案", "作品描述", "描述"), max_chars=MAX_TEXT_CHARS),
    Column("reads", "count", True, "阅读数", ("阅读数", "播放量", "阅读量", "播放数", "浏览量", "阅读/播放", "阅读播放")),
    Column("likes", "count", True, "点赞数", ("点赞数", "点赞量", "点赞")),
    Column("comments", "count", True, "评论数", ("评论数", "评论量", "评论")),
    Column("shares", "count", True, "转发数", ("转发数", "分享数", "转发量", "分享", "转发")),
    Column("kind", "code", False, "作品类型", ("作品类型", "类型", "内容类型", "发布类型")),
    Column("url", "url", False, "链接", ("链接", "原文链接", "作品链接", "文章链接", "网址")),
    Column("watching", "count", False, "在看数", ("在看数", "在看")),
    Column("is_original", "flag", False, "原创", ("原创", "是否原创")),
    Column("duration_s", "count", False, "时长（秒）", ("时长", "时长秒", "视频时长", "时长(秒)")),
    Column("counted_at", "date", False, "统计日期", ("统计日期", "数据日期", "采集日期", "统计时间")),
)
SPEC = Spec(COLUMNS, KEY, derived=((moments.TIME_KNOWN, pa.bool_()),))
ARROW_SCHEMA = SPEC.arrow
NAMES = tuple(f.name for f in ARROW_SCHEMA)
COUNTS = ("reads", "likes", "comments", "shares")


def check_rows(c, converted: dict[str, pa.Array]) -> dict[str, pa.Array]:
    """A post says something: a title or a text, at least one of them."""
    n = c.n_rows
    if "title" not in converted and "text" not in converted:
        c.add("missing_column", "title", "缺少标题或正文列（至少需要一列：title / 标题 或 text / 正文）",
              "neither a title nor a text column (at least one is required: title / 标题 or text / 正文)")
        return {}
    if any(name in converted and converted[name] is None for name in ("title", "text")):
        return {}  # a column that failed its own checks (too long) says nothing of emptiness
    title = converted.get("title", pa.nulls(n, pa.string()))
    text = converted.get("text", pa.nulls(n, pa.string()))
    empty = pc.and_(pc.is_null(title), pc.is_null(text))
    c.add("no_title_or_text", "title", "标题和正文都为空（至少需要一项）", "both title and text are empty (one is required)",
          np.asarray(pc.fill_null(empty, False).to_numpy(zero_copy_only=False), dtype=bool))
    return {}


def describe(report: FileReport, con: duckdb.DuckDBPyConnection, out) -> None:
    lo, hi = con.execute("SELECT min(published_at), max(published_at) FROM read_parquet($out)", {"out": str(out)}).fetchall()[0]
    report.first_date, report.last_date = lo.date().isoformat(), hi.date().isoformat()
    counts = dict(con.execute("SELECT platform, count(*) FROM read_parquet($out) GROUP BY 1", {"out": str(out)}).fetchall())
    report.platforms = {code: counts[code] for code in platforms.CODES if code in counts}
