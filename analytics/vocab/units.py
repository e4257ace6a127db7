"""Administrative levels and sectors (行业/系统) with their upload aliases and display names."""

from __future__ import annotations

from analytics.vocab.text import fold

LEVELS: dict[str, tuple[str, str]] = {
    "national": ("中央", "National"),
    "provincial": ("省级", "Provincial"),
    "municipal": ("市级", "Municipal"),
    "county": ("县级", "County"),
    "township": ("乡镇级", "Township"),
}
_LEVEL_ALIASES = {
    "national": ("中央", "国家级", "中央级", "部委"),
    "provincial": ("省级", "省", "省部级"),
    "municipal": ("市级", "地市级", "地级", "市"),
    "county": ("县级", "区县级", "县区级", "县", "区县"),
    "township": ("乡镇级", "乡镇", "街道", "乡镇街道"),
}

# Common sectors of government accounts, in the names inspection reports use.
SECTORS: dict[str, str] = {
    "政府办公厅": "General office",
    "公安": "Public security",
    "交通": "Transport",
    "文旅": "Culture & tourism",
    "卫健": "Health",
    "政法": "Political & legal affairs",
    "应急": "Emergency management",
    "共青团": "Communist Youth League",
    "教育": "Education",
    "税务": "Taxation",
    "气象": "Meteorology",
    "市场监管": "Market regulation",
    "生态环境": "Ecology & environment",
    "人社": "Human resources & social security",
    "宣传网信": "Publicity & cyberspace",
    "消防": "Fire & rescue",
}
_SECTOR_ALIASES = {
    "政府办公厅": ("政府办", "办公厅", "政府", "政务发布", "发布"),
    "公安": ("警方", "公安局", "police"),
    "文旅": ("文化和旅游", "文化旅游", "旅游"),
    "卫健": ("卫生健康", "卫生", "卫健委", "health"),
    "应急": ("应急管理",),
    "共青团": ("团委",),
    "市场监管": ("市场监督管理",),
    "生态环境": ("环保",),
    "人社": ("人力资源和社会保障",),
    "宣传网信": ("网信", "宣传", "网信办"),
}

_LEVEL_MAP: dict[str, str] = {}
for _code, (_zh, _en) in LEVELS.items():
    for _a in (_code, _zh, _en, *_LEVEL_ALIASES[_code]):
        _LEVEL_MAP[fold(_a)] = _code

_SECTOR_MAP: dict[str, str] = {}
for _name, _en in SECTORS.items():
    for _a in (_name, _en, *_SECTOR_ALIASES.get(_name, ())):
        _SECTOR_MAP[fold(_a)] = _name


def canonical_level(value: str) -> str | None:
    return _LEVEL_MAP.get(fold(value))


def canonical_sector(value: str) -> str:
    """Known sectors map to their standard name; other sector names are kept as written (trimmed)."""
    return _SECTOR_MAP.get(fold(value), value.strip())


def level_name(code: str, lang: str = "zh") -> str:
    zh, en = LEVELS.get(code, (code, code))
    return en if lang == "en" else zh


def sector_name(sector: str, lang: str = "zh") -> str:
    return SECTORS.get(sector, sector) if lang == "en" else sector
