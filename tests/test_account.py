import views_data as vd

from analytics.query.filters import Filters
from analytics.views import account


def test_profile_and_names(small_engine):
    p = account.profile(small_engine, "weibo", "a")
    assert p["account_name"] == "杭州公安" and p["province"] == "浙江" and p["last_post"].date() == vd.W3
    names = account.names(small_engine, "weibo", "a")
    assert list(names["account_name"]) == ["平安杭州", "杭州公安"]
    assert account.profile(small_engine, "weibo", "nope") is None


def test_weeks_with_weekly_rank(small_engine):
    df = account.weeks(small_engine, "weibo", "b", Filters())
    assert [d.date() for d in df["snapshot_date"]] == [vd.W1, vd.W2, vd.W3, vd.W4]
    w3 = df[df["snapshot_date"] == str(vd.W3)].iloc[0]
    assert (w3["rank"], w3["of_accounts"], w3["reads"], w3["interactions"]) == (2, 2, 10, 1)


def test_search_by_name_old_name_and_id(small_engine):
    assert set(account.search(small_engine, "杭州", Filters())["account_id"]) == {"a", "c"}
    assert list(account.search(small_engine, "平安杭州", Filters())["account_name"]) == ["杭州公安"]
    assert list(account.search(small_engine, "d", Filters())["account_id"]) == ["d"]
    assert account.search(small_engine, "  ", Filters()).empty


def test_search_treats_wildcards_and_quotes_as_text(small_engine):
    for needle in ("%", "_", "' OR 1=1 --", "\\", "\x1f", "杭州\x1f平安"):
        assert account.search(small_engine, needle, Filters()).empty
