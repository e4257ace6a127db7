"""Every page as a user sees it, on the bundled sample data: titles, figures, table rows, no exception."""

import duckdb
import pytest
from apptest import figures, metrics, open_app, table

from analytics import settings
from analytics.output import numbers

SAMPLE = str(settings.SAMPLE_DIR / "snapshots.parquet")


@pytest.fixture(scope="module")
def last_week():
    return duckdb.connect().execute("SELECT count(*), sum(followers) FROM read_parquet($f) "
                                    "WHERE snapshot_date = (SELECT max(snapshot_date) FROM read_parquet($f))",
                                    {"f": SAMPLE}).fetchone()


def test_root_opens_the_overview_with_kpis(app_read, last_week):
    at = open_app()
    assert at.title[0].value == "总览"
    shown = metrics(at)
    accounts, followers = last_week
    assert shown["账号数"] == numbers.fmt(accounts) and shown["粉丝数"] == numbers.fmt(followers)
    assert set(shown) == {"账号数", "活跃账号", "粉丝数", "阅读/播放", "互动量", "合格率"}
    assert shown["合格率"].endswith("%")
    assert any("数据最近更新" in i.value and "2026-06-24" in i.value for i in at.info)
    figs = figures(at)
    assert figs[0]["layout"]["title"]["text"] == "各平台粉丝规模" and len(figs) == 3
    top = table(at, "overview_leaders_table")
    assert list(top["平台"][:3]) == ["微博", "微博", "微博"]


@pytest.mark.parametrize("page, title", [
    ("trends", "趋势"), ("mix", "平台结构"), ("growth", "增长"), ("rankings", "榜单"), ("regions", "地区"),
    ("matrix", "矩阵"), ("compliance", "合规"), ("account", "账号"), ("data", "数据管理"),
])
def test_every_page_renders(app_read, page, title):
    at = open_app(page=page)
    assert at.title[0].value == title


def test_trends_split_by_platform(app_read):
    at = open_app(page="trends")
    series = lambda: [t for t in figures(at)[0]["data"] if t.get("meta") != "events"]  # noqa: E731
    assert len(series()) == 1
    at.get("button_group")[0].set_value("platform").run()
    names = {trace["name"] for trace in series()}
    assert names == {"微博", "微信", "抖音", "快手", "今日头条", "B站", "小红书", "政务App"}


def test_growth_shows_cnnic_figures(app_read):
    at = open_app(page="growth")
    cnnic = table(at, columns=("网民规模（万人）", "普及率 %"))
    row = cnnic[cnnic["截至"] == "2018-12"].iloc[0]
    assert row["网民规模（万人）"] == 82851 and row["普及率 %"] == 59.6
    assert any("140,837" in m.value and "90,271" in m.value for m in at.caption)


def test_seed_week_ranking_from_a_link(app_read):
    at = open_app({"start": "2019-02-28", "end": "2019-03-06", "platform": "douyin"}, page="rankings")
    rows = table(at, "rankings_ranking_table")
    assert list(rows["账号名称"][:3]) == ["浙有正能量", "太原铁路公安在线", "深圳南山交警"]
    assert list(rows["排名"][:3]) == [1, 2, 3]
    totals = next(m.value for m in at.markdown if m.value.startswith("前 10 名合计"))
    for figure in ("**240**", "**15.27亿**", "**6561万**", "**258万**", "**119万**"):
        assert figure in totals
    assert any("DCI V1.0" in e.label for e in at.expander)


def test_regions_table(app_read):
    at = open_app(page="regions")
    rows = table(at, columns=("排名", "省份", "占比（%）"))
    assert rows.iloc[0]["省份"] == "中央和国家机关" and rows.iloc[0]["排名"] == 1
    assert len(rows) == 33


def test_matrix_shows_the_police_rename(app_read):
    at = open_app(page="matrix")
    lineage = table(at, columns=("原名称", "现名称 / 并入"))
    hit = lineage[lineage["原名称"] == "公安部打四黑除四害"].iloc[0]
    assert hit["现名称 / 并入"] == "中国警方在线" and hit["类型"] == "更名"
    assert (lineage["类型"] == "合并").sum() >= 10


def test_compliance_counts_match_the_view(app_read):
    from analytics.query.engine import Engine
    from analytics.query.filters import Filters
    from analytics.views import compliance

    expected = compliance.pass_rates(Engine(app_read), Filters()).iloc[0]
    at = open_app(page="compliance")
    shown = metrics(at)
    assert shown["检查日期"] == "2026-06-24"
    assert shown["合格率"] == numbers.pct(expected["rate"])
    assert shown["未达标账号"] == f"{int(expected['failed']):,}"
    failing = table(at, "compliance_failing_table")
    assert len(failing) == int(expected["failed"]) and failing["未更新天数"].is_monotonic_decreasing
    from analytics.views import warning

    risk = warning.at_risk(Engine(app_read), Filters())
    shown_risk = table(at, "compliance_at_risk_table")
    assert len(risk) > 0 and len(shown_risk) == len(risk) and any(t.label == f"预警（{len(risk)}）" for t in at.tabs)
    # Judged by the time of the last post, days quiet are one number; by weekly snapshots, a range.
    assert shown_risk["最迟几天后不合格"].is_monotonic_increasing and set(shown_risk["未更新天数"]) <= {
        f"{a}" if a == b else f"{a}–{b}" for a, b in zip(risk["quiet_min"], risk["quiet_max"])}
    assert set(shown_risk["判断依据"]) <= {"作品时间", "周快照"} and "作品时间" in set(table(at, "compliance_failing_table")["判断依据"]) | set(shown_risk["判断依据"])


def test_account_from_a_link(app_read):
    at = open_app({"account": "weibo:1288915263"}, page="account")
    assert at.header[0].value == "中国警方在线 · 微博"
    names = table(at, columns=("账号名称", "起", "止"))
    assert list(names["账号名称"]) == ["公安部打四黑除四害", "中国警方在线"]


def test_account_search(app_read):
    at = open_app(page="account")
    at.text_input(key="account_search").input("警方").run()
    hits = table(at, "account_hits")
    assert "中国警方在线" in set(hits["账号名称"])


def test_bad_account_link_is_a_clear_message(app_read):
    at = open_app({"account": "weibo:nope' OR 1=1"}, page="account")
    assert any("platform:account_id" in w.value or "平台:账号ID" in w.value for w in at.warning)


def test_data_page_lists_versions(app_read):
    at = open_app(page="data")
    versions = table(at, columns=("版本", "文件"))
    assert list(versions["版本"]) == [0] and versions.iloc[0]["文件"] == "sample_data/snapshots.parquet"


def test_english(app_read):
    at = open_app({"lang": "en"})
    assert at.title[0].value == "Overview"
    assert "Accounts" in metrics(at) and "Pass rate" in metrics(at)
    assert figures(at)[0]["layout"]["title"]["text"] == "Followers by platform"


def test_two_sessions_on_one_link_share_the_figures(app_read):
    from analytics.pages.render import FIGURES

    FIGURES.clear()
    first = figures(open_app({"province": "浙江"}))
    built = FIGURES.misses
    second = figures(open_app({"province": "浙江"}))
    assert built >= 3 and FIGURES.misses == built and FIGURES.hits >= built and first == second
    figures(open_app({"province": "浙江", "lang": "en"}))
    assert FIGURES.misses > built
