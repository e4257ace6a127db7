"""The content views against results worked out by hand from tests/posts_data.py."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import posts_data as pdata
import pytest

from analytics.posts import terms
from analytics.query.engine import Engine
from analytics.query.filters import Filters
from analytics.views import compliance, content, warning

W2_RANGE = Filters(start=dt.date(2024, 6, 27), end=pdata.W2)
W1_RANGE = Filters(start=dt.date(2024, 6, 20), end=pdata.W1)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    store, _ = pdata.build(tmp_path_factory.mktemp("posts") / "data")
    return Engine(store)


def test_top_works_keep_ties_and_rank_by_reads(engine):
    top = content.top_works(engine, W2_RANGE)
    douyin = top[top["platform"] == "douyin"]
    assert list(douyin["post_id"]) == ["y1", "y2", "y3"]  # y1 and y2 tie on reads; more interactions first
    assert list(douyin["rank"]) == [1, 1, 3]
    weibo = top[top["platform"] == "weibo"]
    assert list(weibo["post_id"]) == ["x3", "v1"] and list(weibo["rank"]) == [1, 2]
    tied = content.top_works(engine, W2_RANGE, top_n=1)
    assert sorted(tied[tied["platform"] == "douyin"]["post_id"]) == ["y1", "y2"]  # a tie at the last place is kept


def test_totals_ten_wan_and_original_share(engine):
    t = content.totals(engine, W2_RANGE)
    total = t[t["platform"].isna()].iloc[0]
    assert int(total["works"]) == 5  # x3, y1, y2, y3, v1
    assert int(total["accounts"]) == 3
    assert int(total["reads"]) == 300 + 150000 + 150000 + 90000 + 50
    assert int(total["interactions"]) == 36 + 9600 + 8450 + 120 + 7
    assert int(total["ten_wan"]) == 2
    assert int(total["original_known"]) == 4 and int(total["original"]) == 2  # x3 says nothing
    assert total["original_share"] == pytest.approx(0.5)
    assert int(total["date_only"]) == 1
    douyin = t[t["platform"] == "douyin"].iloc[0]
    assert int(douyin["works"]) == 3 and int(douyin["ten_wan"]) == 2
    z = content.totals(engine, W1_RANGE)
    assert int(z[z["platform"] == "wechat"]["ten_wan"].iloc[0]) == 1  # exactly 100,000 counts


def test_heatmap_buckets_in_beijing_time(engine):
    cells = content.heatmap(engine, W1_RANGE).set_index(["weekday", "hour"])["works"].to_dict()
    # x2 went out 2024-06-25T16:30Z: Wednesday 00:30 in Beijing, not Tuesday 16:30.
    assert cells == {(3, 9): 1, (2, 0): 1, (4, 10): 1, (5, 10): 1, (0, 9): 1}
    w2 = content.heatmap(engine, W2_RANGE)
    assert set(zip(w2["weekday"], w2["hour"])) == {(0, 20), (1, 20), (2, 12), (6, 10)}  # x3 has its date only
    assert int(w2["works"].sum()) == 4


def test_best_slot_needs_enough_works():
    cells = pd.DataFrame({"weekday": [0, 0, 1], "hour": [8, 20, 20], "works": [10, 2, 5],
                          "reads": [1000, 10000, 2500], "mean_reads": [100.0, 5000.0, 500.0]})
    best = content.best_slot(cells)
    assert (best["weekday"], best["hour"]) == (1, 20)  # 5000 a work at Mon 20 is two works: below the floor of 3
    assert best["overall"] == pytest.approx(13500 / 17)
    assert content.best_slot(cells.assign(works=[1, 1, 1])) is None


def test_kind_mix_by_month(engine):
    mix = content.kind_mix(engine, Filters(granularity="month"))
    june = mix[mix["period"] == pd.Timestamp("2024-06-01")].set_index("kind")
    july = mix[mix["period"] == pd.Timestamp("2024-07-01")].set_index("kind")
    # June: x1, x3, z1, v0, v1, u1 articles, x2 an image; July: y1, y2, y4 videos, y3 a live stream.
    assert june["works"].to_dict() == {"article": 6, "image": 1}
    assert june.loc["article", "share"] == pytest.approx(6 / 7)
    assert july["works"].to_dict() == {"video": 3, "live": 1}


def test_words_keep_government_terms_whole(tmp_path):
    assert terms.words("政务新媒体建设", None, tmp_path) == ["政务新媒体", "建设"]
    assert terms.words("营商环境 乡村振兴", None, tmp_path) == ["营商环境", "乡村振兴"]
    assert terms.words(None, "的 了 和 123", tmp_path) == []


def test_keywords_tf_idf_against_the_whole_table(engine):
    kw = content.keywords(engine, W2_RANGE)
    # W2's words: 乡村振兴 2, 一网通办 2, 高质量发展 2, 平安建设 1, 营商环境 1 (8 in all); the table has 11 posts,
    # of which 3 use 营商环境, 3 乡村振兴, 3 一网通办, 2 高质量发展, 2 平安建设.
    expected = {"高质量发展": 2 / 8 * math.log(11 / 2), "一网通办": 2 / 8 * math.log(11 / 3),
                "乡村振兴": 2 / 8 * math.log(11 / 3), "平安建设": 1 / 8 * math.log(11 / 2),
                "营商环境": 1 / 8 * math.log(11 / 3)}
    assert list(kw["word"]) == ["高质量发展", "一网通办", "乡村振兴", "平安建设", "营商环境"]
    for word, score in zip(kw["word"], kw["score"]):
        assert score == pytest.approx(expected[word])


def test_posts_and_snapshots_disagree_where_made_to(engine):
    assert content.agreement(engine, Filters()) == (15, 2)
    rows = content.disagreements(engine, Filters())
    found = {(r.account_id, r.snapshot_date.date(), r.snapshot_posts, r.counted_posts) for r in rows.itertuples()}
    assert found == {("v", pdata.W2, 0, 1), ("u", pdata.W3, 1, 0)}


def test_scope_applies_to_posts(engine):
    from analytics.access.scope import Scope

    zhejiang = engine.with_scope(Scope(provinces=("浙江",)))
    t = content.totals(zhejiang, Filters(start=dt.date(2024, 6, 1), end=pdata.W3))
    assert int(t[t["platform"].isna()]["works"].iloc[0]) == 5  # x1, x2, x3, v0, v1
    assert set(content.top_works(zhejiang, W2_RANGE)["account_id"]) == {"x", "v"}


def test_two_week_rule_with_exact_times(engine):
    acc = compliance.accounts(engine, Filters()).set_index("account_id")
    # Where posts and snapshots agree, the verdict is the week rule's; the exact day refines days quiet.
    assert acc.loc["x", "basis"] == "post" and bool(acc.loc["x", "passed"])
    assert int(acc.loc["x", "days_quiet"]) == 12  # x3 on 06-28; the week rule said 7 (week to 07-03)
    assert acc.loc["z", "basis"] == "post" and not bool(acc.loc["z", "passed"])
    assert int(acc.loc["z", "days_quiet"]) == 19
    assert int(acc.loc["y", "days_quiet"]) == 2
    # v's snapshots saw no post after W1, but v published on 06-30: the exact time decides, and it passes.
    assert acc.loc["v", "basis"] == "post" and bool(acc.loc["v", "passed"])
    # u's posts end in W1 while its snapshots report a post in W3: the week rule stands.
    assert acc.loc["u", "basis"] == "week" and bool(acc.loc["u", "passed"]) and int(acc.loc["u", "days_quiet"]) == 0
    rates = compliance.rates_of(acc.reset_index())
    assert int(rates["passed"].iloc[0]) == 4 and int(rates["accounts"].iloc[0]) == 5


def test_at_risk_with_exact_times(engine):
    risk = warning.at_risk(engine, Filters()).set_index("account_id")
    x = risk.loc["x"]
    assert x["basis"] == "post"
    assert (int(x["quiet_min"]), int(x["quiet_max"])) == (12, 12)
    assert pd.Timestamp(x["fails_on"]).date() == dt.date(2024, 7, 12)  # the week rule said 07-11 at worst
    assert int(x["days_left"]) == 2
    v = risk.loc["v"]  # posted 06-30, quiet 10 days on 07-10: at risk, though its snapshots say W1
    assert v["basis"] == "post" and int(v["quiet_max"]) == 10
    assert pd.Timestamp(v["fails_on"]).date() == dt.date(2024, 7, 14)
