"""The bundled sample: its shape follows the field, and it carries the seed's published figures exactly."""

import datetime as dt
import sys

import duckdb
import pyarrow.parquet as pq
import pytest

from analytics import settings
from analytics.vocab import platforms, provinces, units

sys.path.insert(0, str(settings.SAMPLE_DIR))
import generate  # noqa: E402

PATH = settings.SAMPLE_DIR / "snapshots.parquet"


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    c.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{PATH}')")
    return c


def one(con, sql, **params):
    return con.execute(sql, params).fetchone()


def test_size_and_span(con):
    assert PATH.stat().st_size <= 30 * 1024 * 1024
    first, last, weekdays, accounts = one(con, "SELECT min(snapshot_date), max(snapshot_date), "
                                               "list(DISTINCT dayofweek(snapshot_date)), count(DISTINCT (platform, account_id)) FROM t")
    assert (first, last) == (dt.date(2018, 1, 3), dt.date(2026, 6, 24))
    assert weekdays == [3]  # Wednesday
    assert 2400 <= accounts <= 2800


def test_every_region_level_platform_and_many_sectors(con):
    got = lambda col: {r[0] for r in con.execute(f"SELECT DISTINCT {col} FROM t").fetchall()}  # noqa: E731
    assert got("province") == set(provinces.SHORTS)
    assert got("level") == set(units.LEVELS)
    assert got("platform") == set(platforms.CODES)
    assert len(got("sector")) >= 14


def test_adoption_follows_reality(con):
    firsts = dict(con.execute("SELECT platform, min(snapshot_date) FROM t GROUP BY 1").fetchall())
    assert firsts["douyin"] >= dt.date(2018, 4, 1)
    assert firsts["kuaishou"] >= dt.date(2019, 1, 1)
    assert firsts["xiaohongshu"] >= dt.date(2021, 1, 1)
    counts = {(p, d.isoformat()): n for p, d, n in con.execute(
        "SELECT platform, snapshot_date, count(*) FROM t WHERE snapshot_date IN "
        "('2018-06-27'::DATE, '2020-12-30', '2024-12-25') GROUP BY ALL").fetchall()}
    c = lambda p, d: counts.get((p, d), 0)  # noqa: E731
    for day in ("2018-06-27", "2020-12-30", "2024-12-25"):
        assert c("wechat", day) == max(c(p, day) for p in platforms.CODES)
    assert c("weibo", "2024-12-25") <= 0.75 * c("weibo", "2020-12-30")  # clean-up waves, as CNNIC's counts fell
    assert c("douyin", "2020-12-30") > 5 * c("douyin", "2018-06-27")
    assert c("app", "2024-12-25") < 60


def test_spring_festival_dip(con):
    week = dt.date(2019, 2, 6)  # the week of 2019-02-05
    in_week = one(con, "SELECT sum(posts) FROM t WHERE snapshot_date = $d", d=week)[0]
    before = one(con, "SELECT avg(p) FROM (SELECT sum(posts) p FROM t WHERE snapshot_date BETWEEN $a AND $b GROUP BY snapshot_date)",
                 a=week - dt.timedelta(days=35), b=week - dt.timedelta(days=7))[0]
    assert in_week < 0.75 * before


def test_police_account_renamed_in_january_2019(con):
    rows = con.execute("SELECT account_name, min(snapshot_date), max(snapshot_date), list(DISTINCT account_id) "
                       "FROM t WHERE platform = 'weibo' AND account_name IN ('公安部打四黑除四害', '中国警方在线') "
                       "GROUP BY 1 ORDER BY 2").fetchall()
    (old, _, old_last, old_ids), (new, new_first, _, new_ids) = rows
    assert (old, new) == ("公安部打四黑除四害", "中国警方在线") and old_ids == new_ids
    assert old_last < new_first and new_first.year == 2019 and new_first.month == 1


def test_reform_merges_rename_one_account_and_close_the_other(con):
    merges = con.execute("""
        WITH names AS (SELECT platform, account_id, province, sector, account_name, min(snapshot_date) AS since
                       FROM t GROUP BY ALL),
             renamed AS (SELECT * FROM names WHERE since > '2018-01-03' AND account_name LIKE '%市场监管'),
             closed AS (SELECT platform, account_id, province, sector, max(snapshot_date) AS last, any_value(account_name) AS name
                        FROM t GROUP BY ALL)
        SELECT r.account_name, c.name FROM renamed r JOIN closed c
          ON c.platform = r.platform AND c.province = r.province AND c.sector = r.sector AND c.account_id <> r.account_id
         AND c.last BETWEEN r.since AND r.since + INTERVAL 35 DAY
    """).fetchall()
    assert len(merges) >= 6
    assert all(name.endswith("食药监") for _, name in merges)


def test_dormant_accounts_fail_the_two_week_rule(con):
    failing, zombies, total = one(con, """
        WITH last2 AS (SELECT platform, account_id, sum(posts) AS p FROM t
                       WHERE snapshot_date IN ('2026-06-24'::DATE, '2026-06-17') GROUP BY ALL HAVING count(*) = 2),
             quiet AS (SELECT platform, account_id FROM t WHERE snapshot_date > '2026-03-24'
                       GROUP BY ALL HAVING sum(posts) = 0 AND count(*) >= 13)
        SELECT (SELECT count(*) FROM last2 WHERE p = 0), (SELECT count(*) FROM quiet), (SELECT count(*) FROM last2)""")
    assert 0.02 * total < failing < 0.3 * total
    assert zombies >= 10


def test_capped_wechat_reads_present(con):
    assert one(con, "SELECT count(*) FROM t WHERE platform = 'wechat' AND reads = 100001")[0] > 0


def test_seed_week_top_ten_exact():
    table = pq.read_table(PATH)
    names = generate.check_seed_week(table)
    assert names[:3] == ["浙有正能量", "太原铁路公安在线", "深圳南山交警"]
    c = duckdb.connect()
    c.register("t", table)
    works, plays, likes, comments, shares = c.execute(
        "SELECT sum(posts), sum(reads), sum(likes), sum(comments), sum(shares) FROM t "
        "WHERE platform = 'douyin' AND snapshot_date = '2019-03-06' AND account_name IN (SELECT unnest($n))",
        {"n": names}).fetchone()
    assert works == 240 and 1_527_000_000 < plays < 1_528_000_000
    assert (likes, comments, shares) == (65_610_000, 2_580_000, 1_190_000)
    leader = c.execute("SELECT province, posts, reads, likes, comments, shares FROM t WHERE platform = 'douyin' "
                       "AND snapshot_date = '2019-03-06' AND account_name = '浙有正能量'").fetchone()
    assert leader == ("浙江", 34, 470_000_000, 24_480_000, 840_000, 110_000)


@pytest.mark.slow
def test_generator_reproduces_the_committed_file():
    assert generate.to_arrow(generate.generate()).equals(pq.read_table(PATH))
