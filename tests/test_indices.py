"""Each index formula against the formula written out by hand."""

import math

import duckdb
import pytest

from analytics.views import indices


def ln(x):
    return math.log(x)


def score(platform, **inputs):
    cols = {"n": 0, "d": 7, "r": 0, "z": None, "l": 0, "c": 0, "s": 0, "rt": None, "rmax": None, **inputs}
    names = ", ".join(f"${k}::DOUBLE AS {k}" for k in cols)
    sql = (f"WITH t AS (SELECT $platform AS platform, {names}) "
           f"SELECT {indices.index_sql()}, {indices.approximate_sql()} FROM t")
    return duckdb.connect().execute(sql, {"platform": platform, **cols}).fetchone()


def f(r, z, l, re):
    return 0.70 * ln(r + 1) + 0.09 * ln(10 * z + 1) + 0.06 * ln(10 * l + 1) + 0.15 * ln(10 * re + 1)


def test_wci_v14_2_with_every_input():
    R, Z, L, RE, n, d, Rt, Rmax = 300, 15, 30, 3, 3, 7, 200, 150
    t, m = Rt / R, Rmax / R
    expected = (0.6 * f(R / d, Z / d, L / d, RE / d) + 0.2 * f(R / n, Z / n, L / n, RE / n)
                + 0.1 * f(Rt / d, Z * t / d, L * t / d, RE * t / d) + 0.1 * f(Rmax, Z * m, L * m, RE * m)) ** 2 * 1.2 * 10
    value, approximate = score("wechat", n=n, d=d, r=R, z=Z, l=L, s=RE, rt=Rt, rmax=Rmax)
    assert value == pytest.approx(expected) and approximate is False


def test_wci_approximations_when_inputs_are_missing():
    R, L, RE, n, d = 700, 40, 8, 10, 7
    rt, rmax, z = R / n * min(n, d), R / n, L  # documented: one headline a day, best post = average, 在看 ≈ likes
    t, m = rt / R, rmax / R
    expected = (0.6 * f(R / d, z / d, L / d, RE / d) + 0.2 * f(R / n, z / n, L / n, RE / n)
                + 0.1 * f(rt / d, z * t / d, L * t / d, RE * t / d) + 0.1 * f(rmax, z * m, L * m, RE * m)) ** 2 * 12
    value, approximate = score("wechat", n=n, d=d, r=R, l=L, s=RE)
    assert value == pytest.approx(expected) and approximate is True


def test_wci_is_zero_without_posts():
    assert score("wechat", n=0, r=0)[0] == 0


def test_bci():
    value, approximate = score("weibo", n=6, s=6, c=6, l=60)
    assert value == pytest.approx((0.2 * ln(7) + 0.8 * (0.4 * ln(7) + 0.4 * ln(7) + 0.2 * ln(61))) * 160)
    assert approximate is False


@pytest.mark.parametrize("platform", ["douyin", "kuaishou"])
def test_dci(platform):
    value, _ = score(platform, n=10, r=90000, l=9000, c=900, s=90)
    d = 7
    expected = 100 * (0.10 * ln(10 / d + 1) + 0.45 * ln(90000 / d + 1) + 0.25 * ln(9000 / d + 1)
                      + 0.12 * ln(900 / d + 1) + 0.08 * ln(90 / d + 1))
    assert value == pytest.approx(expected)


@pytest.mark.parametrize("platform", ["toutiao", "bilibili", "xiaohongshu", "app"])
def test_gci(platform):
    value, _ = score(platform, n=14, r=7000, l=700, c=70, s=7, d=14)
    expected = 100 * (0.15 * ln(1 + 1) + 0.40 * ln(500 + 1) + 0.20 * ln(50 + 1) + 0.15 * ln(5 + 1) + 0.10 * ln(0.5 + 1))
    assert value == pytest.approx(expected)


def test_every_platform_has_a_versioned_documented_index():
    for p in ("weibo", "wechat", "douyin", "kuaishou", "toutiao", "bilibili", "xiaohongshu", "app"):
        spec = indices.spec_for(p)
        assert spec.version.startswith("V") and spec.formula and spec.notes_zh and spec.notes_en


def test_matrix_weights_sum_to_one():
    assert sum(indices.MATRIX_WEIGHTS.values()) == pytest.approx(1.0)
