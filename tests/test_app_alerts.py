"""预警通知 on /compliance: a national analyst uploads the contacts (a broken table is named and not stored),
sees what would be sent to whom, and sends it to a real SMTP server; a scoped analyst's run covers their
scope only; a viewer sees no alerts section."""

import pytest
from aiosmtpd.controller import Controller
from apptest import signed_in
from browser import free_port

from analytics.access import audit
from analytics.query.engine import Engine
from analytics.supervision import alerts, contacts

PASSWORD = "alerts-analyst-pass"
CONTACTS = ("单位,主办单位,邮箱\n"
            "上海文旅,上海市文化和旅游厅,sh@example.cn\n"
            "苏州卫健,苏州市卫生健康局,sz@example.cn\n"
            "天津消防,天津市消防救援总队,tj@example.cn\n").encode()


class Mailbox:
    def __init__(self):
        self.to = []

    async def handle_DATA(self, server, session, envelope):
        self.to.append(tuple(envelope.rcpt_tos))
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch):
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("GOVMEDIA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("GOVMEDIA_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("GOVMEDIA_SMTP_STARTTLS", "0")
    monkeypatch.setenv("GOVMEDIA_PUBLIC_URL", "https://zw.example.cn")
    yield box
    controller.stop()


def _signed_in(users):
    return signed_in(users, PASSWORD, page="compliance")


def _plan(at):
    return next(df.value for df in at.dataframe if "发往" in df.value.columns)


def test_a_national_analyst_uploads_contacts_and_sends_the_alerts(app_env, smtp):
    at = _signed_in({"督查": {"role": "analyst"}})
    assert any(h.value == "预警通知" for h in at.subheader)
    assert any("还没有责任单位通讯录" in c.value for c in at.caption)
    at.file_uploader(key="contacts_upload").set_value(("通讯录.csv", b"unit,email\n,x@\n", "text/csv")).run()
    error = next(e.value for e in at.error if "未保存" in e.value)
    assert "需要“主办单位”列或“账号ID”列" in error and contacts.versions(app_env.root) == []
    at.file_uploader(key="contacts_upload").set_value(("通讯录.csv", CONTACTS, "text/csv")).run()
    next(b for b in at.button if b.label.startswith("保存通讯录（3 行，3 个单位）")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert contacts.current(app_env.root)[0].user == "督查"

    expected = alerts.run(Engine(app_env), dry_run=True)
    plan = _plan(at)
    assert sorted(plan["单位"]) == ["上海文旅", "天津消防", "苏州卫健"]
    by_unit = {m.unit: m for m in expected.new}
    for row in plan.itertuples():
        m = by_unit[row.单位]
        assert (row.未通过, row.预警) == (sum(k.startswith("failing|") for k in m.keys), sum(k.startswith("at_risk|") for k in m.keys))
    assert any(f"{len(expected.unrouted):,} 个账号没有对应的责任单位" in c.value for c in at.caption)

    next(b for b in at.button if b.label == "发送预警通知").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已送达 3 条通知" in s.value for s in at.success)
    assert sorted(smtp.to) == [("sh@example.cn",), ("sz@example.cn",), ("tj@example.cn",)]
    assert not [b for b in at.button if b.label == "发送预警通知"]  # nothing left to send
    log = next(df.value for df in at.dataframe if "事件" in df.value.columns)
    assert list(log["事件"]).count("已送达") == 3
    assert audit.read(app_env.root, event="alerts")[-1]["details"]["sent"] == 3


def test_a_scoped_analyst_sends_for_their_scope_only_and_cannot_change_the_contacts(app_env, smtp):
    checked = contacts.check("c.csv", CONTACTS)
    contacts.store(app_env.root, checked, "督查")
    at = _signed_in({"江苏分析": {"role": "analyst", "provinces": ["江苏"]}})
    assert not [u for u in at.file_uploader if u.key == "contacts_upload"]
    assert list(_plan(at)["单位"]) == ["苏州卫健"]
    next(b for b in at.button if b.label == "发送预警通知").click().run()
    assert smtp.to == [("sz@example.cn",)]


def test_a_viewer_sees_no_alerts_section(app_env):
    at = _signed_in({"领导": {"role": "viewer"}})
    assert not any(h.value == "预警通知" for h in at.subheader)


def test_a_mail_server_that_is_down_is_named_and_the_alerts_are_kept(app_env, monkeypatch):
    contacts.store(app_env.root, contacts.check("c.csv", CONTACTS), "督查")
    monkeypatch.setenv("GOVMEDIA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("GOVMEDIA_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("GOVMEDIA_SMTP_STARTTLS", "0")
    at = _signed_in({"督查": {"role": "analyst"}})
    next(b for b in at.button if b.label == "发送预警通知").click().run()
    assert not at.exception, [e.value for e in at.exception]
    warning = next(w.value for w in at.warning if "发送失败" in w.value)
    assert "3 条发送失败，已保留" in warning and "SMTP 127" in warning
    assert sorted(m.unit for m in alerts.pending(app_env.root)) == ["上海文旅", "天津消防", "苏州卫健"]
    assert list(_plan(at)["类型"]) == ["重试"] * 3


def test_a_robots_key_is_never_shown_in_the_preview_or_the_plan(app_env, smtp):
    key = "b2f1c0de-robot-key-9f3a"
    csv = ("单位,主办单位,邮箱,Webhook\n"
           f"上海文旅,上海市文化和旅游厅,,https://qyapi.weixin.qq.invalid/cgi-bin/webhook/send?key={key}\n"
           "苏州卫健,苏州市卫生健康局,sz@example.cn,\n").encode()
    at = _signed_in({"督查": {"role": "analyst"}})
    at.file_uploader(key="contacts_upload").set_value(("通讯录.csv", csv, "text/csv")).run()
    preview = next(df.value for df in at.dataframe if "Webhook" in df.value.columns)
    assert list(preview["Webhook"]) == ["https://qyapi.weixin.qq.invalid/…", ""]
    next(b for b in at.button if b.label.startswith("保存通讯录")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    plan = _plan(at)
    assert "https://qyapi.weixin.qq.invalid/…" in set(plan["发往"])
    shown = " ".join(str(df.value.to_dict()) for df in at.dataframe) + " ".join(m.value for m in at.markdown)
    assert key not in shown


def test_a_scoped_analyst_sees_and_retries_only_their_scopes_messages_and_no_robot_address(app_env, monkeypatch, smtp):
    """Earlier national runs left every unit's messages undelivered: a 江苏 analyst's plan, send and delivery
    log cover 苏州 only, and a robot's address is not shown to them at all."""
    csv = ("单位,主办单位,邮箱,Webhook\n"
           "上海文旅,上海市文化和旅游厅,sh@example.cn,\n"
           "苏州卫健,苏州市卫生健康局,sz@example.cn,https://robot.example.cn/send?key=sz-key\n"
           "天津消防,天津市消防救援总队,tj@example.cn,\n").encode()
    contacts.store(app_env.root, contacts.check("c.csv", csv), "督查")
    alerts.run(Engine(app_env), mailer=None, poster=lambda url, body: None)  # no mail server: e-mails stay pending
    assert sorted(m.unit for m in alerts.pending(app_env.root)) == ["上海文旅", "天津消防", "苏州卫健"]

    at = _signed_in({"江苏分析": {"role": "analyst", "provinces": ["江苏"]}})
    assert not at.exception, [e.value for e in at.exception]
    plan = _plan(at)
    assert list(zip(plan["单位"], plan["类型"])) == [("苏州卫健", "重试")]
    log = next(df.value for df in at.dataframe if "事件" in df.value.columns)
    assert set(log["单位"]) == {"苏州卫健"}
    shown = " ".join(str(df.value.to_dict()) for df in at.dataframe) + " ".join(c.value for c in at.caption)
    assert "上海" not in shown and "天津" not in shown and "robot.example.cn" not in shown
    next(b for b in at.button if b.label == "发送预警通知").click().run()
    assert smtp.to == [("sz@example.cn",)]
    assert sorted(m.unit for m in alerts.pending(app_env.root)) == ["上海文旅", "天津消防"]
