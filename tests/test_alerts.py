"""Alerts to the responsible units, delivered to a real SMTP server (aiosmtpd) and a local HTTP server
started here. Hand-made weekly snapshots (Wednesdays) up to the check date 2024-06-26:

  steady      weibo   杭州市公安局   posts every week                    → nothing
  last_week   weibo   杭州市公安局   last post in the week to 06-19      → at risk (fails on 06-27)
  two_weeks   weibo   杭州市公安局   last post in the week to 06-12      → failing, 14 days
  zombie      douyin  宁波市网信办   never posts (first seen 03-06)      → failing, dormant
  quiet_nb    weibo   宁波市网信办   last post in the week to 05-29      → failing, 28 days
  orphan      weibo   温州市某局     never posts                         → failing, no unit answers for it

Contacts: 杭州市公安局 by agency (e-mail); 宁波市网信办 by agency (two addresses and a webhook); the
douyin account zombie by account (a webhook of 抖音专班) — the account row wins over its agency's."""

import contextlib
import datetime as dt
import threading
from email import message_from_bytes, policy

import pandas as pd
import pytest
from aiosmtpd.controller import Controller
from browser import free_port
from factory import parquet_bytes
from robots import Hooks

from analytics.access.roles import ANALYST, Actor
from analytics.errors import StoreError
from analytics.query.engine import Engine
from analytics.store import ingest
from analytics.supervision import alerts, contacts
from analytics.supervision.delivery import Mailer, SmtpConfig


@pytest.fixture(autouse=True)
def _robots_on_this_machine(monkeypatch):
    """The receivers here listen on loopback, which an operator has to allow (tests/test_targets.py
    shows it refused otherwise)."""
    monkeypatch.setenv("GOVMEDIA_WEBHOOK_ALLOW", "127.0.0.1")

CHECK = dt.date(2024, 6, 26)
WEEKS = [dt.date(2024, 3, 6) + dt.timedelta(days=7 * i) for i in range(17)]  # 2024-03-06 … 2024-06-26
ACCOUNTS = {  # account: (platform, agency, last week with a post or None)
    "steady": ("weibo", "杭州市公安局", CHECK),
    "last_week": ("weibo", "杭州市公安局", dt.date(2024, 6, 19)),
    "two_weeks": ("weibo", "杭州市公安局", dt.date(2024, 6, 12)),
    "zombie": ("douyin", "宁波市网信办", None),
    "quiet_nb": ("weibo", "宁波市网信办", dt.date(2024, 5, 29)),
    "orphan": ("weibo", "温州市某局", None),
}


def _rows(weeks):
    rows = []
    for account, (platform, agency, last) in ACCOUNTS.items():
        for day in weeks:
            posts = 1 if last is not None and day <= last else 0
            rows.append({"snapshot_date": day, "platform": platform, "account_id": account, "account_name": f"[号]{account}",
                         "province": "浙江", "city": "杭州", "level": "municipal", "sector": "公安", "agency": agency,
                         "followers": 100, "posts": posts, "reads": posts, "likes": 0, "comments": 0, "shares": 0})
    return pd.DataFrame(rows)


def _commit(store, weeks, name):
    prepared = ingest.prepare(store, name, parquet_bytes(_rows(weeks)), today=dt.date(2026, 1, 1))
    assert prepared.report.ok, prepared.report.text("en")
    ingest.commit(store, prepared, Actor("t", ANALYST))


@pytest.fixture
def engine(store):
    _commit(store, WEEKS, "w.parquet")
    return Engine(store)


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


class Authenticator:
    def __init__(self):
        self.seen = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        self.seen.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"s3cret")


@pytest.fixture
def smtp():
    box, check = Mailbox(), Authenticator()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(), authenticator=check, auth_require_tls=False)
    controller.start()
    box.config = SmtpConfig(host="127.0.0.1", port=controller.port, starttls=False, user="alerts", password="s3cret",
                            sender="alerts@example.cn")
    box.auth = check
    yield box
    controller.stop()


