"""Every view's SQL, stored next to the tests and executed on the small dataset.

A change to a view's SQL shows up as a diff in tests/sql/; the same SQL must also run, so a
snapshot can never bless broken SQL. Regenerate with UPDATE_SQL_SNAPSHOTS=1 after a deliberate change."""

import datetime as dt
import json
import os
import textwrap
from pathlib import Path

import posts_data as pdata
import pytest
import views_data as vd

from analytics.query.filters import Filters
from analytics.views import account, compliance, content, growth, matrix, mix, rankings, regions, trends, warning

SNAPSHOTS = Path(__file__).resolve().parent / "sql"
F = Filters(start=dt.date(2024, 1, 1), end=vd.W4, provinces=("浙江", "山西", "中央"), granularity="month",
            metric="followers")
WEEK = (dt.date(2024, 6, 27), vd.W3)
CASES = {
    "trend_by_platform": trends.build_trend_sql(F, "platform"),
    "trend_active_accounts": trends.build_trend_sql(F.with_(metric="active_accounts"), None),
    "trend_reads_by_level": trends.build_trend_sql(F.with_(metric="reads"), "level"),
    "mix": mix.build_mix_sql(F),
    "mix_over_time": mix.build_mix_over_time_sql(F),
    "province_platform": mix.build_province_platform_sql(F.with_(metric="reads")),
    "growth_accounts": growth.build_growth_sql(F, "accounts"),
    "growth_active_total": growth.build_growth_sql(F, "active_accounts", by_platform=False),
    "account_flows": growth.build_account_flows_sql(F),
    "rankings": rankings.build_rankings_sql(F, *WEEK, 10),
    "pass_rate": compliance.build_pass_rate_sql(F, vd.W4, "province"),
    "pass_rate_trend": compliance.build_pass_rate_trend_sql(F, "platform"),
    "compliance_accounts": compliance.build_accounts_sql(F, vd.W4),
    "compliance_accounts_latest": compliance.build_accounts_sql(F, vd.W4, latest=True),
    "at_risk": warning.build_at_risk_sql(F, vd.W4),
    "hierarchy": matrix.build_hierarchy_sql(F, vd.W4),
    "agencies": matrix.build_agencies_sql(F, *WEEK),
    "lineage_names": matrix.build_names_sql(F),
    "province_ranking": regions.build_province_ranking_sql(F),
    "account_weeks": account.build_account_weeks_sql("weibo", "a", F),
    "account_profile": account.build_profile_sql("weibo", "a"),
    "account_search": account.build_search_sql("杭州", F, 20),
}

# The content views read posts, which views_data lacks: they run over tests/posts_data.py's corpus.
P = Filters(start=dt.date(2024, 6, 20), end=pdata.W3, provinces=("浙江", "中央"), granularity="month")
P_WEEK = (dt.date(2024, 6, 27), pdata.W2)
POSTS_CASES = {
    "content_top_works": content.build_top_works_sql(P, *P_WEEK, 10),
    "content_totals": content.build_totals_sql(P, *P_WEEK),
    "content_top_accounts": content.build_top_accounts_sql(P, *P_WEEK, 10),
    "content_kind_mix": content.build_kind_mix_sql(P),
    "content_heatmap": content.build_heatmap_sql(P, *P_WEEK, ("douyin", "y")),
    "content_keywords": content.build_keywords_sql(P, *P_WEEK, 20),
    "content_recent_works": content.build_recent_works_sql(P, ("weibo", "x"), 20),
    "content_disagreements": content.build_disagreements_sql(P),
    "content_agreement": content.build_agreement_sql(P),
}
CASES.update(POSTS_CASES)


def render(query) -> str:
    params = json.dumps({k: v for k, v in query.params}, ensure_ascii=False, default=str, sort_keys=True)
    return f"-- params: {params}\n{textwrap.dedent(query.sql).strip()}\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_sql_snapshot(name):
    path = SNAPSHOTS / f"{name}.sql"
    text = render(CASES[name])
    if os.environ.get("UPDATE_SQL_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing snapshot {path.name}: run with UPDATE_SQL_SNAPSHOTS=1"
    assert path.read_text(encoding="utf-8") == text


@pytest.fixture(scope="module")
def posts_engine(tmp_path_factory):
    from analytics.query.engine import Engine

    return Engine(pdata.build(tmp_path_factory.mktemp("sql-posts") / "data")[0])


@pytest.mark.parametrize("name", sorted(CASES))
def test_sql_runs(name, small_engine, posts_engine):
    df = (posts_engine if name in POSTS_CASES else small_engine).run(CASES[name])
    assert len(df) > 0 and not df.columns.duplicated().any()  # the fixed filters match rows of views_data
