import pytest

from analytics.output.numbers import fmt, pct, unit


@pytest.mark.parametrize("value, zh, en", [
    (1_527_360_000, "15.27亿", "1.53B"), (65_610_000, "6561万", "65.61M"), (2_580_000, "258万", "2.58M"),
    (1_190_000, "119万", "1.19M"), (470_000_000, "4.7亿", "470M"), (24_480_000, "2448万", "24.48M"),
    (840_000, "84万", "840K"), (12_345, "1.23万", "12.35K"), (9_999, "9999", "9,999"), (2_209, "2209", "2,209"), (10_000, "1万", "10K"), (958, "958", "958"),
    (0, "0", "0"), (-25_000, "-2.5万", "-25K"), (None, "–", "–"),
])
def test_fmt(value, zh, en):
    assert fmt(value, "zh") == zh and fmt(value, "en") == en


def test_pct_and_unit():
    assert pct(0.596) == "59.6%" and pct(-0.0123, signed=True) == "-1.2%" and pct(0.05, signed=True) == "+5.0%"
    assert pct(float("nan")) == "–"
    assert unit(5e8) == (1e8, "亿") and unit(2e5) == (1e4, "万") and unit(3e3) == (1.0, "") and unit(5e8, "en") == (1e6, "M")