def _contacts_csv(port: int) -> bytes:
    return (
        "单位,主办单位,平台,账号ID,邮箱,Webhook\n"
        "杭州市公安局,杭州市公安局,,,hz@example.cn,\n"
        f"宁波市网信办,宁波市网信办,,,nb@example.cn;nb2@example.cn,http://127.0.0.1:{port}/nb\n"
        f"抖音专班,,抖音,zombie,,http://127.0.0.1:{port}/douyin\n"
    ).encode()


def _load_contacts(root, port):
    checked = contacts.check("通讯录.csv", _contacts_csv(port))
    assert checked.ok, [p.text("en") for p in checked.problems]
    return contacts.store(root, checked, "王分析")


def test_alerts_are_the_failing_and_at_risk_accounts_keyed_by_state_and_last_post(engine):
    df = alerts.collect(engine, CHECK).set_index("account_id")
    assert df.attrs["check_date"] == CHECK
    assert dict(df["state"]) == {"two_weeks": "failing", "zombie": "failing", "quiet_nb": "failing", "orphan": "failing",
                                 "last_week": "at_risk"}
    assert df.loc["two_weeks", "key"] == "failing|weibo|two_weeks|2024-06-12"
    assert df.loc["zombie", "key"] == "failing|douyin|zombie|-"
    assert (df.loc["two_weeks", "days_quiet"], df.loc["quiet_nb", "days_quiet"]) == (14, 28)
    assert bool(df.loc["zombie", "dormant"]) and not bool(df.loc["quiet_nb", "dormant"])
    assert (df.loc["last_week", "fails_on"], df.loc["last_week", "key"]) == ("2024-06-27", "at_risk|weibo|last_week|2024-06-19")


def test_each_account_goes_to_the_most_specific_unit_and_unknown_ones_are_reported(engine, tmp_path):
    _load_contacts(engine.store.root, 1)
    _, table = contacts.current(engine.store.root)
    routed = contacts.route(alerts.collect(engine, CHECK), table).set_index("account_id")["unit"]
    assert dict(routed) == {"two_weeks": "杭州市公安局", "last_week": "杭州市公安局", "quiet_nb": "宁波市网信办",
                            "zombie": "抖音专班", "orphan": ""}


def test_one_message_per_unit_by_mail_and_webhook_then_nothing_twice(engine, smtp):
    hooks = Hooks(free_port())
    try:
        root = engine.store.root
        _load_contacts(root, hooks.port)
        first = alerts.run(engine, check=CHECK, mailer=Mailer(smtp.config), base="https://zw.example.cn")
        assert len(first.unrouted) == 1 and first.unrouted["account_id"][0] == "orphan"
        assert sorted((m.unit, m.channel) for m in first.sent) == [
            ("宁波市网信办", "email"), ("宁波市网信办", "webhook"), ("抖音专班", "webhook"), ("杭州市公安局", "email")]
        assert not first.failed and smtp.auth.seen == [("alerts", "s3cret")]
        mails = {tuple(to): msg for to, msg in smtp.messages}
        hz = mails[("hz@example.cn",)]
        assert hz["Subject"] == "【政务新媒体预警】杭州市公安局：1 个账号未通过，1 个账号即将超期（检查日 2024-06-26）"
        text = hz.get_content()
        assert "[号]two_weeks（微博） — 杭州市公安局；最近更新：截至 2024-06-12 的一周，已 14 天未更新" in text
        assert "[号]last_week（微博） — 杭州市公安局；最近更新：截至 2024-06-19 的一周，若不更新，2024-06-27 起不合格" in text
        assert "https://zw.example.cn/account?account=weibo%3Atwo_weeks" in text
        assert text.index("two_weeks") < text.index("last_week")  # failing before at risk
        assert set(mails) == {("hz@example.cn",), ("nb@example.cn", "nb2@example.cn")}
        posted = dict(hooks.received)
        douyin = posted["/douyin"]
        assert douyin["msgtype"] == "markdown" and douyin["govmedia"]["accounts"][0]["account_id"] == "zombie"
        assert "［号］zombie（抖音）" in douyin["markdown"]["content"]  # a name cannot open a robot link
        assert douyin["markdown"]["text"] == douyin["markdown"]["content"]
        assert "https://zw.example.cn/account?account=douyin%3Azombie" in douyin["markdown"]["content"]
        assert {a["account_id"] for a in posted["/nb"]["govmedia"]["accounts"]} == {"quiet_nb"}

        again = alerts.run(engine, check=CHECK, mailer=Mailer(smtp.config), base="https://zw.example.cn")
        assert again.new == [] and again.retried == [] and again.sent == []
        assert len(smtp.messages) == 2 and len(hooks.received) == 2
        events = [e["event"] for e in alerts.Outbox(root).entries()]
        assert events.count("queued") == 4 and events.count("sent") == 4 and events.count("unrouted") == 2
    finally:
        hooks.stop()


