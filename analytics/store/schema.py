"""The snapshot table's columns: types, which are required, and the header aliases uploads may use; `Spec`
is the shape any uploaded table shares (the posts table has its own, in analytics.posts.schema)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pyarrow as pa

from analytics.vocab.text import fold


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # date | text | code | count | days | timestamp | flag | url
    required: bool
    zh: str
    aliases: tuple[str, ...] = ()
    max_chars: int = 0  # text only; 0: the snapshot table's limits (MAX_NAME_CHARS, MAX_TEXT_CHARS)


_ARROW_TYPES = {"date": pa.date32(), "text": pa.string(), "code": pa.string(), "count": pa.int64(), "days": pa.int32(),
                "timestamp": pa.timestamp("us"), "flag": pa.bool_(), "url": pa.string()}


@dataclass(frozen=True)
class Spec:
    """An uploadable table: its columns in stored order, its key, and the stored columns no upload names
    (filled by the validator from others)."""

    columns: tuple[Column, ...]
    key: tuple[str, ...]
    derived: tuple[tuple[str, pa.DataType], ...] = ()

    @cached_property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @cached_property
    def arrow(self) -> pa.Schema:
        fields = [pa.field(c.name, _ARROW_TYPES[c.kind], nullable=not c.required) for c in self.columns]
        return pa.schema([*fields, *(pa.field(n, t, nullable=False) for n, t in self.derived)])

    def canonical_header(self, header: str) -> str | None:
        folded = fold(header)
        for c in self.columns:
            if any(fold(a) == folded for a in (c.name, c.zh, *c.aliases)):
                return c.name
        return None


KEY = ("platform", "account_id", "snapshot_date")

COLUMNS: tuple[Column, ...] = (
    Column("snapshot_date", "date", True, "统计日期", ("日期", "统计日期", "快照日期", "date")),
    Column("platform", "code", True, "平台", ("平台", "平台名称")),
    Column("account_id", "text", True, "账号ID", ("账号id", "账号编号", "id")),
    Column("account_name", "text", True, "账号名称", ("账号名称", "账号名", "名称", "name")),
    Column("province", "code", True, "省份", ("省份", "省", "地区", "省级行政区", "region")),
    Column("city", "text", False, "地市", ("地市", "城市", "市")),
    Column("level", "code", False, "层级", ("层级", "级别", "行政级别")),
    Column("sector", "text", False, "行业", ("行业", "系统", "行业系统", "部门类别")),
    Column("agency", "text", False, "运营主体", ("运营主体", "主办单位", "开办主体", "单位")),
    Column("followers", "count", True, "粉丝数", ("粉丝数", "关注数", "订阅数", "粉丝")),
    Column("posts", "count", True, "发文数", ("发文数", "发博数", "作品数", "发布数")),
    Column("reads", "count", True, "阅读数", ("阅读数", "播放量", "浏览量", "阅读量", "播放数")),
    Column("likes", "count", True, "点赞数", ("点赞数", "点赞量")),
    Column("comments", "count", True, "评论数", ("评论数", "评论量")),
    Column("shares", "count", True, "转发数", ("转发数", "分享数", "转发量")),
    Column("watching", "count", False, "在看数", ("在看数", "在看")),
    Column("headline_reads", "count", False, "头条阅读数", ("头条阅读", "头条阅读数")),
    Column("max_reads", "count", False, "单篇最高阅读", ("单篇最高阅读", "最高阅读数")),
    Column("period_days", "days", False, "统计天数", ("统计天数", "周期天数")),
)
BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
NAMES: tuple[str, ...] = tuple(BY_NAME)
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
COUNTS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind == "count")
DEFAULT_PERIOD_DAYS = 7
MAX_NAME_CHARS = 200
MAX_TEXT_CHARS = 100
WECHAT_CAPPED_READS = 100001  # WeChat shows "10万+" above 100000 reads; exports write 100001

SNAPSHOTS = Spec(COLUMNS, KEY)
ARROW_SCHEMA = SNAPSHOTS.arrow

# pandas writes its index under this name; it is dropped without a mention.
SILENT_EXTRA = frozenset({"__index_level_0__"})

_HEADERS: dict[str, str] = {}
for _c in COLUMNS:
    for _a in (_c.name, _c.zh, *_c.aliases):
        _HEADERS[fold(_a)] = _c.name


def canonical_header(header: str) -> str | None:
    return _HEADERS.get(fold(header))
