"""Deterministic generator of the bundled sample snapshots (python sample_data/generate.py).

Weekly snapshots (weeks ending on Wednesdays) from 2018-01-03 to 2026-06-24 for about 2,500
government accounts. The shape follows what is known of the field: 微博 mature and shrinking in
clean-up waves after 2020, 微信 the largest, 抖音 from 2018, 快手 from 2019, B站/小红书 later,
few apps; Spring Festival dips, the early-2020 epidemic surge, viral spikes, accounts that go
quiet (so the two-week rule fails), closures in clean-up waves, the 2018 institutional reform
merging 工商/食药监 into 市场监管 and 旅游/文化 into 文旅, and the 2019-01 rename of
公安部打四黑除四害 to 中国警方在线. The 抖音 week 2019-02-28~2019-03-06 carries the figures
清博 published for it (see SEED_TOP10 below).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from analytics.store import schema  # noqa: E402
from analytics.views import indices  # noqa: E402

SEED = 20190306
FIRST_WEEK = dt.date(2018, 1, 3)
LAST_WEEK = dt.date(2026, 6, 24)
WEEKS = pd.date_range(FIRST_WEEK, LAST_WEEK, freq="7D").date
NW = len(WEEKS)
SEED_WEEK = dt.date(2019, 3, 6)
SEED_IDX = int(np.flatnonzero(WEEKS == SEED_WEEK)[0])

# 清博's published top-10 government 抖音 accounts for 2019-02-28 ~ 2019-03-06: 240 works, more than
# 15.27亿 plays, 6561万 likes, 258万 comments, 119万 shares in total; the leader 浙有正能量 with 34
# works, 4.7亿 plays, 2448万 likes, 84万 comments, 11万 shares; 太原铁路公安在线 second, 深圳南山交警
# third. Only those totals and the leader's row are published; the split of the rest is ours.
# (name, province, city, level, sector, agency, works, plays, likes, comments, shares)
SEED_TOP10 = (
    ("浙有正能量", "浙江", None, "provincial", "宣传网信", "浙江省委网信办", 34, 470_000_000, 24_480_000, 840_000, 110_000),
    ("太原铁路公安在线", "山西", "太原", "municipal", "公安", "太原铁路公安处", 30, 260_000_000, 9_600_000, 420_000, 100_000),
    ("深圳南山交警", "广东", "深圳", "county", "公安", "深圳市公安局交通警察支队南山大队", 28, 190_000_000, 7_300_000, 310_000, 90_000),
    ("四平警事", "吉林", "四平", "municipal", "公安", "四平市公安局", 27, 128_000_000, 5_200_000, 210_000, 200_000),
    ("共青团中央", "中央", None, "national", "共青团", "共青团中央", 24, 102_000_000, 4_300_000, 180_000, 170_000),
    ("中国长安网", "中央", None, "national", "政法", "中央政法委", 22, 96_000_000, 3_900_000, 160_000, 140_000),
    ("北京SWAT", "北京", None, "provincial", "公安", "北京市公安局特警总队", 20, 84_000_000, 3_300_000, 140_000, 120_000),
    ("江宁公安在线", "江苏", "南京", "county", "公安", "南京市公安局江宁分局", 19, 76_000_000, 2_900_000, 120_000, 100_000),
    ("中国消防", "中央", None, "national", "消防", "应急管理部消防救援局", 18, 66_000_000, 2_500_000, 110_000, 90_000),
    ("广西消防", "广西", None, "provincial", "消防", "广西壮族自治区消防救援总队", 18, 55_360_000, 2_130_000, 90_000, 70_000),
)

SPRING_FESTIVALS = [dt.date(2018, 2, 16), dt.date(2019, 2, 5), dt.date(2020, 1, 25), dt.date(2021, 2, 12),
                    dt.date(2022, 2, 1), dt.date(2023, 1, 22), dt.date(2024, 2, 10), dt.date(2025, 1, 29),
                    dt.date(2026, 2, 17)]
# Clean-up waves (集约化整合、清理僵尸号), with the share of otherwise healthy accounts closed on
# each platform. 政务机构微博 fell from 140,837 (2020-12) to 90,271 (2024-12) in CNNIC's counts.
CLEANUPS = {
    dt.date(2019, 6, 26): {"wechat": 0.03, "weibo": 0.02, "toutiao": 0.03},
    dt.date(2020, 12, 30): {"wechat": 0.03, "weibo": 0.03, "toutiao": 0.02},
    dt.date(2021, 6, 30): {"weibo": 0.10},
    dt.date(2022, 6, 29): {"weibo": 0.10, "toutiao": 0.05, "wechat": 0.02},
    dt.date(2023, 12, 27): {"weibo": 0.09, "kuaishou": 0.05},
    dt.date(2024, 6, 26): {"weibo": 0.08, "toutiao": 0.05},
}
EPIDEMIC = (dt.date(2020, 1, 22), dt.date(2020, 3, 25))

LEVEL_FOLLOWERS = {"national": 3e6, "provincial": 5e5, "municipal": 8e4, "county": 1.2e4, "township": 2.5e3}
PLATFORM = {
    # followers multiplier, reads per post per follower, likes/read, comments/like, shares/like, posts/week
    "weibo": (1.5, 0.02, 0.010, 0.30, 0.50, 20),
    "wechat": (0.5, 0.05, 0.012, 0.10, 0.30, 8),
    "douyin": (1.0, 0.80, 0.040, 0.04, 0.02, 4),
    "kuaishou": (0.6, 0.50, 0.035, 0.05, 0.02, 4),
    "toutiao": (0.4, 0.30, 0.010, 0.15, 0.10, 10),
    "bilibili": (0.3, 0.40, 0.060, 0.08, 0.05, 2),
    "xiaohongshu": (0.1, 0.30, 0.050, 0.10, 0.08, 3),
    "app": (2.0, 0.02, 0.005, 0.05, 0.05, 25),
}
HAS_PLATFORM = {
    "wechat": {"national": .95, "provincial": .95, "municipal": .88, "county": .82, "township": .7},
    "weibo": {"national": .9, "provincial": .75, "municipal": .5, "county": .3, "township": .1},
    "douyin": {"national": .8, "provincial": .65, "municipal": .5, "county": .4, "township": .25},
    "toutiao": {"national": .6, "provincial": .45, "municipal": .3, "county": .2, "township": .05},
    "kuaishou": {"national": .4, "provincial": .25, "municipal": .18, "county": .15, "township": .08},
    "bilibili": {"national": .5, "provincial": .12, "municipal": .03, "county": .01, "township": 0},
    "xiaohongshu": {"national": .2, "provincial": .08, "municipal": .04, "county": .02, "township": 0},
}
# (first possible week, centre of adoption, spread in weeks, share already present on 2018-01-03)
ADOPTION = {
    "wechat": (FIRST_WEEK, dt.date(2019, 6, 1), 60, 0.85),
    "weibo": (FIRST_WEEK, dt.date(2018, 9, 1), 30, 0.90),
    "toutiao": (FIRST_WEEK, dt.date(2018, 10, 1), 30, 0.55),
    "douyin": (dt.date(2018, 4, 4), dt.date(2019, 8, 1), 30, 0.0),
    "kuaishou": (dt.date(2019, 1, 2), dt.date(2020, 9, 1), 35, 0.0),
    "bilibili": (dt.date(2018, 6, 6), dt.date(2021, 1, 1), 45, 0.15),
    "xiaohongshu": (dt.date(2021, 1, 6), dt.date(2023, 3, 1), 40, 0.0),
    "app": (FIRST_WEEK, dt.date(2019, 1, 1), 40, 0.6),
}

CITIES = {
    "北京": ["朝阳", "海淀", "西城"], "天津": ["和平", "滨海新区"], "上海": ["浦东新区", "黄浦", "徐汇"],
    "重庆": ["渝中", "万州"], "河北": ["石家庄", "保定", "唐山"], "山西": ["太原", "大同", "晋中"],
    "内蒙古": ["呼和浩特", "包头", "鄂尔多斯"], "辽宁": ["沈阳", "大连", "鞍山"], "吉林": ["长春", "吉林", "四平"],
    "黑龙江": ["哈尔滨", "齐齐哈尔", "大庆"], "江苏": ["南京", "苏州", "无锡", "徐州"],
    "浙江": ["杭州", "宁波", "温州", "绍兴"], "安徽": ["合肥", "芜湖", "阜阳"], "福建": ["福州", "厦门", "泉州"],
    "江西": ["南昌", "赣州", "九江"], "山东": ["济南", "青岛", "烟台", "潍坊"], "河南": ["郑州", "洛阳", "南阳", "开封"],
    "湖北": ["武汉", "宜昌", "襄阳", "荆门"], "湖南": ["长沙", "株洲", "岳阳"], "广东": ["广州", "深圳", "佛山", "东莞"],
    "广西": ["南宁", "柳州", "桂林"], "海南": ["海口", "三亚"], "四川": ["成都", "绵阳", "宜宾", "南充"],
    "贵州": ["贵阳", "遵义"], "云南": ["昆明", "大理", "曲靖"], "西藏": ["拉萨", "日喀则"], "陕西": ["西安", "宝鸡", "咸阳"],
    "甘肃": ["兰州", "天水"], "青海": ["西宁", "海东"], "宁夏": ["银川", "石嘴山"], "新疆": ["乌鲁木齐", "喀什", "伊犁"],
    "兵团": ["石河子", "阿拉尔"],
}
MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}
PROVINCE_SUFFIX = {"北京": "市", "天津": "市", "上海": "市", "重庆": "市", "内蒙古": "自治区", "广西": "壮族自治区",
                   "西藏": "自治区", "宁夏": "回族自治区", "新疆": "维吾尔自治区", "兵团": ""}
COUNTY_NAMES = ("高新区", "经开区", "新区")
NATIONAL = (
    ("中国警方在线", "公安", "公安部"), ("国资小新", "政府办公厅", "国务院国资委"), ("中国气象局", "气象", "中国气象局"),
    ("国家税务总局", "税务", "国家税务总局"), ("中国交通", "交通", "交通运输部"), ("文旅之声", "文旅", "文化和旅游部"),
    ("健康中国", "卫健", "国家卫生健康委员会"), ("微言教育", "教育", "教育部"), ("市说新语", "市场监管", "国家市场监督管理总局"),
    ("生态环境部", "生态环境", "生态环境部"), ("中国人社", "人社", "人力资源和社会保障部"), ("中国应急管理", "应急", "应急管理部"),
    ("中国网信网", "宣传网信", "国家互联网信息办公室"), ("中国政府网", "政府办公厅", "国务院办公厅"), ("最高人民法院", "政法", "最高人民法院"),
    ("最高人民检察院", "政法", "最高人民检察院"), ("中国铁路", "交通", "国家铁路局"), ("中国民航", "交通", "中国民用航空局"),
    ("国家统计局", "政府办公厅", "国家统计局"), ("中国商务", "政府办公厅", "商务部"), ("外交部发言人办公室", "政府办公厅", "外交部"),
    ("中国海关发布", "政府办公厅", "海关总署"), ("中国普法", "政法", "司法部"),
)
SECTOR_NAMES = {
    # sector: (account name template, agency suffix at provincial level, agency suffix below)
    "政府办公厅": ("{x}发布", "人民政府办公厅", "人民政府办公室"),
    "公安": ("平安{x}", "公安厅", "公安局"),
    "交通": ("{x}交通", "交通运输厅", "交通运输局"),
    "文旅": ("{x}文旅", "文化和旅游厅", "文化广电旅游局"),
    "卫健": ("健康{x}", "卫生健康委员会", "卫生健康局"),
    "政法": ("{x}长安网", "委政法委", "委政法委"),
    "应急": ("{x}应急管理", "应急管理厅", "应急管理局"),
    "共青团": ("共青团{x}委", "团委", "团委"),
    "教育": ("{x}教育发布", "教育厅", "教育局"),
    "税务": ("{x}税务", "税务局", "税务局"),
    "气象": ("{x}气象", "气象局", "气象局"),
    "市场监管": ("{x}市场监管", "市场监督管理局", "市场监督管理局"),
    "生态环境": ("{x}生态环境", "生态环境厅", "生态环境局"),
    "人社": ("{x}人社", "人力资源和社会保障厅", "人力资源和社会保障局"),
    "宣传网信": ("网信{x}", "委网信办", "委网信办"),
    "消防": ("{x}消防", "消防救援总队", "消防救援支队"),
}
PROVINCIAL_SECTORS = ("政府办公厅", "公安", "交通", "文旅", "卫健", "共青团", "应急", "市场监管", "税务", "消防")
MUNICIPAL_SECTORS = ("政府办公厅", "公安", "文旅", "卫健", "教育", "应急", "气象", "生态环境")
COUNTY_SECTORS = ("政府办公厅", "公安", "教育")
# Provinces whose provincial 市场监管 / 文旅 accounts went through the 2018 reform merge in the data.
REFORM_PROVINCES = ("江苏", "浙江", "山东", "河南", "四川", "湖北", "广东", "河北")


@dataclass
class Agency:
    name: str
    display: str
    province: str
    city: str | None
    level: str
    sector: str
    star: tuple | None = None


@dataclass
class Account:
    platform: str
    account_id: str
    agency: Agency
    start: int
    end: int  # exclusive week index
    names: list[tuple[int, str, str]] = field(default_factory=list)  # (from week, name, agency name)
    dormant_from: int | None = None
    quiet_spells: list[tuple[int, int]] = field(default_factory=list)
    regularity: float = 1.0
    extra_followers: list[tuple[int, float]] = field(default_factory=list)
    merged_away: bool = False


def _week(d: dt.date) -> int:
    return int(np.searchsorted(WEEKS, d))


def _place(province: str, city: str | None, level: str, county: str | None = None) -> str:
    if level == "national":
        return "中国"
    if county:
        return f"{city}{county}"
    return city if city else province


def _agency_name(sector: str, place: str, province: str, level: str) -> str:
    _, prov_suffix, other_suffix = SECTOR_NAMES[sector]
    if level == "provincial":
        prefix = province + PROVINCE_SUFFIX.get(province, "省")
        if sector in ("政法", "宣传网信"):
            prefix = f"中共{prefix}"
        return prefix + prov_suffix
    return f"{place}{'' if place.endswith(('区', '市')) else '市'}{other_suffix}"


def build_agencies(rng: np.random.Generator) -> list[Agency]:
    agencies: list[Agency] = []
    star_names = {s[0] for s in SEED_TOP10}
    for name, sector, org in NATIONAL:
        agencies.append(Agency(org, name, "中央", None, "national", sector))
    for province, cities in CITIES.items():
        for sector in PROVINCIAL_SECTORS:
            reform = province in REFORM_PROVINCES and sector in ("市场监管", "文旅")
            if rng.random() > 0.7 and sector != "政府办公厅" and not reform:
                continue
            tmpl = SECTOR_NAMES[sector][0]
            agencies.append(Agency(_agency_name(sector, province, province, "provincial"), tmpl.format(x=province),
                                   province, None, "provincial", sector))
        municipality = province in MUNICIPALITIES
        for city in cities:
            levels = (("county", COUNTY_SECTORS),) if municipality else (("municipal", MUNICIPAL_SECTORS),)
            for level, sectors in levels:
                for sector in sectors:
                    if rng.random() > 0.65:
                        continue
                    place = f"{city}区" if municipality and not city.endswith(("区", "新区")) else city
                    tmpl = SECTOR_NAMES[sector][0]
                    agencies.append(Agency(_agency_name(sector, place, province, level), tmpl.format(x=place),
                                           province, city, level, sector))
            if municipality:
                continue
            for county in COUNTY_NAMES[: 1 + int(rng.random() < 0.6)]:
                for sector in COUNTY_SECTORS:
                    if rng.random() > 0.65:
                        continue
                    place = _place(province, city, "county", county)
                    tmpl = SECTOR_NAMES[sector][0]
                    agencies.append(Agency(_agency_name(sector, place, province, "county"), tmpl.format(x=place),
                                           province, city, "county", sector))
            if rng.random() < 0.35:
                town = f"{city}{rng.choice(['城关', '新城', '东关', '南湖'])}街道"
                agencies.append(Agency(f"{town}办事处", f"{town}发布", province, city, "township", "政府办公厅"))
    for star in SEED_TOP10:
        name, province, city, level, sector, org = star[:6]
        existing = [a for a in agencies if a.display == name]
        if existing:
            existing[0].star = star
        else:
            agencies.append(Agency(org, name, province, city, level, sector, star=star))
    assert len({(a.display, a.province) for a in agencies if a.display in star_names}) == len(SEED_TOP10)
    return agencies


class _Ids:
    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.seen: set[tuple[str, str]] = set()

    def new(self, platform: str) -> str:
        while True:
            r = self.rng
            value = {
                "weibo": lambda: str(r.integers(1_000_000_000, 7_999_999_999)),
                "wechat": lambda: "gh_" + "".join(r.choice(list("0123456789abcdef"), 12)),
                "douyin": lambda: str(r.integers(10**10, 10**11 - 1)),
                "kuaishou": lambda: str(r.integers(10**8, 10**9 - 1)),
                "toutiao": lambda: str(r.integers(10**15, 10**16 - 1)),
                "bilibili": lambda: str(r.integers(10**8, 10**9 - 1)),
                "xiaohongshu": lambda: "".join(r.choice(list("0123456789abcdef"), 24)),
                "app": lambda: f"app{r.integers(100000, 999999)}",
            }[platform]()
            if (platform, value) not in self.seen:
                self.seen.add((platform, value))
                return value


def _start_week(rng: np.random.Generator, platform: str, level: str) -> int:
    first, centre, spread, present = ADOPTION[platform]
    if rng.random() < present + (0.1 if level in ("national", "provincial") else 0):
        return _week(first)
    # Higher levels adopt earlier, as they did in practice.
    shift = {"national": -40, "provincial": -20, "municipal": 0, "county": 10, "township": 20}[level]
    week = _week(centre) + shift + int(rng.normal(0, spread))
    return int(np.clip(week, _week(first), NW - 8))


def build_accounts(rng: np.random.Generator, agencies: list[Agency]) -> list[Account]:
    ids = _Ids(rng)
    accounts: list[Account] = []
    waves = sorted(CLEANUPS)
    for ag in agencies:
        platforms = []
        for platform, by_level in HAS_PLATFORM.items():
            p = by_level[ag.level] * (2.5 if ag.sector == "文旅" and platform in ("xiaohongshu", "douyin") else 1)
            if rng.random() < p:
                platforms.append(platform)
        if ag.sector == "政府办公厅" and ag.level in ("provincial", "municipal") and rng.random() < (0.7 if ag.level == "provincial" else 0.15):
            platforms.append("app")
        if ag.star and "douyin" not in platforms:
            platforms.append("douyin")
        for platform in platforms:
            start = _start_week(rng, platform, ag.level)
            if ag.star and platform == "douyin":
                start = _week(dt.date(2018, 5, 2)) + int(rng.integers(0, 20))
            acc = Account(platform, ids.new(platform), ag, start, NW, [(start, ag.display, ag.name)])
            _fate(rng, acc, waves)
            accounts.append(acc)
    return accounts


def _fate(rng: np.random.Generator, acc: Account, waves: list[dt.date]) -> None:
    """Decide whether and when an account goes quiet, goes dormant for good, or is closed."""
    if acc.agency.star:
        return
    acc.regularity = float(rng.choice([1.0, 0.45, 0.2], p=[0.8, 0.14, 0.06]))
    for _ in range(rng.poisson(0.6)):
        begin = int(rng.integers(acc.start, NW))
        acc.quiet_spells.append((begin, begin + int(rng.integers(2, 10))))
    if rng.random() < 0.12 and acc.start < NW - 40:
        acc.dormant_from = int(rng.integers(acc.start + 20, NW - 10))
    for wave in waves:
        w = _week(wave)
        if w <= acc.start + 8 or w >= acc.end:
            continue
        if acc.dormant_from is not None and acc.dormant_from <= w - 13 and rng.random() < 0.75:
            acc.end = w
            return
        if rng.random() < CLEANUPS[wave].get(acc.platform, 0):
            acc.dormant_from = max(acc.start + 4, w - int(rng.integers(6, 30)))
            acc.end = w
            return


def _reform_merges(rng: np.random.Generator, accounts: list[Account], agencies: list[Agency]) -> None:
    """2018 institutional reform: 工商+食药监 → 市场监管, 旅游+文化 → 文旅 (rename one, close the other)."""
    ids = _Ids(rng)
    ids.seen = {(a.platform, a.account_id) for a in accounts}
    for province in REFORM_PROVINCES:
        for sector, (old_a, old_b) in (("市场监管", ("工商", "食药监")), ("文旅", ("旅游", "文化"))):
            targets = [a for a in accounts if a.agency.province == province and a.agency.level == "provincial"
                       and a.agency.sector == sector and a.platform in ("weibo", "wechat")]
            for acc in targets:
                acc.start = 0
                merge_week = _week(dt.date(2018, 11, 7)) + int(rng.integers(0, 16))
                final_name, final_agency = acc.names[0][1], acc.names[0][2]
                suffix = {"工商": "工商行政管理局", "食药监": "食品药品监督管理局", "旅游": "旅游发展委员会", "文化": "文化厅"}
                acc.names = [(0, f"{province}{old_a}", f"{province}{PROVINCE_SUFFIX.get(province, '省')}{suffix[old_a]}"),
                             (merge_week, final_name, final_agency)]
                merged_agency = Agency(f"{province}{PROVINCE_SUFFIX.get(province, '省')}{suffix[old_b]}",
                                       f"{province}{old_b}", province, None, "provincial", sector)
                partner = Account(acc.platform, ids.new(acc.platform), merged_agency, 0,
                                  merge_week + int(rng.integers(1, 5)),
                                  [(0, merged_agency.display, merged_agency.name)], merged_away=True)
                # Part of the closed account's audience follows the merged account.
                acc.extra_followers.append((merge_week, 0.5))
                accounts.append(partner)


def _rename_police(accounts: list[Account]) -> None:
    for acc in accounts:
        if acc.agency.display == "中国警方在线" and acc.agency.level == "national" and acc.platform == "weibo":
            acc.start = 0
            acc.dormant_from, acc.quiet_spells, acc.regularity, acc.end = None, [], 1.0, NW
            acc.names = [(0, "公安部打四黑除四害", "公安部"), (_week(dt.date(2019, 1, 16)), "中国警方在线", "公安部")]
            acc.account_id = "1288915263"


def _other_renames(rng: np.random.Generator, accounts: list[Account]) -> None:
    for acc in accounts:
        if acc.agency.star or acc.merged_away or len(acc.names) > 1 or acc.end - acc.start < 60 or rng.random() > 0.02:
            continue
        week = int(rng.integers(acc.start + 20, acc.end - 10))
        old = acc.names[0][1]
        new = old.replace("发布", "政务发布") if old.endswith("发布") else f"{old}官方"
        acc.names.append((week, new, acc.names[0][2]))


def _season() -> tuple[np.ndarray, np.ndarray]:
    posts = np.ones(NW)
    reach = np.ones(NW)
    for sf in SPRING_FESTIVALS:
        w = _week(sf)
        if 0 <= w < NW:
            posts[w: w + 2] *= 0.55
            reach[w: w + 2] *= 0.8
    for year in range(2018, 2027):
        w = _week(dt.date(year, 10, 1))
        if w < NW:
            posts[w: w + 2] *= 0.8
    return posts, reach


POST_SEASON, REACH_SEASON = _season()
EPI = np.array([EPIDEMIC[0] <= d <= EPIDEMIC[1] for d in WEEKS])
ZAIKAN_FROM = _week(dt.date(2018, 12, 19))  # WeChat's 在看 replaced 好看 in December 2018


def simulate(rng: np.random.Generator, acc: Account) -> pd.DataFrame:
    weeks = np.arange(acc.start, acc.end)
    n = weeks.size
    ag = acc.agency
    f_mult, reach_rate, like_rate, comment_rate, share_rate, post_rate = PLATFORM[acc.platform]
    cap = LEVEL_FOLLOWERS[ag.level] * f_mult * float(np.clip(rng.lognormal(0, 0.9), 0.1, 6))
    if ag.star and acc.platform == "douyin":
        cap = float(rng.uniform(5e6, 2.5e7))
    existing = acc.start == 0 and ADOPTION[acc.platform][3] > 0
    tau = float(rng.uniform(25, 80) if acc.platform in ("douyin", "kuaishou") else rng.uniform(60, 220))
    base = cap * float(rng.uniform(0.45, 0.8)) if existing else cap * 0.01
    t = weeks - acc.start
    followers = base + (cap - base) * (1 - np.exp(-t / tau)) + cap * 0.0008 * t
    for week, share in acc.extra_followers:
        followers = followers + np.where(weeks >= week, cap * share, 0)

    rate = post_rate * {"national": 1.3, "provincial": 1.1, "municipal": 1.0, "county": 0.8, "township": 0.6}[ag.level]
    active = np.ones(n)
    quiet_rate = np.where(rng.random(n) < acc.regularity, 1.0, 0.0) if acc.regularity < 1 else np.ones(n)
    for b, e in acc.quiet_spells:
        active[(weeks >= b) & (weeks < e)] = 0
    if acc.dormant_from is not None:
        active[weeks >= acc.dormant_from] = 0
    epi_boost = np.where(EPI[weeks], 3.0 if ag.sector in ("卫健", "政府办公厅") else 1.6, 1.0)
    posts = rng.poisson(rate * POST_SEASON[weeks] * np.minimum(epi_boost, 1.5)) * active * quiet_rate
    spike = np.where(rng.random(n) < 0.004, np.exp(rng.uniform(np.log(3), np.log(25), n)), 1.0)
    followers = followers + np.cumsum((spike - 1) * cap * 0.002)
    noise = rng.lognormal(0, 0.35, n)
    reads = posts * followers * reach_rate * noise * REACH_SEASON[weeks] * epi_boost * spike
    likes = reads * like_rate * rng.lognormal(0, 0.25, n)
    comments = likes * comment_rate * rng.lognormal(0, 0.3, n)
    shares = likes * share_rate * rng.lognormal(0, 0.3, n)

    df = pd.DataFrame({
        "snapshot_date": WEEKS[weeks],
        "followers": np.round(followers).astype(np.int64),
        "posts": posts.astype(np.int64),
        "reads": np.round(reads).astype(np.int64),
        "likes": np.round(likes).astype(np.int64),
        "comments": np.round(comments).astype(np.int64),
        "shares": np.round(shares).astype(np.int64),
    })
    name_idx = np.searchsorted([w for w, _, _ in acc.names], weeks, side="right") - 1
    df["account_name"] = np.array([nm for _, nm, _ in acc.names], dtype=object)[name_idx]
    df["agency"] = np.array([ag_name for _, _, ag_name in acc.names], dtype=object)[name_idx]
    if acc.platform == "wechat":
        _wechat_columns(rng, df, weeks)
    return df


def _wechat_columns(rng: np.random.Generator, df: pd.DataFrame, weeks: np.ndarray) -> None:
    n = len(df)
    posts, reads = df["posts"].to_numpy(), df["reads"].to_numpy()
    watching = np.round(df["likes"].to_numpy() * rng.uniform(0.3, 0.8, n)).astype(np.int64)
    df["watching"] = pd.array(np.where(weeks >= ZAIKAN_FROM, watching, 0), dtype="Int64")
    df.loc[weeks < ZAIKAN_FROM, "watching"] = pd.NA
    detailed = rng.random() < 0.7  # the rest export no per-article figures, so WCI is approximate for them
    if detailed:
        headline = np.round(reads * rng.uniform(0.45, 0.75, n)).astype(np.int64)
        best = np.minimum(reads, np.round(np.where(posts > 0, reads / np.maximum(posts, 1), 0) * rng.uniform(1.5, 3.5, n)))
        best = np.where(best > 100_000, schema.WECHAT_CAPPED_READS, best).astype(np.int64)
        df["headline_reads"] = pd.array(headline, dtype="Int64")
        df["max_reads"] = pd.array(best, dtype="Int64")
    single_capped = (posts == 1) & (reads > 100_000)
    df.loc[single_capped, "reads"] = schema.WECHAT_CAPPED_READS
    if detailed:
        df.loc[single_capped, ["headline_reads", "max_reads"]] = schema.WECHAT_CAPPED_READS


def _apply_seed_week(frames: dict[tuple[str, str], pd.DataFrame], accounts: list[Account]) -> None:
    stars = {a.agency.star[0]: a for a in accounts if a.agency.star and a.platform == "douyin"}
    for name, *_rest in SEED_TOP10:
        works, plays, likes, comments, shares = _rest[5:]
        df = frames[("douyin", stars[name].account_id)]
        row = df.index[df["snapshot_date"] == SEED_WEEK][0]
        df.loc[row, ["posts", "reads", "likes", "comments", "shares"]] = [works, plays, likes, comments, shares]
    # Every other 抖音 account that week stays below the tenth leader, as in the published list.
    star_ids = {a.account_id for a in stars.values()}
    limits = {"reads": 20_000_000, "likes": 600_000, "comments": 20_000, "shares": 20_000}
    for (platform, account_id), df in frames.items():
        if platform != "douyin" or account_id in star_ids:
            continue
        hit = df["snapshot_date"] == SEED_WEEK
        for col, limit in limits.items():
            df.loc[hit, col] = np.minimum(df.loc[hit, col], limit)


def generate(seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    agencies = build_agencies(rng)
    accounts = build_accounts(rng, agencies)
    _reform_merges(rng, accounts, agencies)
    _rename_police(accounts)
    _other_renames(rng, accounts)
    frames: dict[tuple[str, str], pd.DataFrame] = {}
    for acc in accounts:
        if acc.end <= acc.start:
            continue
        df = simulate(rng, acc)
        df["platform"] = acc.platform
        df["account_id"] = acc.account_id
        df["province"] = acc.agency.province
        df["city"] = acc.agency.city
        df["level"] = acc.agency.level
        df["sector"] = acc.agency.sector
        frames[(acc.platform, acc.account_id)] = df
    _apply_seed_week(frames, accounts)
    out = pd.concat(frames.values(), ignore_index=True)
    for col in ("watching", "headline_reads", "max_reads"):
        if col not in out:
            out[col] = pd.NA
        out[col] = out[col].astype("Int64")
    out["period_days"] = np.int32(schema.DEFAULT_PERIOD_DAYS)
    out = out[list(schema.NAMES)].sort_values(["snapshot_date", "platform", "province", "account_id"], ignore_index=True)
    return out


def to_arrow(df: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(df, schema=schema.ARROW_SCHEMA, preserve_index=False)


def check_seed_week(table: pa.Table) -> list[str]:
    """The seed week's 抖音 top 10 by DCI, as names in rank order."""
    con = duckdb.connect()
    con.register("t", table)
    rows = con.execute(
        f"""
        WITH a AS (SELECT platform, account_name, posts AS n, period_days AS d, reads AS r, likes AS l,
                          comments AS c, shares AS s FROM t WHERE platform = 'douyin' AND snapshot_date = $week)
        SELECT account_name FROM a ORDER BY {indices.dci_sql()} DESC LIMIT 10
        """,
        {"week": SEED_WEEK},
    ).fetchall()
    return [r[0] for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "snapshots.parquet")
    args = parser.parse_args()
    table = to_arrow(generate())
    ranked = check_seed_week(table)
    expected = [s[0] for s in SEED_TOP10]
    if ranked != expected:
        raise SystemExit(f"seed week ranks {ranked}, expected {expected}")
    pq.write_table(table, args.out, compression="zstd", compression_level=9, row_group_size=256_000)
    accounts = table.select(["platform", "account_id"]).group_by(["platform", "account_id"]).aggregate([]).num_rows
    print(f"{args.out}: {table.num_rows:,} rows, {accounts:,} accounts, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