def test_a_new_state_is_a_new_alert_and_an_old_one_is_not_repeated(engine, smtp):
    root = engine.store.root
    _load_contacts(root, free_port())
    alerts.run(engine, check=CHECK, mailer=Mailer(smtp.config), poster=lambda url, body: None)
    _commit(engine.store, [CHECK + dt.timedelta(days=7)], "next.parquet")  # 07-03: no one posts that week
    later = alerts.run(Engine(engine.store), mailer=Mailer(smtp.config), poster=lambda url, body: None)
    assert later.check_date == dt.date(2024, 7, 3)
    hz = [m for m in later.new if m.unit == "杭州市公安局"]
    # last_week has failed since (a new state), steady is at risk for the first time; two_weeks is not repeated
    assert len(hz) == 1 and hz[0].keys == ["failing|weibo|last_week|2024-06-19", "at_risk|weibo|steady|2024-06-26"]
    assert [m.unit for m in later.new] == ["杭州市公安局"]  # 宁波 and 抖音专班: nothing changed


def test_a_server_killed_mid_run_loses_nothing_and_the_retry_sends_only_what_failed(engine, smtp):
    root = engine.store.root
    port = free_port()
    _load_contacts(root, port)
    dying = Hooks(port, answer_before_dying=1)  # answers 宁波's webhook, then is gone before 抖音专班's
    first = alerts.run(engine, check=CHECK, mailer=Mailer(smtp.config))
    dying.thread.join(5)
    dying.stop()
    assert [(m.unit, m.channel) for m in first.failed] == [("抖音专班", "webhook")]
    assert "webhook unreachable" in first.failed[0].last_error
    assert [m.unit for m in alerts.pending(root)] == ["抖音专班"]

    down = alerts.run(engine, check=CHECK, mailer=Mailer(smtp.config), retry_only=True)  # still down: kept again
    assert [m.id for m in down.failed] == [first.failed[0].id] and down.failed[0].attempts == 2

    back = Hooks(port)
    try:
        retry = alerts.run(engine, check=CHECK, mailer=Mailer(smtp.config))
        assert retry.new == [] and [m.id for m in retry.sent] == [first.failed[0].id]
        assert [path for path, _ in back.received] == ["/douyin"]
        assert back.received[0][1]["govmedia"]["id"] == first.failed[0].id  # the same message, not a new one
        assert alerts.pending(root) == []
    finally:
        back.stop()
    log = [(e["event"], e.get("unit"), e.get("attempt")) for e in alerts.Outbox(root).entries() if e.get("channel") == "webhook"]
    assert [x for x in log if x[1] == "抖音专班"] == [("queued", "抖音专班", 0), ("failed", "抖音专班", 1),
                                                   ("failed", "抖音专班", 2), ("sent", "抖音专班", 3)]
    assert len(smtp.messages) == 2  # the e-mails went out once, on the first run


def test_a_mail_server_that_is_down_keeps_the_mail_for_later(engine, smtp):
    root = engine.store.root
    _load_contacts(root, free_port())
    dead = Mailer(SmtpConfig(host="127.0.0.1", port=free_port(), starttls=False))
    first = alerts.run(engine, check=CHECK, mailer=dead, poster=lambda url, body: None)
    assert sorted(m.unit for m in first.failed) == ["宁波市网信办", "杭州市公安局"]
    assert all("SMTP 127.0.0.1" in m.last_error for m in first.failed)
    none = alerts.run(engine, check=CHECK, mailer=None, poster=lambda url, body: None)
    assert {m.last_error for m in none.failed} == {"no mail server set (GOVMEDIA_SMTP_HOST)"}
    later = alerts.run(engine, check=CHECK, mailer=Mailer(smtp.config), poster=lambda url, body: None)
    assert sorted(m.unit for m in later.sent) == ["宁波市网信办", "杭州市公安局"] and len(smtp.messages) == 2


