"""Inspection rounds on hand-made accounts: weekly snapshots from 2023-10-04; the 2024Q1 round checks on
2024-03-27 and the 2024Q2 round on 2024-06-26."""

import datetime as dt

import pandas as pd
import pytest
from factory import parquet_bytes

from analytics.access.roles import ADMIN, Actor
from analytics.errors import StoreError
from analytics.query.engine import Engine
from analytics.store import ingest
from analytics.supervision import rounds

WEEKS = [dt.date(2023, 10, 4) + dt.timedelta(days=7 * i) for i in range(39)]  # … 2024-06-26
MARCH = (dt.date(2024, 3, 6), dt.date(2024, 3, 27))


def _posts(account: str, day: dt.date) -> int | None:
    """Posts in the week to `day`; None: the account does not report that week."""
    if account == "fixme":
        return 0 if MARCH[0] <= day <= MARCH[1] else 2
    if account == "zombie":
        return 0
    if account == "gone":
        return None if day > dt.date(2024, 4, 10) else (0 if day >= MARCH[0] else 1)
    return 1


def _rows(accounts, posts=_posts):
    rows = []
    for account, province, platform in accounts:
        for day in WEEKS:
            n = posts(account, day)
            if n is not None:
                rows.append({"snapshot_date": day, "platform": platform, "account_id": account, "account_name": f"名{account}",
                             "province": province, "city": "", "level": "municipal", "sector": "公安", "followers": 10,
                             "posts": n, "reads": n, "likes": 0, "comments": 0, "shares": 0})
    return pd.DataFrame(rows)


