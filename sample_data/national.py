"""A national-scale data set: every government account on every platform, weekly, one parquet file per
week (python -m sample_data.national --accounts 300000 --start 2018-01-03 --end 2026-06-24 --out DIR).

The same shapes as the bundled sample (generate.py), scaled and vectorised: platforms in CNNIC's
proportions (政务机构微博 140,837 and 政务头条号 82,958 at 2020-12), provinces by population, many
accounts per city, sector and level, heavy-tailed followers and reads, adoption curves per platform,
accounts that go quiet or dormant (僵尸号), closures in the clean-up waves, renames, and the 2018
institutional reform's merges (one account renamed, its partner closed). Every account is drawn
once up front; each week is then drawn from its own seed, so the output is deterministic, weeks are
independent, and memory stays at one week's rows whatever the span."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from analytics.store import schema  # noqa: E402
from sample_data.generate import (  # noqa: E402
    ADOPTION,
    CITIES,
    CLEANUPS,
    LEVEL_FOLLOWERS,
    PLATFORM,
    PROVINCE_SUFFIX,
    SECTOR_NAMES,
    SPRING_FESTIVALS,
)

SEED = 20201231
# Shares of accounts by platform: 微博 and 头条 from CNNIC's 2020-12 counts, the rest in proportion to
# what the supervision platforms list.
PLATFORM_SHARE = {"weibo": 0.33, "wechat": 0.30, "toutiao": 0.17, "douyin": 0.10, "kuaishou": 0.05,
                  "bilibili": 0.01, "xiaohongshu": 0.01, "app": 0.03}
# Residents in 10 millions (2020 census, rounded): accounts follow population.
POPULATION = {
    "广东": 12.6, "山东": 10.2, "河南": 9.9, "江苏": 8.5, "四川": 8.4, "河北": 7.5, "湖南": 6.6, "浙江": 6.5,
    "安徽": 6.1, "湖北": 5.8, "广西": 5.0, "云南": 4.7, "江西": 4.5, "辽宁": 4.3, "福建": 4.2, "陕西": 4.0,
    "贵州": 3.9, "山西": 3.5, "重庆": 3.2, "黑龙江": 3.2, "新疆": 2.6, "甘肃": 2.5, "上海": 2.5, "内蒙古": 2.4,
    "吉林": 2.4, "北京": 2.2, "天津": 1.4, "海南": 1.0, "宁夏": 0.7, "青海": 0.6, "西藏": 0.4, "兵团": 0.3,
}
LEVEL_SHARE = {"national": 0.004, "provincial": 0.05, "municipal": 0.26, "county": 0.53, "township": 0.156}
LEVEL_POSTING = {"national": 1.3, "provincial": 1.1, "municipal": 1.0, "county": 0.8, "township": 0.6}
SECTORS = tuple(SECTOR_NAMES)
COUNTY_PLACES = ("城区", "高新区", "经开区", "新区", "东区", "西区", "南区", "北区", "县", "开发区", "港区", "新城")
TOWN_PLACES = ("城关街道", "新城街道", "东关街道", "南湖街道", "西湖街道", "北苑街道", "中心镇", "新华街道")
REFORM_WEEK = dt.date(2018, 11, 7)
ID_PRIME = 2_147_483_647  # account ids: an affine bijection modulo this prime, so every id is distinct
ID_PREFIX = {"weibo": "6", "wechat": "gh_", "douyin": "9", "kuaishou": "3", "toutiao": "5", "bilibili": "4",
             "xiaohongshu": "x", "app": "app"}


@dataclass
class Accounts:
    """Every account of the data set as columns (one entry per account)."""

    platform: np.ndarray  # str
    account_id: np.ndarray  # str
    name: np.ndarray  # str: the name from `renamed` on (or always)
    old_name: np.ndarray  # str: the name before `renamed`
    agency: np.ndarray  # str
    province: np.ndarray
    city: np.ndarray  # str or None
    level: np.ndarray
    sector: np.ndarray
    start: np.ndarray  # first week index
    end: np.ndarray  # week index after the last
    renamed: np.ndarray  # week index of a rename (a large value: never)
    dormant: np.ndarray  # week index from which nothing is posted (never: large)
    quiet_from: np.ndarray  # one quiet spell: [quiet_from, quiet_to)
    quiet_to: np.ndarray
    regularity: np.ndarray  # chance of posting in a given week
    cap: np.ndarray  # follower scale
    base: np.ndarray  # followers at the first week
    tau: np.ndarray  # weeks to approach the scale
    wechat_detail: np.ndarray  # bool: exports per-article figures

    def __len__(self) -> int:
        return len(self.platform)


def weeks_between(start: dt.date, end: dt.date) -> np.ndarray:
    days = (end - start).days
    return np.array([start + dt.timedelta(days=7 * i) for i in range(days // 7 + 1)])


def _week_index(weeks: np.ndarray, day: dt.date) -> int:
    return int(np.searchsorted(weeks, day))


def _choice(rng: np.random.Generator, values, weights: np.ndarray | list[float], n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.asarray(list(values), dtype=object)[rng.choice(len(p), size=n, p=p / p.sum())]


def _places(rng: np.random.Generator, province: np.ndarray, level: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(city, place named in the account) for each account; cities within a province are Zipf-weighted."""
    n = len(province)
    city = np.full(n, None, dtype=object)
    place = province.copy()
    for prov, cities in CITIES.items():
        rows = np.flatnonzero((province == prov) & (level != "national") & (level != "provincial"))
        if rows.size:
            weights = 1 / np.arange(1, len(cities) + 1)
            city[rows] = _choice(rng, cities, weights, rows.size)
    county = level == "county"
    town = level == "township"
    city_rows = np.flatnonzero(level == "municipal")
    place[city_rows] = city[city_rows]
    county_rows = np.flatnonzero(county)
    place[county_rows] = city[county_rows] + _choice(rng, COUNTY_PLACES, np.ones(len(COUNTY_PLACES)), county_rows.size)
    town_rows = np.flatnonzero(town)
    place[town_rows] = city[town_rows] + _choice(rng, TOWN_PLACES, np.ones(len(TOWN_PLACES)), town_rows.size)
    place[level == "national"] = "中国"
    return city, place


