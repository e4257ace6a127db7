"""Published rankings beside ours: the seed week's 清博 DCI list (shipped in sample_data/reference/) on
the sample data, imports checked against the data, and the agreement of two orders computed by hand."""

import datetime as dt

import pandas as pd
import pytest
from apptest import open_app, table

from analytics import cli
from analytics.access import audit
from analytics.pages import render
from analytics.pages.link import Link
from analytics.published import rankings as published
from analytics.query.engine import Engine
from analytics.query.filters import Filters

SEED_WEEK = Filters(start=dt.date(2019, 2, 28), end=dt.date(2019, 3, 6), platforms=("douyin",))
HEADER = "来源,指数,周期,平台,排名,账号名称,数值\n"


def test_the_seed_week_shows_qingbo_values_beside_ours_each_labelled(sample_store):
    sections = render.sections(Engine(sample_store), "rankings", Link(filters=SEED_WEEK))
    beside = next(s for s in sections if s.key == "published_0")
    assert beside.title == "与已发布榜单对照：清博 DCI · 2019-02-28 至 2019-03-06"
    shown, _ = beside.labelled("zh")
    top3 = shown.head(3)
    assert list(top3["账号名称"]) == ["浙有正能量", "太原铁路公安在线", "深圳南山交警"]
    assert list(top3["清博 DCI（发布值）"]) == [1398.36, 1309.21, 1299.85]  # numbers, shown with two decimals
    assert [round(v, 2) for v in top3["本看板 DCI V1.0（本看板计算）"]] == [1423.01, 1362.86, 1336.85]
    assert list(shown["清博名次"]) == list(range(1, 11)) and shown["清博 DCI（发布值）"][3:].isna().all()
    assert "Spearman ρ = 1.00" in beside.summary and "清博前 10 名中有 **10** 个也在本看板前 10 名" in beside.summary
    english = next(s for s in render.sections(Engine(sample_store), "rankings", Link(filters=SEED_WEEK, lang="en"))
                   if s.key == "published_0")
    assert {"清博 DCI (published)", "Our DCI V1.0 (computed here)"} <= set(english.labelled("en")[0].columns)


def test_the_rankings_page_shows_the_published_list_for_the_seed_week(app_env):
    at = open_app({"platform": "douyin", "start": "2019-02-28", "end": "2019-03-06"}, page="rankings")
    assert not at.exception
    shown = table(at, columns=("清博 DCI（发布值）",))
    assert list(shown["清博 DCI（发布值）"][:3]) == [1398.36, 1309.21, 1299.85]
    assert [round(v, 2) for v in shown["本看板 DCI V1.0（本看板计算）"][:3]] == [1423.01, 1362.86, 1336.85]
    assert any("原样引用，不做换算" in c.value for c in at.caption)


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def test_an_unknown_account_or_a_bad_period_is_reported_and_nothing_is_stored(sample_store):
    engine = Engine(sample_store)
    rows, problems = published.read("新榜.csv", _csv("新榜,NRI,2019-02-28~2019-03-06,抖音,1,浙有正能量,880",
                                                   "新榜,NRI,2019-02-28~2019-03-06,抖音,2,不存在的账号,870"), engine)
    assert [(n, zh) for n, zh, _ in problems] == [(2, "在抖音上找不到账号“不存在的账号”（已查现名、曾用名）")]
    rows, problems = published.read("新榜.csv", _csv("新榜,NRI,2019-03-06~2019-02-28,抖音,1,浙有正能量,880",
                                                   "新榜,NRI,上周,抖音,2,太原铁路公安在线,870",
                                                   "新榜,NRI,2031-01-01~2031-01-07,抖音,3,深圳南山交警,860"), engine)
    assert [n for n, _, _ in problems] == [1, 2, 3]
    assert "结束早于开始" in problems[0][1] and "“上周”无法识别" in problems[1][1] and "不在数据的时间范围" in problems[2][1]
    assert published.versions(sample_store.root) == []


