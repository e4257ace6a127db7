"""Names are data: shown literally through Markdown and in presentation HTML."""

import html

import pytest

from analytics.output import inert


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "*粗体*", "[点我](http://x)", "# 标题", "`code`", "$x$"])
def test_markdown_characters_are_escaped(name):
    escaped = inert.markdown(name)
    assert all(f"\\{ch}" in escaped for ch in set(name) if ch in "<>*[]()#`$")
    assert escaped.replace("\\", "").replace(inert.WORD_JOINER, "") == name


def test_presentation_escapes_names(app_env):
    import datetime as dt

    from apptest import open_app
    from factory import make_rows, parquet_bytes

    from analytics.access.roles import ANALYST, Actor
    from analytics.store import ingest

    rows = make_rows(weeks=1, start=dt.date(2026, 7, 1), accounts=[
        ("douyin", "evil", "<img src=x onerror=alert(1)>", "浙江", "杭州", "municipal", "公安")])
    rows["reads"] = 10**9
    ingest.commit(app_env, ingest.prepare(app_env, "evil.parquet", parquet_bytes(rows)), Actor("t", ANALYST))
    at = open_app({"present": "1", "platform": "douyin"}, page="rankings")
    text = " ".join(m.value for m in at.markdown)
    assert html.escape("<img src=x onerror=alert(1)>") in text and "<img src=x" not in text
