"""检查与通报 on /compliance: a national analyst opens the quarter's round in the browser session; the
round is listed for everyone; a signed-in reader downloads the 通报; a scoped analyst cannot open one."""

import io

from apptest import signed_in
from docx import Document

from analytics.access import audit
from analytics.access.scope import Scope
from analytics.supervision import rounds

PASSWORD = "rounds-analyst-pass"


def _signed_in(users):
    return signed_in(users, PASSWORD, page="compliance")


def test_a_national_analyst_opens_a_round_and_downloads_the_notice(app_env):
    at = _signed_in({"督查": {"role": "analyst"}})
    at.number_input(key="round_share").set_value(0.2)
    at.number_input(key="round_seed").set_value(7)
    next(b for b in at.button if b.label == "开展检查").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已完成 2026Q2 第 1 版检查" in s.value for s in at.success)
    record = rounds.latest(app_env.root, "2026Q2")
    assert (record.share, record.seed, record.opened_by) == (0.2, 7, "督查")
    shown = next(df.value for df in at.dataframe if "季度" in df.value.columns)
    assert shown.iloc[0]["检查账号"] == record.accounts and shown.iloc[0]["合格率"] == f"{record.rate:.1%}"
    assert audit.read(app_env.root, event="round")[-1]["user"] == "督查"
    by_province = next(df.value for df in at.dataframe if "省份" in df.value.columns and "合格率" in df.value.columns)
    expected = rounds.rates(rounds.results(app_env.root, record), "province")
    assert list(by_province["省份"]) == list(expected["province"]) and by_province.iloc[0]["合格率"] == f"{expected.iloc[0]['rate']:.1%}"
    button = next(b for b in at.get("download_button") if "通报" in b.proto.label)
    assert button.proto.label == "下载 2026Q2 通报（Word）"


def test_a_scoped_analyst_reads_the_national_rounds_narrowed_then_opens_their_own(app_env):
    from analytics.query.engine import Engine

    rounds.open_round(Engine(app_env), "2026Q1", user="督查")
    national = rounds.open_round(Engine(app_env), "2026Q2", user="督查")
    at = _signed_in({"浙江分析": {"role": "analyst", "provinces": ["浙江"]}})
    assert not [b for b in at.button if b.label == "开展检查"]
    assert any("季度" in df.value.columns for df in at.dataframe)
    review = next(df.value for df in at.dataframe if "现状" in df.value.columns)
    assert len(review) and set(review["省份"]) == {"浙江"}  # the re-check, narrowed to the reader's scope
    assert set(review["现状"]) <= {"已整改", "已关停", "仍未整改"}
    by_province = next(df.value for df in at.dataframe if "省份" in df.value.columns and "合格率" in df.value.columns)
    assert list(by_province["省份"]) == ["浙江"]
    zj = rounds.results(app_env.root, national).query("province == '浙江'")
    listed = next(df.value for df in at.dataframe if "季度" in df.value.columns).iloc[0]
    assert (listed["范围"], listed["检查账号"], listed["不合格"]) == ("浙江", len(zj), int((~zj["passed"]).sum()))
    assert listed["检查账号"] < national.accounts  # the national totals are recounted, not shown

    next(b for b in at.button if b.label == "开展本地区检查").click().run()
    assert not at.exception, [e.value for e in at.exception]
    own = rounds.latest(app_env.root, "2026Q2", rounds.scope_key(Scope.make(("浙江",))))
    assert (own.scope, own.opened_by, own.revision) == ("浙江", "浙江分析", 1)
    assert set(rounds.results(app_env.root, own)["province"]) == {"浙江"}
    assert rounds.latest(app_env.root, "2026Q2") == national  # the national round is untouched
    shown = next(df.value for df in at.dataframe if "季度" in df.value.columns)
    assert list(shown["范围"]) == ["浙江"] and shown.iloc[0]["检查账号"] == own.accounts
    assert audit.read(app_env.root, event="round")[-1]["details"]["scope"] == "浙江"


def test_a_scoped_notice_covers_the_scope_only():
    import datetime as dt

    import pandas as pd

    from analytics.output import notice

    rows = pd.DataFrame([{"platform": "weibo", "account_id": a, "account_name": f"名{a}", "province": p, "city": "",
                          "level": "municipal", "sector": "公安", "agency": "", "last_post": None, "days_quiet": 30,
                          "passed": False, "reasons": ["two_week"]} for a, p in (("a", "浙江"), ("b", "山西"))])
    data = notice.notice_bytes("2026Q2", dt.date(2026, 6, 24), 1.0, rows[rows["province"] == "浙江"], rows.iloc[:0], None,
                               region="浙江")
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "关于2026年第二季度浙江政务新媒体检查情况的通报" in text and "名a（微博）" in text and "名b" not in text
