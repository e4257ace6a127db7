import pytest

from analytics.store import schema
from analytics.vocab import platforms, provinces, units


@pytest.mark.parametrize("value, code", [
    ("微博", "weibo"), ("新浪微博", "weibo"), ("WEIBO", "weibo"), ("ｗｅｉｂｏ", "weibo"),
    ("微信", "wechat"), ("微信公众号", "wechat"), ("抖音", "douyin"), ("快手", "kuaishou"),
    ("今日头条", "toutiao"), ("头条号", "toutiao"), ("哔哩哔哩", "bilibili"), ("B站", "bilibili"),
    ("ｂ站", "bilibili"), ("小红书", "xiaohongshu"), ("政务App", "app"), ("客户端", "app"), (" 抖 音 ", "douyin"),
    ("火星", None), ("", None),
])
def test_platform_aliases(value, code):
    assert platforms.canonical(value) == code


def test_eight_platforms_with_distinct_colours():
    assert len(platforms.CODES) == 8
    assert len(set(platforms.COLORS.values())) == 8


@pytest.mark.parametrize("value, short", [
    ("浙江", "浙江"), ("浙江省", "浙江"), ("330000", "浙江"), (330000, "浙江"), ("Zhejiang", "浙江"),
    ("内蒙古自治区", "内蒙古"), ("广西壮族自治区", "广西"), ("新疆生产建设兵团", "兵团"), ("中央", "中央"),
    ("西藏", "西藏"), ("Tibet", "西藏"), ("４４００００", "广东"), ("台湾省", None), ("香港", None), ("火星省", None),
    (True, None),
])
def test_region_aliases(value, short):
    assert provinces.canonical(value) == short


def test_regions_cover_31_provinces_xpcc_and_central():
    codes = [r.code for r in provinces.IN_SCOPE if r.short not in ("中央", "兵团")]
    assert len(codes) == 31 and len(set(codes)) == 31
    assert {"中央", "兵团"} <= set(provinces.SHORTS)


def test_tile_positions_are_unique():
    cells = [(r.row, r.col) for r in provinces.REGIONS]
    assert len(cells) == len(set(cells))


@pytest.mark.parametrize("value, code", [
    ("国家级", "national"), ("省级", "provincial"), ("地市级", "municipal"), ("区县级", "county"),
    ("乡镇级", "township"), ("County", "county"), ("村级", None),
])
def test_level_aliases(value, code):
    assert units.canonical_level(value) == code


@pytest.mark.parametrize("value, sector", [("公安", "公安"), ("卫生健康", "卫健"), ("police", "公安"), (" 水利 ", "水利")])
def test_sector_aliases(value, sector):
    assert units.canonical_sector(value) == sector


@pytest.mark.parametrize("header, column", [
    ("日期", "snapshot_date"), ("统计日期", "snapshot_date"), ("账号ID", "account_id"), ("粉丝数", "followers"),
    ("播放量", "reads"), ("转发数", "shares"), ("分享数", "shares"), ("作品数", "posts"), ("SNAPSHOT_DATE", "snapshot_date"),
    ("unknown", None),
])
def test_header_aliases(header, column):
    assert schema.canonical_header(header) == column
