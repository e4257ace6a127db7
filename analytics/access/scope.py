"""A user's jurisdiction: the provinces, cities and platforms whose rows they may see and change.

A scope is enforced where the data is read: the engine reads every source (rows, rollup, account
summary) through `Scope.sql`, so no view, link or widget can widen it. National (no limits) is the
empty scope. Cities are named with their province ("浙江/杭州"): the same city name occurs in several
provinces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analytics.errors import SettingError
from analytics.vocab import platforms as platform_vocab

CITY_SEPARATOR = "/"


@dataclass(frozen=True)
class Scope:
    provinces: tuple[str, ...] = ()  # whole provinces
    cities: tuple[str, ...] = ()  # "province/city", each only that city of its province
    platforms: tuple[str, ...] = ()  # empty: every platform

    @property
    def national(self) -> bool:
        return not (self.provinces or self.cities or self.platforms)

    @property
    def regional(self) -> bool:
        return bool(self.provinces or self.cities)

    @classmethod
    def make(cls, provinces=(), cities=(), platforms=()) -> Scope:
        """A checked scope: a bare city needs exactly one province to belong to (which it then narrows)."""
        provinces = tuple(dict.fromkeys(p.strip() for p in provinces if p and p.strip()))
        named: list[str] = []
        for city in (c.strip() for c in cities if c and c.strip()):
            if CITY_SEPARATOR in city:
                named.append(city)
            elif len(provinces) == 1:
                named.append(f"{provinces[0]}{CITY_SEPARATOR}{city}")
            else:
                raise SettingError(f"城市“{city}”须写成“省/市”（例如 浙江/杭州），或只给一个省份",
                                   f"city {city!r} must be written province/city (e.g. 浙江/杭州), or given with exactly one province")
        inside = {c.split(CITY_SEPARATOR, 1)[0] for c in named}
        provinces = tuple(p for p in provinces if p not in inside)  # a province with cities is only those cities
        codes = []
        for p in platforms:
            code = platform_vocab.canonical(p) if p else None
            if code is None:
                raise SettingError(f"未知平台：{p}", f"unknown platform: {p}")
            codes.append(code)
        return cls(provinces, tuple(sorted(set(named))), tuple(sorted(set(codes))))

    def sql(self) -> tuple[str, dict[str, Any]]:
        """The scope as one SQL condition on province, city and platform, with bound parameters."""
        if self.national:
            return "TRUE", {}
        clauses, params, places = [], {}, []
        if self.provinces:
            places.append("list_contains($scope_provinces, province)")
            params["scope_provinces"] = list(self.provinces)
        if self.cities:
            places.append(f"list_contains($scope_cities, province || '{CITY_SEPARATOR}' || coalesce(city, ''))")
            params["scope_cities"] = list(self.cities)
        if places:
            clauses.append("(" + " OR ".join(places) + ")")
        if self.platforms:
            clauses.append("list_contains($scope_platforms, platform)")
            params["scope_platforms"] = list(self.platforms)
        return " AND ".join(clauses), params

    def allows(self, province: str | None, city: str | None, platform: str | None) -> bool:
        if self.platforms and platform not in self.platforms:
            return False
        if not self.regional:
            return True
        return province in self.provinces or f"{province}{CITY_SEPARATOR}{city or ''}" in self.cities

    def places(self) -> tuple[str, ...]:
        """The provinces the scope touches (a city's province included)."""
        return tuple(sorted({*self.provinces, *(c.split(CITY_SEPARATOR, 1)[0] for c in self.cities)}))

    def overlaps(self, provinces: tuple[str, ...]) -> bool:
        """Whether work done within `provinces` (empty: national work) concerns this scope's reader."""
        return not self.regional or not provinces or bool(set(provinces) & set(self.places()))

    def contains(self, other: Scope) -> bool:
        """Whether everything `other` reaches is within this scope (a national scope contains every scope;
        a scoped one contains no national or wider one)."""
        if self.platforms and not (other.platforms and set(other.platforms) <= set(self.platforms)):
            return False
        if not self.regional:
            return True
        if not other.regional:
            return False
        return (set(other.provinces) <= set(self.provinces)
                and all(c in self.cities or c.split(CITY_SEPARATOR, 1)[0] in self.provinces for c in other.cities))

    @classmethod
    def from_dict(cls, value: dict) -> Scope:
        return cls(tuple(value.get("provinces", ())), tuple(value.get("cities", ())), tuple(value.get("platforms", ())))

    def describe(self, lang: str = "zh") -> str:
        if self.national:
            return "全国" if lang == "zh" else "national"
        places = [*self.provinces, *self.cities] or (["全国"] if lang == "zh" else ["national"])
        text = "、".join(places) if lang == "zh" else ", ".join(places)
        if self.platforms:
            names = [platform_vocab.name(p, lang) for p in self.platforms]
            text += ("（" + "、".join(names) + "）") if lang == "zh" else " (" + ", ".join(names) + ")"
        return text

    def as_dict(self) -> dict[str, list[str]]:
        return {"provinces": list(self.provinces), "cities": list(self.cities), "platforms": list(self.platforms)}


NATIONAL = Scope()
NOTHING = Scope(provinces=("",))  # matches no row: every stored row names its province
