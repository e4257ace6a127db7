"""The one convention by which SQL names what it reads: `read_parquet($files)` (the version's rows),
`read_parquet($rollup)` (its rollup), `read_parquet($accounts)` (its account summary), and of the posts
table `read_parquet($posts)` (the post index: posts with their account's place) and
`read_parquet($post_terms)` (each post's words).

Every place that rewrites or binds a source goes through this module: the scope wraps each source, the
backends bind or replace it. A source named any other way (`read_parquet($files, filename = true)`, a bare
`$rollup`) could be bound without being scoped, so it is refused: the scope fails closed."""

from __future__ import annotations

import re
from collections.abc import Callable

from analytics.errors import UnscopedSourceError

NAMES = ("files", "rollup", "accounts", "posts", "post_terms")
POSTS = ("posts", "post_terms")
_WRAPPED = re.compile(r"read_parquet\(\$(files|rollup|accounts|posts|post_terms)\)")
_ANY = re.compile(r"\$(files|rollup|accounts|posts|post_terms)\b")


def used(sql: str) -> tuple[str, ...]:
    """The sources `sql` reads, in the order of NAMES."""
    found = set(_WRAPPED.findall(sql))
    return tuple(n for n in NAMES if n in found)


def replace(sql: str, by: Callable[[str], str]) -> str:
    """`sql` with every `read_parquet($name)` replaced by `by(name)`, after checking that no source is
    named any other way."""
    check(sql)
    return _WRAPPED.sub(lambda m: by(m.group(1)), sql)


def check(sql: str) -> None:
    stray = _ANY.findall(_WRAPPED.sub("", sql))
    if stray:
        raise UnscopedSourceError(
            f"查询以不受支持的方式读取数据源 ${stray[0]}，已拒绝执行",
            f"the query reads the source ${stray[0]} other than as read_parquet(${stray[0]}): refused, "
            "since the reader's scope could not be applied to it")