def _names(place: np.ndarray, province: np.ndarray, level: np.ndarray, sector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    name = np.empty(len(place), dtype=object)
    agency = np.empty(len(place), dtype=object)
    for s, (template, prov_suffix, other_suffix) in SECTOR_NAMES.items():
        rows = np.flatnonzero(sector == s)
        for i in rows:
            p = place[i]
            name[i] = template.format(x=p)
            if level[i] == "provincial":
                prefix = province[i] + PROVINCE_SUFFIX.get(province[i], "省")
                agency[i] = ("中共" + prefix if s in ("政法", "宣传网信") else prefix) + prov_suffix
            elif level[i] == "national":
                agency[i] = "国务院" + other_suffix.replace("局", "总局")
            else:
                agency[i] = f"{p}{'' if p.endswith(('区', '市', '县', '街道', '镇')) else '市'}{other_suffix}"
    return name, agency


def _ids(platform: np.ndarray, seed: int) -> np.ndarray:
    n = len(platform)
    scrambled = (np.arange(n, dtype=np.int64) * 48271 + seed % ID_PRIME) % ID_PRIME
    digits = np.char.zfill(scrambled.astype(str), 10)
    prefix = np.array([ID_PREFIX[p] for p in platform], dtype=object)
    return (prefix + digits.astype(object)).astype(object)


def build_accounts(n: int, weeks: np.ndarray, seed: int = SEED) -> Accounts:
    rng = np.random.default_rng(seed)
    nw = len(weeks)
    platform = _choice(rng, PLATFORM_SHARE, list(PLATFORM_SHARE.values()), n)
    level = _choice(rng, LEVEL_SHARE, list(LEVEL_SHARE.values()), n)
    province = _choice(rng, POPULATION, list(POPULATION.values()), n)
    province[level == "national"] = "中央"
    sector_weights = np.array([3.0 if s in ("政府办公厅", "公安") else 1.0 for s in SECTORS])
    sector = _choice(rng, SECTORS, sector_weights, n)
    city, place = _places(rng, province, level)
    name, agency = _names(place, province, level, sector)
    # The same name on one platform would be two accounts of one office: number the later ones.
    seen: dict[tuple[str, str], int] = {}
    for i in range(n):
        key = (platform[i], name[i])
        k = seen.get(key, 0)
        seen[key] = k + 1
        if k:
            name[i] = f"{name[i]}{k + 1}"

    start = np.zeros(n, dtype=np.int64)
    for p, (first, centre, spread, present) in ADOPTION.items():
        rows = np.flatnonzero(platform == p)
        shift = np.select([level[rows] == "national", level[rows] == "provincial", level[rows] == "county",
                           level[rows] == "township"], [-40, -20, 10, 20], 0)
        adopted = _week_index(weeks, centre) + shift + rng.normal(0, spread, rows.size).astype(np.int64)
        earliest = _week_index(weeks, first)
        already = rng.random(rows.size) < present
        start[rows] = np.where(already, earliest, np.clip(adopted, earliest, max(nw - 8, earliest)))
    never = np.int64(10**6)
    end = np.full(n, nw, dtype=np.int64)
    regularity = _choice(rng, (1.0, 0.45, 0.2), (0.8, 0.14, 0.06), n).astype(float)
    dormant = np.where(rng.random(n) < 0.12, start + rng.integers(20, max(nw, 21), n), never)
    quiet_from = np.where(rng.random(n) < 0.45, start + rng.integers(0, max(nw, 1), n), never)
    quiet_to = quiet_from + rng.integers(2, 10, n)
    for day, rates in sorted(CLEANUPS.items()):
        w = _week_index(weeks, day)
        if not 0 < w < nw:
            continue
        alive = (start + 8 < w) & (end > w)
        long_dormant = alive & (dormant <= w - 13) & (rng.random(n) < 0.75)
        end[long_dormant] = w
        rate = np.array([rates.get(p, 0.0) for p in platform])
        closed = alive & ~long_dormant & (rng.random(n) < rate)
        dormant[closed] = np.maximum(start[closed] + 4, w - rng.integers(6, 30, closed.sum()))
        end[closed] = w

    renamed = np.full(n, never, dtype=np.int64)
    old_name = name.copy()
    renaming = (rng.random(n) < 0.02) & (end - start > 60)
    renamed[renaming] = start[renaming] + 20 + rng.integers(0, np.maximum(end[renaming] - start[renaming] - 30, 1))
    old_name[renaming] = name[renaming]
    name[renaming] = np.array([x.replace("发布", "政务发布") if x.endswith("发布") else f"{x}官方" for x in name[renaming]],
                              dtype=object)

    f_mult = np.array([PLATFORM[p][0] for p in platform])
    level_scale = np.array([LEVEL_FOLLOWERS[lv] for lv in level])
    cap = level_scale * f_mult * np.clip(rng.lognormal(0, 1.2, n), 0.05, 40)
    short_video = np.isin(platform, ("douyin", "kuaishou"))
    tau = np.where(short_video, rng.uniform(25, 80, n), rng.uniform(60, 220, n))
    base = np.where(start == 0, cap * rng.uniform(0.45, 0.8, n), cap * 0.01)
    accounts = Accounts(platform, _ids(platform, seed), name, old_name, agency, province, city, level, sector,
                        start, end, renamed, dormant, quiet_from, quiet_to, regularity, cap, base, tau,
                        rng.random(n) < 0.7)
    return _reform(rng, accounts, weeks)


def _reform(rng: np.random.Generator, a: Accounts, weeks: np.ndarray) -> Accounts:
    """2018 institutional reform: provincial and municipal 市场监管/文旅 accounts on 微博 and 微信 that
    existed before it take a merged office's name; a partner account of the other former office closes
    within a month, and half its audience moves over."""
    w = _week_index(weeks, REFORM_WEEK)
    if not 0 < w < len(weeks) - 8:
        return a
    eligible = (np.isin(a.sector, ("市场监管", "文旅")) & np.isin(a.level, ("provincial", "municipal"))
                & np.isin(a.platform, ("weibo", "wechat")) & (a.start < w) & (a.end > w + 8) & (a.renamed > 10**5))
    rows = np.flatnonzero(eligible & (rng.random(len(a)) < 0.5))
    merge = w + rng.integers(0, 16, rows.size)
    old = {"市场监管": ("工商", "食药监"), "文旅": ("旅游", "文化")}
    survivor_old = np.array([f"{a.old_name[i][:-2] if a.sector[i] == '文旅' else a.old_name[i][:-4]}{old[a.sector[i]][0]}"
                             for i in rows], dtype=object)
    a.old_name[rows] = survivor_old
    a.renamed[rows] = merge
    partners = {f: getattr(a, f)[rows].copy() for f in Accounts.__dataclass_fields__}
    partners["name"] = np.array([f"{a.name[i][:-2] if a.sector[i] == '文旅' else a.name[i][:-4]}{old[a.sector[i]][1]}"
                                 for i in rows], dtype=object)
    partners["old_name"] = partners["name"].copy()
    partners["renamed"] = np.full(rows.size, 10**6, dtype=np.int64)
    partners["end"] = merge + rng.integers(1, 5, rows.size)
    partners["dormant"] = np.full(rows.size, 10**6, dtype=np.int64)
    partners["cap"] = a.cap[rows] * 0.5
    partners["base"] = a.base[rows] * 0.5
    joined = {f: np.concatenate([getattr(a, f), partners[f]]) for f in Accounts.__dataclass_fields__}
    joined["account_id"] = _ids(joined["platform"], SEED + 1)
    return Accounts(**joined)


def _season(weeks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    posts = np.ones(len(weeks))
    reach = np.ones(len(weeks))
    for sf in SPRING_FESTIVALS:
        w = _week_index(weeks, sf)
        if 0 <= w < len(weeks):
            posts[w: w + 2] *= 0.55
            reach[w: w + 2] *= 0.8
    return posts, reach


def week_table(a: Accounts, weeks: np.ndarray, w: int, seed: int = SEED) -> pa.Table:
    """The snapshot of week index `w`: one row per account alive that week."""
    rng = np.random.default_rng([seed, w])
    rows = np.flatnonzero((a.start <= w) & (a.end > w))
    n = rows.size
    post_season, reach_season = _season(weeks)
    t = (w - a.start[rows]).astype(float)
    cap, base = a.cap[rows], a.base[rows]
    followers = base + (cap - base) * (1 - np.exp(-t / a.tau[rows])) + cap * 0.0008 * t
    followers *= rng.lognormal(0, 0.01, n)
    platform = a.platform[rows]
    params = np.array([PLATFORM[p] for p in PLATFORM_SHARE])
    code = {p: i for i, p in enumerate(PLATFORM_SHARE)}
    pidx = np.array([code[p] for p in platform])
    _, reach_rate, like_rate, comment_rate, share_rate, post_rate = params[pidx].T
    active = ((w < a.dormant[rows]) & ~((w >= a.quiet_from[rows]) & (w < a.quiet_to[rows]))
              & (rng.random(n) < a.regularity[rows]))
    level_rate = np.array([LEVEL_POSTING[lv] for lv in a.level[rows]])
    posts = rng.poisson(post_rate * level_rate * post_season[w]) * active
    spike = np.where(rng.random(n) < 0.004, np.exp(rng.uniform(np.log(3), np.log(25), n)), 1.0)
    reads = posts * followers * reach_rate * rng.lognormal(0, 0.5, n) * reach_season[w] * spike
    likes = reads * like_rate * rng.lognormal(0, 0.25, n)
    comments = likes * comment_rate * rng.lognormal(0, 0.3, n)
    shares = likes * share_rate * rng.lognormal(0, 0.3, n)
    reads = np.round(reads).astype(np.int64)
    wechat = platform == "wechat"
    detail = wechat & a.wechat_detail[rows]
    headline = np.round(reads * rng.uniform(0.45, 0.75, n)).astype(np.int64)
    per_post = np.where(posts > 0, reads / np.maximum(posts, 1), 0)
    best = np.minimum(reads, np.round(per_post * rng.uniform(1.5, 3.5, n))).astype(np.int64)
    best = np.where(best > 100_000, schema.WECHAT_CAPPED_READS, best)
    capped = wechat & (posts == 1) & (reads > 100_000)
    reads = np.where(capped, schema.WECHAT_CAPPED_READS, reads)
    headline = np.where(capped, schema.WECHAT_CAPPED_READS, headline)
    best = np.where(capped, schema.WECHAT_CAPPED_READS, best)
    likes_i = np.round(likes).astype(np.int64)
    named = np.where(w >= a.renamed[rows], a.name[rows], a.old_name[rows])
    columns = {
        "snapshot_date": pa.array(np.full(n, weeks[w]), pa.date32()),
        "platform": pa.array(platform, pa.string()),
        "account_id": pa.array(a.account_id[rows], pa.string()),
        "account_name": pa.array(named, pa.string()),
        "province": pa.array(a.province[rows], pa.string()),
        "city": pa.array(a.city[rows], pa.string()),
        "level": pa.array(a.level[rows], pa.string()),
        "sector": pa.array(a.sector[rows], pa.string()),
        "agency": pa.array(a.agency[rows], pa.string()),
        "followers": pa.array(np.round(followers).astype(np.int64)),
        "posts": pa.array(posts.astype(np.int64)),
        "reads": pa.array(reads),
        "likes": pa.array(likes_i),
        "comments": pa.array(np.round(comments).astype(np.int64)),
        "shares": pa.array(np.round(shares).astype(np.int64)),
        "watching": pa.array(np.round(likes_i * rng.uniform(0.3, 0.8, n)).astype(np.int64), mask=~wechat),
        "headline_reads": pa.array(headline, mask=~detail),
        "max_reads": pa.array(best, mask=~detail),
        "period_days": pa.array(np.full(n, schema.DEFAULT_PERIOD_DAYS, dtype=np.int32)),
    }
    return pa.Table.from_pydict(columns, schema=schema.ARROW_SCHEMA)


def write(accounts: int, start: dt.date, end: dt.date, out: Path, seed: int = SEED) -> tuple[int, int]:
    """Write one zstd parquet file per week into `out`; returns (files, rows)."""
    weeks = weeks_between(start, end)
    a = build_accounts(accounts, weeks, seed)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for w in range(len(weeks)):
        table = week_table(a, weeks, w, seed)
        pq.write_table(table, out / f"{weeks[w].isoformat()}.parquet", compression="zstd")
        total += table.num_rows
    return len(weeks), total


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=300_000)
    parser.add_argument("--start", type=_date, default=dt.date(2018, 1, 3), help="the first snapshot date")
    parser.add_argument("--end", type=_date, default=dt.date(2026, 6, 24), help="the last snapshot date (at most)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, required=True, help="directory for the weekly files")
    args = parser.parse_args(argv)
    if args.accounts < 1 or args.end < args.start:
        parser.error("--accounts must be positive and --end not before --start")
    began = time.perf_counter()
    files, rows = write(args.accounts, args.start, args.end, args.out, args.seed)
    size = sum(p.stat().st_size for p in args.out.glob("*.parquet")) / 1e6
    print(f"{args.out}: {files} weekly files, {rows:,} rows, {size:,.0f} MB in {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
