import datetime as dt

import pytest

from analytics.query.filters import MAX_VALUES, Filters


def parse(query, cities=None, sectors=None):
    known = {name: values for name, values in (("city", cities), ("sector", sectors)) if values is not None}
    return Filters.from_query(query, known or None)


def test_defaults_round_trip_to_an_empty_query():
    assert Filters().to_query() == {}
    assert parse({}) == (Filters(), [])


def test_round_trip():
    f = Filters(start=dt.date(2019, 2, 28), end=dt.date(2019, 3, 6), provinces=("浙江", "山西"), cities=("杭州",),
                platforms=("douyin",), sectors=("公安",), levels=("county",), granularity="quarter", metric="reads")
    back, warnings = parse(f.to_query(), cities=["杭州"])
    assert back == f and warnings == []


@pytest.mark.parametrize("query, expected", [
    ({"province": ["330000", "浙江省", "Shanxi"]}, {"provinces": ("浙江", "山西")}),
    ({"platform": "抖音"}, {"platforms": ("douyin",)}),
    ({"platform": ["WEIBO", "weibo"]}, {"platforms": ("weibo",)}),
    ({"level": ["县级"]}, {"levels": ("county",)}),
    ({"sector": ["卫生健康"]}, {"sectors": ("卫健",)}),
    ({"granularity": "half-year"}, {"granularity": "half"}),
    ({"granularity": "Q"}, {"granularity": "quarter"}),
    ({"metric": "interactions"}, {"metric": "interactions"}),
    ({"start": "2024-01-01", "end": "2023-01-01"}, {"start": dt.date(2023, 1, 1), "end": dt.date(2024, 1, 1)}),
])
def test_accepted_values(query, expected):
    f, _ = parse(query)
    for attr, value in expected.items():
        assert getattr(f, attr) == value


@pytest.mark.parametrize("query, field", [
    ({"province": "浙江' OR 1=1 --"}, "provinces"),
    ({"platform": "weibo; DROP TABLE snapshots"}, "platforms"),
    ({"city": "杭州'); SELECT 1; --"}, "cities"),
    ({"sector": "<script>alert(1)</script>"}, "sectors"),
    ({"level": "1 UNION SELECT password"}, "levels"),
    ({"start": "2024-13-45"}, "start"),
    ({"start": "yesterday"}, "start"),
    ({"end": "1900-01-01"}, "end"),
    ({"end": "2024-02-30"}, "end"),
    ({"granularity": "decade"}, "granularity"),
    ({"metric": "password"}, "metric"),
])
def test_hostile_values_are_dropped_with_a_warning(query, field):
    f, warnings = parse(query)
    assert getattr(f, field) == getattr(Filters(), field)
    assert len(warnings) == 1 and warnings[0].zh and warnings[0].en


def test_huge_lists_are_cut():
    f, warnings = parse({"province": ["浙江"] * 5000})
    assert f.provinces == ("浙江",)
    assert any(str(MAX_VALUES) in w.en for w in warnings)


def test_cities_must_exist_in_the_data_when_known():
    f, warnings = parse({"city": ["杭州", "火星市"]}, cities={"杭州", "太原"})
    assert f.cities == ("杭州",) and "火星市" in warnings[0].zh


def test_repeated_single_values_take_the_first():
    f, warnings = parse({"granularity": ["year", "week"]})
    assert f.granularity == "year" and warnings


def test_warnings_quote_long_values_shortly():
    _, warnings = parse({"metric": "x" * 500})
    assert len(warnings[0].en) < 120


def test_a_valid_value_absent_from_the_data_is_reported():
    f, warnings = Filters.from_query({"province": ["浙江", "西藏自治区"], "platform": ["douyin", "kuaishou"]},
                                     {"province": ["浙江", "山西"], "platform": ["douyin"]})
    assert f.provinces == ("浙江",) and f.platforms == ("douyin",)
    assert [w.zh for w in warnings] == ["已忽略数据中没有的省份：'西藏'", "已忽略数据中没有的平台：'kuaishou'"]
    assert "absent from the data" in warnings[0].en


def test_every_dimension_round_trips_through_the_one_table():
    from analytics.query.engine import where
    from analytics.query.filters import DIMENSIONS

    f = Filters(provinces=("浙江",), cities=("杭州",), platforms=("douyin",), sectors=("公安",), levels=("county",))
    back, warnings = Filters.from_query(f.to_query(), {d.param: f.values(d) for d in DIMENSIONS})
    assert back == f and warnings == []
    sql, params = where(f)
    assert [p for p in params] == [d.attr for d in DIMENSIONS] and sql.count("list_contains") == len(DIMENSIONS)
