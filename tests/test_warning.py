"""预警 against hand-computed accounts: weekly snapshots (Wednesdays), a check date of 2024-06-26 in the
quarter starting 2024-04-01. A weekly snapshot's posts were made in the 7 days up to its date."""

import datetime as dt

import pandas as pd
import pytest
from factory import parquet_bytes

from analytics.access.roles import ANALYST, Actor
from analytics.query.engine import Engine
from analytics.query.filters import Filters
from analytics.store import ingest
from analytics.views import warning

CHECK = dt.date(2024, 6, 26)
WEEKS = [dt.date(2024, 3, 6) + dt.timedelta(days=7 * i) for i in range(18)]  # 2024-03-06 … 2024-07-03


def _posting(account: str) -> dict[dt.date, int]:
    """Posts per weekly snapshot for each hand-made account."""
    quiet = set(WEEKS[5:11])  # 2024-04-10 … 2024-05-15
    return {
        "steady": {w: 2 for w in WEEKS},
        "last_week": {w: (0 if w >= CHECK else 3) for w in WEEKS},  # last post in the week to 06-19
        "two_weeks": {w: (0 if w > dt.date(2024, 6, 12) else 1) for w in WEEKS},  # exactly 14 days: fails
        "new": {w: (5 if w == dt.date(2024, 6, 19) else 0) for w in WEEKS if w >= dt.date(2024, 6, 19)},  # opened 06-19
        "after": {w: (4 if w == dt.date(2024, 7, 3) else (1 if w < CHECK else 0)) for w in WEEKS},  # posts after the check
        "gappy": {w: (0 if w in quiet or w >= CHECK else 1) for w in WEEKS},
    }[account]


@pytest.fixture
def engine(store):
    rows = []
    for i, account in enumerate(("steady", "last_week", "two_weeks", "new", "after", "gappy")):
        for day, posts in _posting(account).items():
            rows.append({"snapshot_date": day, "platform": "weibo", "account_id": account, "account_name": f"账号{account}",
                         "province": "浙江", "city": "杭州", "level": "municipal", "sector": "公安", "followers": 100 + i,
                         "posts": posts, "reads": 10 * posts, "likes": posts, "comments": 0, "shares": 0})
    prepared = ingest.prepare(store, "w.parquet", parquet_bytes(pd.DataFrame(rows)), today=dt.date(2026, 1, 1))
    assert prepared.report.ok, prepared.report.text("en")
    ingest.commit(store, prepared, Actor("t", ANALYST))
    return Engine(store)


def test_at_risk_accounts_with_their_quiet_days_deadline_and_quarter(engine):
    df = warning.at_risk(engine, Filters(end=CHECK)).set_index("account_id")
    assert list(df.index) == ["after", "gappy", "last_week", "new"]  # most urgent first, then by key
    for account in df.index:
        row = df.loc[account]
        assert row["last_post"].date() == dt.date(2024, 6, 19)
        assert (row["quiet_min"], row["quiet_max"], row["days_left"]) == (7, 13, 1)
        assert row["fails_on"].date() == dt.date(2024, 6, 27)  # 06-13 (the week's first day) + 14
    assert (df.loc["gappy", "longest_gap"], df.loc["gappy", "days_out"]) == (42, 35)  # 6 quiet weeks; 5 failing
    assert (df.loc["last_week", "longest_gap"], df.loc["last_week", "days_out"]) == (7, 0)
    assert (df.loc["new", "longest_gap"], df.loc["new", "days_out"]) == (7, 0)


def test_exactly_fourteen_days_is_failing_not_at_risk_and_a_later_post_is_not_seen(engine):
    df = warning.at_risk(engine, Filters(end=CHECK))
    assert "two_weeks" not in set(df["account_id"]) and "steady" not in set(df["account_id"])
    later = warning.at_risk(engine, Filters())  # check date 07-03: "after" posted that week
    assert "after" not in set(later["account_id"])


def test_the_threshold_is_configurable(engine):
    assert warning.at_risk(engine, Filters(end=CHECK), warn_days=14).empty
    assert set(warning.at_risk(engine, Filters(end=CHECK), warn_days=13)["account_id"]) == {"after", "gappy", "last_week", "new"}
