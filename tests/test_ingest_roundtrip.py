"""Property: any valid upload, however it spells its values, reads back exactly as its canonical form."""

import datetime as dt
import tempfile

import duckdb
import pandas as pd
from factory import parquet_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.access.roles import ANALYST, Actor
from analytics.store import ingest
from analytics.store.table import Store
from analytics.vocab import platforms, provinces, units

PLATFORM_SPELLINGS = [(a, p.code) for p in platforms.PLATFORMS for a in (p.code, p.zh, p.en.upper(), *p.aliases)]
REGION_SPELLINGS = [(a, r.short) for r in provinces.IN_SCOPE for a in (r.short, r.full, r.code) if a]
LEVEL_SPELLINGS = [(zh, code) for code, (zh, _) in units.LEVELS.items()] + [(None, None)]
counts = st.integers(min_value=0, max_value=2**63 - 1)
names = st.text(min_size=1, max_size=200).filter(lambda s: s.strip())


@st.composite
def uploads(draw):
    n = draw(st.integers(min_value=1, max_value=12))
    keys = draw(st.lists(st.tuples(st.sampled_from(platforms.CODES), st.text("abc123", min_size=1, max_size=6),
                                   st.dates(dt.date(2000, 1, 1), dt.date(2026, 11, 29))),
                         min_size=n, max_size=n, unique=True))
    rows, expected = [], []
    for code, account_id, day in keys:
        spelling = draw(st.sampled_from([s for s, c in PLATFORM_SPELLINGS if c == code]))
        region, short = draw(st.sampled_from(REGION_SPELLINGS))
        level, level_code = draw(st.sampled_from(LEVEL_SPELLINGS))
        name = draw(names)
        values = {c: draw(counts) for c in ("followers", "posts", "reads", "likes", "comments", "shares")}
        date_form = draw(st.sampled_from(["date", "dash", "slash"]))
        shown = {"date": day, "dash": day.isoformat(), "slash": day.strftime("%Y/%m/%d")}[date_form]
        rows.append({"日期": str(shown) if date_form != "date" else day.isoformat(), "平台": spelling,
                     "账号ID": account_id, "账号名称": name, "省份": region, "层级": level, **values})
        expected.append({"snapshot_date": day, "platform": code, "account_id": account_id, "account_name": name,
                         "province": short, "level": level_code, **values})
    return pd.DataFrame(rows), pd.DataFrame(expected)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(uploads())
def test_valid_rows_round_trip(upload):
    frame, expected = upload
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(tmp)
        prepared = ingest.prepare(store, "u.parquet", parquet_bytes(frame), today=dt.date(2026, 11, 29))
        assert prepared.report.ok, prepared.report.text("en")
        assert ingest.commit(store, prepared, Actor("p", ANALYST)).version == 0
        stored = duckdb.connect().execute(
            "SELECT snapshot_date, platform, account_id, account_name, province, level, followers, posts, reads, "
            "likes, comments, shares FROM read_parquet($f) ORDER BY platform, account_id, snapshot_date",
            {"f": store.files()}).fetchall()
    want = expected.sort_values(["platform", "account_id", "snapshot_date"])
    assert stored == [tuple(None if pd.isna(v) else v for v in row) for row in want.itertuples(index=False)]
