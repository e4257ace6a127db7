"""Provincial-level regions: GB/T 2260 codes, names, aliases and tile-grid positions for the tile map."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.vocab.text import fold


@dataclass(frozen=True)
class Region:
    short: str  # canonical value stored in the table
    full: str
    en: str
    code: str | None  # GB/T 2260; see notes on 兵团 and 中央 below
    row: int
    col: int
    in_scope: bool = True  # False: drawn on the tile map for completeness, never accepted as data

    def name(self, lang: str = "zh", full: bool = False) -> str:
        if lang == "en":
            return self.en
        return self.full if full else self.short


# Tile positions: row 0 is the north, col 0 the west; each region one equal tile roughly where it
# lies. 中央 sits apart in the top-left corner because it is not a place.
# 兵团 has no GB/T 2260 code; 660000 is the code national statistics systems use for it.
REGIONS: tuple[Region, ...] = (
    Region("中央", "中央和国家机关", "Central", None, 0, 0),
    Region("北京", "北京市", "Beijing", "110000", 1, 6),
    Region("天津", "天津市", "Tianjin", "120000", 2, 7),
    Region("河北", "河北省", "Hebei", "130000", 2, 6),
    Region("山西", "山西省", "Shanxi", "140000", 2, 5),
    Region("内蒙古", "内蒙古自治区", "Inner Mongolia", "150000", 1, 5),
    Region("辽宁", "辽宁省", "Liaoning", "210000", 1, 7),
    Region("吉林", "吉林省", "Jilin", "220000", 1, 8),
    Region("黑龙江", "黑龙江省", "Heilongjiang", "230000", 0, 8),
    Region("上海", "上海市", "Shanghai", "310000", 4, 7),
    Region("江苏", "江苏省", "Jiangsu", "320000", 3, 7),
    Region("浙江", "浙江省", "Zhejiang", "330000", 5, 7),
    Region("安徽", "安徽省", "Anhui", "340000", 4, 6),
    Region("福建", "福建省", "Fujian", "350000", 6, 6),
    Region("江西", "江西省", "Jiangxi", "360000", 5, 6),
    Region("山东", "山东省", "Shandong", "370000", 3, 6),
    Region("河南", "河南省", "Henan", "410000", 3, 5),
    Region("湖北", "湖北省", "Hubei", "420000", 4, 5),
    Region("湖南", "湖南省", "Hunan", "430000", 5, 5),
    Region("广东", "广东省", "Guangdong", "440000", 6, 5),
    Region("广西", "广西壮族自治区", "Guangxi", "450000", 6, 4),
    Region("海南", "海南省", "Hainan", "460000", 7, 4),
    Region("重庆", "重庆市", "Chongqing", "500000", 4, 4),
    Region("四川", "四川省", "Sichuan", "510000", 3, 3),
    Region("贵州", "贵州省", "Guizhou", "520000", 5, 4),
    Region("云南", "云南省", "Yunnan", "530000", 4, 3),
    Region("西藏", "西藏自治区", "Xizang", "540000", 3, 2),
    Region("陕西", "陕西省", "Shaanxi", "610000", 3, 4),
    Region("甘肃", "甘肃省", "Gansu", "620000", 2, 3),
    Region("青海", "青海省", "Qinghai", "630000", 2, 2),
    Region("宁夏", "宁夏回族自治区", "Ningxia", "640000", 2, 4),
    Region("新疆", "新疆维吾尔自治区", "Xinjiang", "650000", 1, 0),
    Region("兵团", "新疆生产建设兵团", "XPCC", "660000", 1, 1),
    Region("台湾", "台湾省", "Taiwan", "710000", 6, 7, in_scope=False),
    Region("香港", "香港特别行政区", "Hong Kong", "810000", 7, 6, in_scope=False),
    Region("澳门", "澳门特别行政区", "Macao", "820000", 7, 5, in_scope=False),
)

BY_SHORT: dict[str, Region] = {r.short: r for r in REGIONS}
IN_SCOPE: tuple[Region, ...] = tuple(r for r in REGIONS if r.in_scope)
SHORTS: tuple[str, ...] = tuple(r.short for r in IN_SCOPE)

_EXTRA_ALIASES = {
    "中央": ("国家", "国家级", "中央国家机关", "national", "central government"),
    "兵团": ("新疆兵团", "xinjiang production and construction corps"),
    "西藏": ("tibet",),
    "内蒙古": ("内蒙",),
}

_ALIASES: dict[str, str] = {}
for _r in IN_SCOPE:
    for _a in (_r.short, _r.full, _r.en, *(_r.code or "",), *_EXTRA_ALIASES.get(_r.short, ())):
        if _a:
            _ALIASES[fold(_a)] = _r.short


def canonical(value: object) -> str | None:
    """The stored short name for a full name, short name, English name or GB/T 2260 code (str or int)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        value = str(value)
    return _ALIASES.get(fold(str(value)))


def name(short: str, lang: str = "zh", full: bool = False) -> str:
    r = BY_SHORT.get(short)
    return r.name(lang, full) if r else short
