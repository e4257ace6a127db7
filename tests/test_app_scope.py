"""Access by region in the app: a 浙江 analyst and a 杭州 viewer see only their rows on every page (exact
KPI values against the unscoped app filtered to the same place), hostile links never show another
province, a viewer reaches neither the audit page nor restore, and every attempt lands in the audit log."""

from __future__ import annotations

import duckdb
import pytest
from apptest import metrics, open_app, table
from streamlit.testing.v1 import AppTest

from analytics.access import audit, credentials
from analytics.pages.registry import PAGES

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent

PASSWORD = "zj-analyst-pass"
ZJ_ANALYST = {"浙江分析": {"role": "analyst", "provinces": ["浙江"]}}


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch):
    monkeypatch.setattr(credentials, "THROTTLE", credentials.Throttle())


def _signed_in(query=None, users=ZJ_ANALYST, name="浙江分析"):
    at = open_app(query)
    at.secrets["govmedia"] = {"passwords": {name: credentials.hash_password(PASSWORD)}, "users": users}
    at.switch_page("pages/data.py").run()
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(PASSWORD)
    next(b for b in at.button if "登录" in b.label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shanxi_account(store) -> str:
    p, a = duckdb.connect().execute("SELECT platform, account_id FROM read_parquet($f) WHERE province = '山西' "
                                    "ORDER BY followers DESC LIMIT 1", {"f": store.files()}).fetchone()
    return f"{p}:{a}"


def test_a_zhejiang_analyst_sees_what_a_national_viewer_sees_filtered_to_zhejiang(app_env):
    reference = metrics(open_app({"province": "浙江"}, page="overview"))
    at = _signed_in()
    at.switch_page("pages/overview.py").run()
    assert metrics(at) == reference and reference["账号数"] == "93"
    assert any("范围：浙江" in c.value for c in at.caption)  # every page says whose numbers these are
    for key in (k for k, spec in PAGES.items() if spec.build and k != "account"):
        at.switch_page(f"pages/{key}.py").run()
        assert not at.exception, (key, [e.value for e in at.exception])
    at.switch_page("pages/rankings.py").run()
    assert not any(df.value.astype(str).apply(lambda c: c.str.contains("山西")).any().any() for df in at.dataframe)
    records = audit.read(app_env.root, event="sign_in")
    assert records[-1]["user"] == "浙江分析" and records[-1]["outcome"] == "ok" and records[-1]["scope"] == "浙江"


def test_hostile_links_never_show_another_province(app_env, monkeypatch):
    """A link is read when a session opens it: each hostile link is opened fresh by a visitor whose scope is 浙江."""
    reference = metrics(open_app({"province": "浙江"}, page="overview"))
    hostile = metrics(open_app({"province": "山西"}, page="overview"))
    shanxi = _shanxi_account(app_env)
    monkeypatch.setenv("GOVMEDIA_ANONYMOUS", "浙江")
    at = open_app({"province": "山西"})  # the root forwards to /overview, which shows the link's warnings
    assert metrics(at) == reference and metrics(at) != hostile
    assert any("山西" in w.value and "您可查看的范围：浙江" in w.value for w in at.warning)
    for account in (shanxi, "weibo:no-such-account"):  # outside the scope reads exactly like missing
        at = open_app({"account": account}, page="account")
        assert any("找不到该账号" in w.value for w in at.warning) and not at.get("plotly_chart")
    at = open_app({"province": "山西", "present": "1", "slide": "2"}, page="overview")
    assert not at.exception
    shown = " ".join(str(m.value) for m in at.markdown) + " ".join(str(c.proto.spec) for c in at.get("plotly_chart"))
    assert "山西" not in shown.replace("山西”", "")  # only the warning may name it


def test_a_hangzhou_viewer_sees_hangzhou_only(app_env, monkeypatch):
    reference = metrics(open_app({"province": "浙江", "city": "杭州"}, page="overview"))
    monkeypatch.setenv("GOVMEDIA_ANONYMOUS", "浙江/杭州")
    at = open_app(page="overview")
    got = metrics(at)
    assert got == reference
    files = app_env.files()
    want = duckdb.connect().execute("SELECT count(*) FROM read_parquet($f) WHERE province = '浙江' AND city = '杭州' AND "
                                    "snapshot_date = (SELECT max(snapshot_date) FROM read_parquet($f) WHERE city = '杭州')",
                                    {"f": files}).fetchone()[0]
    assert got["账号数"] == f"{want:,}"


def test_sign_in_required_shows_nothing_before_signing_in(app_env, monkeypatch):
    monkeypatch.setenv("GOVMEDIA_ANONYMOUS", "none")
    at = open_app(page=None)
    assert not metrics(at) and any("需要登录" in i.value for i in at.info)


def test_a_viewer_reaches_neither_the_audit_page_nor_restore(app_env):
    at = open_app(page="data")
    assert "restore_version" not in [s.key for s in at.selectbox] and not at.file_uploader
    at = _signed_in(users={"浙江分析": {"role": "viewer", "provinces": ["浙江"]}})
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/audit.py")  # not in a viewer's navigation: its URL names no page
    # Run straight from its file (as Streamlit's old multipage mode would), the page refuses by itself.
    direct = AppTest.from_file(str(ROOT / "pages" / "audit.py"), default_timeout=60).run()
    assert any("只有管理员" in e.value for e in direct.error) and not direct.dataframe
    assert audit.read(app_env.root, event="denied")[-1]["details"]["page"] == "audit"


def test_an_administrator_reads_the_audit_log(app_env):
    at = _signed_in(users={"总管": {"role": "admin"}}, name="总管")
    at.switch_page("pages/audit.py").run()
    assert not at.exception and not at.error
    log = table(at, columns=("事件", "用户"))
    assert "总管" in set(log["用户"]) and "登录" in set(log["事件"])


def test_the_version_history_shows_a_scoped_reader_only_versions_of_their_provinces(app_env):
    import datetime as dt

    from factory import make_rows, parquet_bytes

    from analytics.access.roles import ANALYST, Actor
    from analytics.access.scope import Scope
    from analytics.store import ingest

    rows = make_rows(weeks=1, start=dt.date(2026, 7, 1)).assign(province="广东", city="深圳")
    gd = Actor("广东分析", ANALYST, Scope.make(provinces=["广东"]))
    ingest.commit(app_env, ingest.prepare(app_env, "广东-0701.parquet", parquet_bytes(rows), scope=gd.scope), gd)
    assert app_env.history()[0].places == ("广东",) and app_env.history()[0].scope == "广东"
    at = _signed_in()
    versions = table(at, columns=("版本", "文件", "操作人"))
    assert "广东-0701.parquet" not in set(versions["文件"]) and "广东分析" not in set(versions["操作人"])
    assert not any("广东分析" in i.value for i in at.info)
    admin = _signed_in(users={"总管": {"role": "admin"}}, name="总管")
    assert "广东-0701.parquet" in set(table(admin, columns=("版本", "文件"))["文件"])


def test_a_scoped_administrator_reads_only_the_records_of_people_within_their_scope(app_env):
    from analytics.access.roles import ADMIN, ANALYST, Actor
    from analytics.access.scope import Scope

    for actor in (Actor("山西分析", ANALYST, Scope.make(["山西"])), Actor("杭州分析", ANALYST, Scope.make(cities=["浙江/杭州"])),
                  Actor("督查", ADMIN), Actor("抖音专员", ANALYST, Scope.make(platforms=["douyin"]))):
        audit.record(app_env.root, "export", actor, "ok", page="overview", format="png")
    audit.record(app_env.root, "sign_in", Actor(""), "failed", name="mallory")
    at = _signed_in(users={"浙江管理": {"role": "admin", "provinces": ["浙江"]}}, name="浙江管理")
    at.switch_page("pages/audit.py").run()
    assert not at.exception and not at.error
    assert set(table(at, columns=("事件", "用户"))["用户"]) == {"杭州分析", "浙江管理"}
    assert any("只列出在您的范围（浙江）内操作的用户的记录" in c.value for c in at.caption)
    national = _signed_in(users={"总管": {"role": "admin"}}, name="总管")
    national.switch_page("pages/audit.py").run()
    assert {"山西分析", "杭州分析", "督查", "抖音专员", "浙江管理", "总管"} <= set(table(national, columns=("事件", "用户"))["用户"])


def test_a_password_session_ends_when_the_password_changes_the_user_goes_or_it_sits_idle(app_env, monkeypatch):
    import time

    at = _signed_in()
    assert any("退出登录（浙江分析）" in b.label for b in at.button)
    at.secrets["govmedia"] = {"passwords": {"浙江分析": credentials.hash_password("a new password")}, "users": ZJ_ANALYST}
    at.switch_page("pages/overview.py").run()
    assert any("密码已更改，请用新密码重新登录" in w.value for w in at.warning)
    at.switch_page("pages/data.py").run()
    assert not any("退出登录" in b.label for b in at.button) and at.text_input(key="sign_in_name")

    at = _signed_in()
    at.secrets["govmedia"] = {"passwords": {}, "users": {}}
    at.switch_page("pages/overview.py").run()
    assert any("您的账号已被移除" in w.value for w in at.warning)

    at = _signed_in()
    monkeypatch.setenv("GOVMEDIA_SESSION_IDLE_HOURS", "1")
    at.session_state["signed_seen"] = time.monotonic() - 3599
    at.switch_page("pages/data.py").run()
    assert any("退出登录（浙江分析）" in b.label for b in at.button)  # within the hour, and the clock starts again
    at.session_state["signed_seen"] = time.monotonic() - 3601
    at.switch_page("pages/overview.py").run()
    assert any("长时间未操作，已自动退出登录" in w.value for w in at.warning)
    at.switch_page("pages/data.py").run()
    assert not any("退出登录" in b.label for b in at.button)