def test_a_dry_run_writes_and_sends_nothing(engine, smtp):
    root = engine.store.root
    _load_contacts(root, free_port())
    plan = alerts.run(engine, check=CHECK, dry_run=True, mailer=Mailer(smtp.config))
    assert sorted((m.unit, m.channel, len(m.keys)) for m in plan.new) == [
        ("宁波市网信办", "email", 1), ("宁波市网信办", "webhook", 1), ("抖音专班", "webhook", 1), ("杭州市公安局", "email", 2)]
    assert smtp.messages == [] and alerts.Outbox(root).all() == [] and alerts.Outbox(root).entries() == []


@contextlib.contextmanager
def _outbox_held(root, for_s: float = 30.0):
    """Another run holds the outbox lock (in a thread) for `for_s` seconds, or until the block ends."""
    release, taken = threading.Event(), threading.Event()

    def hold():
        with alerts.Outbox(root).locked():
            taken.set()
            release.wait(for_s)

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(10)
    try:
        yield
    finally:
        release.set()
        holder.join()


def test_a_second_run_waits_for_the_first_and_past_the_wait_is_refused(engine, monkeypatch):
    _load_contacts(engine.store.root, free_port())
    monkeypatch.setattr(alerts, "LOCK_WAIT_S", 0.3)
    with _outbox_held(engine.store.root), pytest.raises(StoreError) as caught:
        alerts.run(engine, check=CHECK)
    assert "另一次预警通知正在发送" in caught.value.zh
    monkeypatch.setattr(alerts, "LOCK_WAIT_S", 20)
    with _outbox_held(engine.store.root, for_s=0.5):
        done = alerts.run(engine, check=CHECK)  # waits for the holder to finish, then runs
    assert done.new and not done.dry_run


def test_showing_the_plan_takes_no_lock_so_a_delivering_run_is_never_refused_by_a_viewer(engine, monkeypatch):
    _load_contacts(engine.store.root, free_port())
    monkeypatch.setattr(alerts, "LOCK_WAIT_S", 0.3)
    with _outbox_held(engine.store.root):
        plan = alerts.run(engine, check=CHECK, dry_run=True)  # what /compliance draws, while a run delivers
    assert plan.new and plan.dry_run


def test_a_robot_that_answers_an_error_code_is_a_failed_delivery(engine):
    from analytics.supervision import delivery

    port = free_port()
    robot = Hooks(port, reply='{"errcode":93000,"errmsg":"invalid webhook url"}'.encode())
    with pytest.raises(delivery.Undelivered, match="non-zero errcode") as refused:
        delivery.post(f"http://127.0.0.1:{port}/x", {"govmedia": {"id": "1"}})
    assert "93000" not in str(refused.value) and "invalid" not in str(refused.value)  # nothing the target wrote
    robot.stop()


@pytest.mark.parametrize("text, code, column", [
    ("主办单位,邮箱\n某局,a@b.cn\n", "missing_column", "单位"),
    ("单位,邮箱\n某局,a@b.cn\n", "missing_column", None),
    ("单位,主办单位\n某局,某局\n", "missing_column", None),
    ("单位,主办单位,邮箱\n某局,某局,not-an-address\n", "bad_email", "邮箱"),
    ("单位,主办单位,Webhook\n某局,某局,javascript:alert(1)\n", "bad_webhook", "Webhook"),
    ("单位,主办单位,Webhook\n某局,某局,file:///etc/passwd\n", "bad_webhook", "Webhook"),
    ("单位,平台,账号ID,邮箱\n某局,脸书,1,a@b.cn\n", "bad_platform", "平台"),
    ("单位,主办单位,邮箱\n某局,甲局,a@b.cn\n某局,乙局,c@d.cn\n", "unit_conflict", "单位"),
    ("单位,主办单位,邮箱\n,甲局,a@b.cn\n", "missing_value", "单位"),
    ("单位,主办单位,邮箱\n", "empty", None),
])
def test_a_contacts_file_with_a_problem_is_named_and_nothing_is_stored(store, text, code, column):
    checked = contacts.check("通讯录.csv", text.encode())
    assert not checked.ok and checked.problems[0].code == code and checked.problems[0].column == column
    assert checked.problems[0].zh and checked.problems[0].en
    with pytest.raises(ValueError):
        contacts.store(store.root, checked, "x")
    assert contacts.versions(store.root) == []


