"""The data page as viewer and as analyst: sign-in, upload → report → confirm, a broken file, restore."""

import datetime as dt

import pytest
from apptest import metrics, open_app, table
from factory import make_rows, parquet_bytes

from analytics.access import credentials
from analytics.store import staging

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch):
    monkeypatch.setattr(credentials, "THROTTLE", credentials.Throttle())


def with_password(at, users=None):
    at.secrets["govmedia"] = {"passwords": {"王分析": credentials.hash_password(PASSWORD)}, "users": users or {}}
    return at


def signed_in(query=None, users=None):
    at = open_app(query)
    with_password(at, users)
    at.switch_page("pages/data.py").run()
    at.text_input(key="sign_in_name").input("王分析")
    at.text_input(key="sign_in_password").input(PASSWORD)
    next(b for b in at.button if "分析员登录" in b.label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at, name, data):
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]


def staged(store):
    """Checked uploads waiting for a confirm, as files in the data directory."""
    folder = store.root / staging.STAGING_DIR
    return sorted(folder.glob("*.parquet")) if folder.exists() else []


def new_week(accounts=3):
    rows = make_rows(weeks=1, start=dt.date(2026, 7, 1))
    return parquet_bytes(rows.head(accounts))


def test_viewer_sees_no_upload_or_restore(app_env):
    at = open_app(page="data")
    assert len(at.file_uploader) == 0
    assert not any("恢复" in b.label for b in at.button)
    assert any("set-password" in i.value for i in at.info)
    assert "actor" not in at.session_state  # nobody signed in: the page runs as the anonymous viewer


def test_wrong_password_is_refused(app_env):
    at = open_app(page="data")
    with_password(at).run()
    at.text_input(key="sign_in_name").input("王分析")
    at.text_input(key="sign_in_password").input("wrong")
    next(b for b in at.button if "分析员登录" in b.label).click().run()
    assert any("用户名或密码错误" in e.value for e in at.error)
    assert len(at.file_uploader) == 0


def test_analyst_uploads_reviews_and_confirms(app_env):
    at = signed_in()
    assert len([u for u in at.file_uploader if u.key.startswith("uploader_")]) == 1
    upload(at, "2026-07-01.parquet", new_week())
    summary = " ".join(m.value for m in at.markdown).replace("\\", "")  # as rendered: escapes removed
    assert "2026-07-01.parquet" in summary and "校验通过" in summary and "新增行 3" in summary
    assert "日期范围：2026-07-01 至 2026-07-01" in summary
    assert app_env.version() == 0  # nothing written before the confirm
    assert len(staged(app_env)) == 1
    next(b for b in at.button if b.label.startswith("确认导入")).click().run()
    assert not at.exception and staged(app_env) == []
    assert any("已提交为版本 1" in s.value for s in at.success)
    versions = table(at, columns=("版本", "操作人", "文件"))
    assert list(versions["版本"][:2]) == [1, 0] and versions.iloc[0]["操作人"] == "王分析"
    assert versions.iloc[0]["文件"] == "2026-07-01.parquet" and versions.iloc[0]["新增行"] == 3
    at.switch_page("pages/overview.py").run()
    assert any("2026-07-01" in i.value and "王分析" in i.value for i in at.info)
    assert metrics(at)["账号数"] == "3"  # the newest week holds only the uploaded accounts


def test_broken_file_shows_problems_and_commits_nothing(app_env):
    at = signed_in()
    bad = make_rows(weeks=1, start=dt.date(2026, 7, 1))
    bad.loc[1, "likes"] = -5
    bad.loc[2, "platform"] = "火星"
    upload(at, "bad.parquet", parquet_bytes(bad))
    summary = " ".join(m.value for m in at.markdown).replace("\\", "")  # as rendered: escapes removed
    assert "已拒绝" in summary
    problems = table(at, columns=("列", "问题", "示例值"))
    assert set(problems["列"]) == {"likes", "platform"} and "'火星'" in set(problems["示例值"])
    confirm = next(b for b in at.button if b.label.startswith("确认导入"))
    assert confirm.disabled
    assert app_env.version() == 0 and not any(p.name.startswith("bad") for p in app_env.table_path.iterdir())
    assert staged(app_env) == []


def test_cancel_discards(app_env):
    at = signed_in()
    upload(at, "week.parquet", new_week())
    assert len(staged(app_env)) == 1
    next(b for b in at.button if b.label == "取消").click().run()
    uploaders = [u for u in at.file_uploader if u.key.startswith("uploader_")]
    assert len(uploaders) == 1 and not uploaders[0].value
    assert app_env.version() == 0 and staged(app_env) == []


def test_oversized_file_is_refused_unread(app_env, monkeypatch):
    monkeypatch.setenv("GOVMEDIA_MAX_UPLOAD_MB", "1")
    at = signed_in()
    upload(at, "huge.parquet", b"PAR1" + b"\0" * (1024 * 1024 + 10) + b"PAR1")
    problems = table(at, columns=("列", "问题"))
    assert "超过上限 1 MB" in problems.iloc[0]["问题"]


def test_restore_is_for_administrators(app_env):
    at = signed_in()
    assert "restore_version" not in [s.key for s in at.selectbox]  # an analyst uploads but does not restore
    at = signed_in(users={"王分析": {"role": "admin"}})
    upload(at, "week.parquet", new_week())
    next(b for b in at.button if b.label.startswith("确认导入")).click().run()
    at.selectbox(key="restore_version").set_value(0).run()
    next(b for b in at.button if b.label == "恢复…").click().run()
    next(b for b in at.button if b.key == "restore_confirm").click().run()
    assert not at.exception
    assert any("已恢复版本 0，新版本为 2" in s.value for s in at.success)
    assert app_env.version() == 2 and app_env.history()[0].user == "王分析"


def test_a_narrowed_date_range_stays_when_data_grows(app_env):
    from analytics.access.roles import ANALYST, Actor
    from analytics.store import ingest

    wide = open_app()
    narrow = open_app({"end": "2020-06-30"})
    ingest.commit(app_env, ingest.prepare(app_env, "w.parquet", new_week()), Actor("t", ANALYST))
    wide.run()
    narrow.run()
    assert wide.session_state["f_dates"][1] == dt.date(2026, 7, 1)
    assert narrow.session_state["f_dates"][1] == dt.date(2020, 6, 30)