def test_accounts_are_matched_by_former_names_and_a_list_imported_again_replaces_the_first(sample_store, tmp_path, capsys):
    engine = Engine(sample_store)
    rows, problems = published.read("人民网.csv", _csv("人民网,政务微博影响力,2018-12-01~2018-12-31,微博,1,公安部打四黑除四害,95.1"), engine)
    assert not problems and rows["account_id"].tolist() == ["1288915263"]  # renamed 中国警方在线 in 2019-01
    path = tmp_path / "人民网.csv"
    path.write_bytes(_csv("人民网,政务微博影响力,2018-12-01~2018-12-31,微博,1,公安部打四黑除四害,95.1"))
    args = ["published", "import", str(path), "--data-dir", str(sample_store.root), "--lang", "en"]
    assert cli.main(args) == 0 and cli.main(args) == 0
    assert "published rankings version 2: 1 rows, 1 list(s)." in capsys.readouterr().out
    assert len(published.stored(sample_store.root)) == 1  # the second import replaced the first copy
    assert [r["outcome"] for r in audit.read(sample_store.root, event="published")] == ["ok", "ok"]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("人民网,政务微博影响力,2018-12-01~2018-12-31,微博,1,查无此号,1"))
    assert cli.main(["published", "import", str(bad), "--data-dir", str(sample_store.root), "--lang", "en"]) == cli.EXIT_REJECTED
    assert "row 1: no Weibo account named '查无此号'" in capsys.readouterr().err
    assert len(published.versions(sample_store.root)) == 2


def test_rank_agreement_by_hand():
    theirs = pd.DataFrame({"rank": [1, 2, 3, 4], "account_id": ["a", "b", "c", "d"], "value": [4.0, 3.0, 2.0, 1.0]})
    ours = pd.DataFrame({"account_id": ["b", "a", "d", "x", "c"], "rank": [1, 2, 3, 4, 5], "score": [9, 8, 7, 6, 5],
                         "index_code": "DCI"})
    merged, rho, in_ours = published.compare(theirs, ours)
    assert list(merged["our_rank"]) == [2, 1, 5, 3]
    # ranks within the four: ours 2, 1, 4, 3 against 1, 2, 3, 4 → d² = 1 + 1 + 1 + 1; ρ = 1 − 6·4 / (4·15) = 0.6
    assert round(rho, 10) == 0.6 and in_ours == 3  # c is 5th in ours: outside our top 4


def test_a_scoped_reader_sees_only_the_published_rows_of_their_accounts(sample_store):
    from analytics.access.roles import ANALYST, Actor
    from analytics.access.scope import Scope
    from analytics.actions import curation
    from analytics.actions.base import Caller
    from analytics.errors import NeedsAnalyst

    engine = Engine(sample_store)
    rows, problems = published.read("人民网.csv", _csv("人民网,政务抖音,2019-02-28~2019-03-06,抖音,1,太原铁路公安在线,95.1",
                                                        "人民网,政务抖音,2019-02-28~2019-03-06,抖音,2,浙有正能量,90.2"), engine)
    assert not problems
    national = Caller(Actor("督查", ANALYST), sample_store.root, "cli")
    curation.import_published(national, rows, [], "人民网.csv")
    zj = engine.with_scope(Scope.make(["浙江"]))
    assert set(published.catalog(engine)["account_name"]) >= {"太原铁路公安在线", "深圳南山交警", "浙有正能量"}
    seen = published.catalog(zj)
    assert set(seen["account_name"]) == {"浙有正能量"} and set(seen["source"]) == {"清博", "人民网"}
    sections = render.sections(zj, "rankings", Link(filters=SEED_WEEK))
    shown = " ".join(s.labelled("zh")[0].to_string() for s in sections if s.key.startswith("published_"))
    assert "浙有正能量" in shown and "太原" not in shown and "深圳" not in shown
    scoped = Caller(Actor("浙江分析", ANALYST, Scope.make(["浙江"])), sample_store.root, "ui")
    with pytest.raises(NeedsAnalyst):  # a list imported again replaces every region's rows of it
        curation.import_published(scoped, rows, [], "人民网.csv")
    assert len(published.versions(sample_store.root)) == 1