def test_a_contacts_workbook_with_english_headers_and_row_numbers_in_problems(store):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Unit", "Agency", "Email"])
    sheet.append(["甲局", "甲局", "a@b.cn"])
    sheet.append(["乙局", "乙局", "broken@"])
    buf = io.BytesIO()
    book.save(buf)
    checked = contacts.check("contacts.xlsx", buf.getvalue())
    assert [(p.code, p.rows, p.example) for p in checked.problems] == [("bad_email", (2,), "broken@")]
    sheet["C3"] = "b@c.cn"
    buf = io.BytesIO()
    book.save(buf)
    checked = contacts.check("contacts.xlsx", buf.getvalue())
    assert checked.ok and checked.units == 2
    first = contacts.store(store.root, checked, "王分析")
    second = contacts.store(store.root, checked, "李分析")
    assert (first.version, second.version) == (1, 2) and contacts.current(store.root)[0].user == "李分析"


def test_the_command_line_imports_contacts_and_runs_the_alerts(engine, smtp, tmp_path, monkeypatch, capsys):
    from analytics import cli
    from analytics.access import audit

    root = engine.store.root
    bad, good = tmp_path / "bad.csv", tmp_path / "通讯录.csv"
    bad.write_bytes("单位,主办单位,邮箱\n杭州市公安局,杭州市公安局,hz@\n".encode())
    port = free_port()
    good.write_bytes(_contacts_csv(port))
    assert cli.main(["contacts", "import", str(bad), "--data-dir", str(root), "--lang", "en"]) == cli.EXIT_REJECTED
    assert "[邮箱] not an e-mail address — 1 row(s): data row 1; e.g. hz@" in capsys.readouterr().err
    assert contacts.versions(root) == []
    assert cli.main(["contacts", "import", str(good), "--data-dir", str(root), "--lang", "en"]) == 0
    assert "Contacts version 1: 3 rows, 3 units." in capsys.readouterr().out

    monkeypatch.setenv("GOVMEDIA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("GOVMEDIA_SMTP_PORT", str(smtp.config.port))
    monkeypatch.setenv("GOVMEDIA_SMTP_STARTTLS", "0")
    monkeypatch.setenv("GOVMEDIA_SMTP_USER", "alerts")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[govmedia.smtp]\npassword = "s3cret"\n', encoding="utf-8")
    args = ["alerts", "--data-dir", str(root), "--lang", "en", "--check-date", "2024-06-26", "--secrets", str(secrets)]
    assert cli.main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "check date 2024-06-26: 4 accounts failing, 1 at risk; 1 with no responsible unit (contacts version 1)." in out
    assert out.count("would send") == 4 and smtp.messages == []
    hooks = Hooks(port)
    try:
        assert cli.main(args) == 0
        assert capsys.readouterr().out.count(" sent") == 4 and len(smtp.messages) == 2 and len(hooks.received) == 2
        assert smtp.auth.seen == [("alerts", "s3cret")]  # the password came from the secrets file
        assert cli.main(args) == 0
        assert "no new alert to send" in capsys.readouterr().out
    finally:
        hooks.stop()
    assert [r["details"]["sent"] for r in audit.read(root, event="alerts")] == [4, 0]


def test_the_delivery_log_keeps_an_entry_whose_text_holds_a_unicode_line_separator(tmp_path):
    box = alerts.Outbox(tmp_path)
    box.log("r1", "unrouted", sample=["weibo:a\u2028b", "weibo:c\u0085d"])
    assert [e["sample"] for e in box.entries()] == [["weibo:a\u2028b", "weibo:c\u0085d"]]
