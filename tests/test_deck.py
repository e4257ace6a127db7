"""Slides of every page, and their takeaways computed from the data."""

import datetime as dt

import pytest
import views_data as vd

from analytics.output import takeaways
from analytics.pages import render
from analytics.pages.link import Link
from analytics.pages.registry import BRIEFING, PAGES
from analytics.query.filters import Filters


# The small data set holds no posts: the content page's slides are tested over the posts corpus below.
@pytest.mark.parametrize("page", sorted(k for k, spec in PAGES.items() if spec.build and k != "content"))
def test_every_page_has_titled_slides(small_engine, page):
    d = render.deck(small_engine, page, Link(account="weibo:a"))
    assert d.slides and all(s.title and (s.figure.data or s.figure.layout.annotations) for s in d.slides)
    assert d.cutoff == vd.W4 and d.version == 0 and "2023-06-28 – 2024-07-10" in d.filters
    assert all("数据来源" in s.notes for s in d.slides)


def test_content_slides_over_posts(tmp_path):
    import posts_data as pdata

    from analytics.query.engine import Engine

    store, _ = pdata.build(tmp_path / "data")
    d = render.deck(Engine(store), "content", Link(filters=Filters(start=dt.date(2024, 6, 27), end=pdata.W2)))
    titles = [s.title for s in d.slides]
    assert titles[0].startswith("本期发布概况") and any(t.startswith("微博热门作品") for t in titles)
    assert all(s.title and (s.figure.data or s.figure.layout.annotations) for s in d.slides)


def test_a_page_without_posts_has_no_content_slides(small_engine):
    assert render.deck(small_engine, "content", Link()).slides == []


def test_data_page_has_no_slides(small_engine):
    assert render.deck(small_engine, "data", Link()).slides == []


def test_rankings_slides_name_the_index_formula(small_engine):
    d = render.deck(small_engine, "rankings", Link(filters=Filters(start=dt.date(2024, 6, 27), end=vd.W3)))
    weibo = next(s for s in d.slides if s.title.startswith("微博"))
    assert "BCI V1.0" in weibo.notes and "ln(X1+1)" in weibo.notes
    assert weibo.takeaway.startswith("微博榜首：杭州公安（BCI")


def test_english_deck(small_engine):
    d = render.deck(small_engine, "overview", Link(lang="en"))
    assert d.title == "Overview" and d.slides[1].title == "Followers by platform"
    assert "All regions and platforms" in d.filters


def test_briefing_pages_in_order(small_engine):
    seen = []
    decks = render.briefing(small_engine, Link(), progress=lambda page, i, n: seen.append((page, i, n)))
    assert [d.page for d in decks] == list(BRIEFING) and seen[-1] == ("compliance", 6, 6)


def test_takeaways(small_engine):
    from analytics.views import compliance, growth, mix, trends

    df = trends.trend(small_engine, Filters(metric="followers"), "platform")
    assert takeaways.trend(df, "followers", "month", "platform", "zh") == \
        "2024年7月粉丝数 7500，较上期 +206.1%；抖音最多，占 73.3%"
    g = growth.growth(small_engine, Filters(), "followers")
    assert takeaways.platform_growth(g, "followers", "zh").startswith("2024-12 合计粉丝数 7500，环比 +206.1%；增长最快：")
    assert takeaways.pass_rates(compliance.pass_rates(small_engine, Filters(), "platform"), "platform", "en") == \
        "Overall pass rate 60.0%; lowest: Toutiao 0.0% (1 failing)"
    assert takeaways.mix(mix.mix(small_engine, Filters()), "zh") == "微博账号最多（40.0%）；抖音贡献 98.8% 的阅读/播放"
    assert takeaways.flows(growth.account_flows(small_engine, Filters()), "zh") == "关停最集中的半年：2024-06，关停 1 个、新开 2 个"
    assert takeaways.cnnic(growth.cnnic_netizens(), "zh") == "截至 2025-12，网民规模 112500万；互联网普及率 79.7%（2025-06）"


def test_figures_are_built_once_per_view_and_shared(small_engine):
    from analytics.pages.render import FIGURES

    FIGURES.clear()
    link = Link(filters=Filters(platforms=("weibo",)))
    first = render.deck(small_engine, "trends", link)
    misses = FIGURES.misses
    again = render.deck(small_engine, "trends", link.with_(present=True, slide=1))  # presentation: same figures
    assert FIGURES.misses == misses and FIGURES.hits >= len(again.slides)
    assert again.slides[0].figure is first.slides[0].figure  # shared, never copied
    section = render.sections(small_engine, "trends", link)[0]
    tall = render.figure(small_engine, "trends", link, section, "light", 1.0, "", height=760)
    assert tall.layout.height == 760 and first.slides[0].figure.layout.height != 760  # a size is part of the key
    for other in (link.with_(lang="en"), link.with_(filters=Filters(platforms=("douyin",))),
                  link.with_option("split", "platform")):
        before = FIGURES.misses
        render.deck(small_engine, "trends", other)
        assert FIGURES.misses > before, other


def test_a_new_version_draws_new_figures(tmp_path):
    from factory import make_rows, parquet_bytes

    from analytics.access.roles import ANALYST, Actor
    from analytics.pages.render import FIGURES
    from analytics.query.engine import Engine
    from analytics.store import ingest
    from analytics.store.table import Store

    store = Store(tmp_path / "data")
    analyst = Actor("t", ANALYST)
    ingest.commit(store, ingest.prepare(store, "a.parquet", parquet_bytes(make_rows(weeks=2))), analyst)
    engine = Engine(store)
    before = render.deck(engine, "trends", Link()).slides[0].figure.to_json()
    misses = FIGURES.misses
    later = make_rows(weeks=1, start=dt.date(2024, 1, 17))
    ingest.commit(store, ingest.prepare(store, "b.parquet", parquet_bytes(later)), analyst)
    after = render.deck(engine, "trends", Link()).slides[0].figure.to_json()
    assert FIGURES.misses > misses and after != before