ACCOUNTS = [("fixme", "浙江", "weibo"), ("zombie", "浙江", "weibo"), ("gone", "浙江", "weibo"),
            *((f"ok{i}", ("浙江", "广东")[i % 2], ("weibo", "douyin")[i // 2 % 2]) for i in range(40))]


@pytest.fixture
def engine(store):
    prepared = ingest.prepare(store, "w.parquet", parquet_bytes(_rows(ACCOUNTS)), today=dt.date(2026, 1, 1))
    assert prepared.report.ok, prepared.report.text("en")
    ingest.commit(store, prepared, Actor("t", ADMIN))
    return Engine(store)


def test_a_round_checks_every_account_with_the_reasons_a_notice_names(engine):
    q1 = rounds.open_round(engine, "2024Q1", user="王分析")
    assert (q1.check_date, q1.accounts, q1.failed, q1.revision) == (dt.date(2024, 3, 27), 43, 3, 1)
    df = rounds.results(engine.store.root, q1).set_index("account_id")
    assert df.loc["fixme", "reasons"] == ["two_week"] and df.loc["gone", "reasons"] == ["two_week"]
    assert df.loc["zombie", "reasons"] == ["two_week", "dormant"] and df.loc["ok3", "reasons"] == []
    assert rounds.rates(rounds.results(engine.store.root, q1), "province").iloc[0].to_dict() == {
        "province": "浙江", "accounts": 23, "passed": 20, "failed": 3, "rate": 20 / 23}


def test_the_recheck_says_fixed_closed_or_still_failing_and_a_marked_zombie_not_closed(engine):
    rounds.open_round(engine, "2024Q1", user="王分析")
    q2 = rounds.open_round(engine, "2024Q2", user="王分析")
    again = rounds.recheck(engine.store.root, q2).set_index("account_id")["state"].to_dict()
    assert again == {"fixme": "fixed", "gone": "closed", "zombie": "failing"}
    df = rounds.results(engine.store.root, q2).set_index("account_id")
    assert df.loc["zombie", "reasons"] == ["two_week", "dormant", "not_closed"] and "gone" not in df.index
    assert rounds.recheck(engine.store.root, rounds.latest(engine.store.root, "2024Q1")).empty  # nothing before 2024Q1


def test_the_same_seed_draws_the_same_sample_and_another_seed_another(engine):
    a = rounds.open_round(engine, "2024Q2", user="a", share=0.3, seed=7)
    b = rounds.open_round(engine, "2024Q2", user="a", share=0.3, seed=7)
    c = rounds.open_round(engine, "2024Q2", user="a", share=0.3, seed=8)
    keys = lambda r: list(rounds.results(engine.store.root, r)["account_id"])  # noqa: E731
    assert (a.revision, b.revision, c.revision) == (1, 2, 3) and keys(a) == keys(b) and keys(a) != keys(c)
    drawn = rounds.results(engine.store.root, a)
    per_group = drawn.groupby(["province", "platform"]).size().to_dict()
    # 浙江/weibo has 12 accounts (3 hand-made + 9): ceil(0.3 × 12) = 4; the other groups 10 each: 3
    assert per_group == {("广东", "douyin"): 3, ("广东", "weibo"): 3, ("浙江", "douyin"): 3, ("浙江", "weibo"): 4}
    assert (a.share, a.seed) == (0.3, 7)


def test_a_correction_after_a_round_does_not_change_the_published_round(engine):
    q1 = rounds.open_round(engine, "2024Q1", user="王分析")
    before = rounds.results(engine.store.root, q1)
    fix = _rows([("fixme", "浙江", "weibo")], posts=lambda a, d: 5)  # the office re-sends March with posts
    prepared = ingest.prepare(engine.store, "fix.parquet", parquet_bytes(fix), today=dt.date(2026, 1, 1))
    ingest.commit(engine.store, prepared, Actor("t", ADMIN))
    kept = rounds.latest(engine.store.root, "2024Q1")
    assert kept == q1 and rounds.results(engine.store.root, kept).equals(before)
    again = rounds.open_round(engine, "2024Q1", user="王分析")
    assert again.revision == 2 and again.failed == 2 and again.version == q1.version + 1


@pytest.mark.parametrize("quarter", ["2024Q5", "24Q1", "2024-Q1", ""])
def test_a_bad_quarter_is_a_clear_error(engine, quarter):
    with pytest.raises(StoreError):
        rounds.open_round(engine, quarter, user="a")


def test_rounds_on_the_command_line(engine):
    import getpass
    import json

    import cli

    run = lambda *a: cli.run("round", *a, "--data-dir", str(engine.store.root))  # noqa: E731
    opened = run("open", "--quarter", "2024Q2", "--sample", "0.5", "--seed", "3", "--lang", "en")
    assert opened.returncode == 0, opened.stderr
    assert "2024Q2 round, revision 1: check date 2024-06-26" in opened.stdout
    shown = json.loads(run("show", "--quarter", "2024Q2", "--json").stdout)[0]
    assert (shown["share"], shown["seed"], shown["opened_by"]) == (0.5, 3, getpass.getuser())
    assert run("open", "--quarter", "2024Q2", "--check-date", "2024-01-03").returncode == 1  # outside the quarter
    from analytics.access import audit

    assert audit.read(engine.store.root, event="round")[-1]["details"]["quarter"] == "2024Q2"


def test_a_regional_round_is_kept_apart_and_rechecks_its_own_previous_round(engine):
    from analytics.access.scope import Scope

    guangdong = engine.with_scope(Scope.make(("广东",)))
    national = rounds.open_round(engine, "2024Q1", user="督查")
    q1 = rounds.open_round(guangdong, "2024Q1", user="广东分析")
    q2 = rounds.open_round(guangdong, "2024Q2", user="广东分析")
    key = rounds.scope_key(Scope.make(("广东",)))
    assert (q1.scope_key, q1.scope, q1.accounts, q1.revision) == (key, "广东", 20, 1)
    assert set(rounds.results(engine.store.root, q1)["province"]) == {"广东"}
    assert rounds.latest(engine.store.root, "2024Q1") == national and rounds.rounds(engine.store.root) == [national]
    assert rounds.rounds(engine.store.root, key) == [q1, q2]
    assert rounds.recheck(engine.store.root, q2).empty  # 广东's accounts all passed in its 2024Q1 round
    assert rounds.latest(engine.store.root, "2024Q2") is None  # no national round for 2024Q2
