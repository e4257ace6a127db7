"""Webhooks reach public addresses only: every form of an inside address is refused when a contacts file
is checked and again before each send, and a listener on this machine never receives a refused request."""

import pytest
from browser import free_port
from robots import Hooks

from analytics.errors import SettingError
from analytics.supervision import alerts, contacts, delivery, targets


def fake(answers: dict[str, list[str]]):
    def resolver(host: str, port: int) -> list[str]:
        if host not in answers:
            raise OSError("no such host")
        return answers[host]
    return resolver


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x", "http://localhost/x", "http://2130706433/x", "http://0x7f000001/x", "http://127.1/x",
    "http://0177.0.0.1/x", "http://[::1]/x", "http://[::ffff:127.0.0.1]/x", "http://[::ffff:7f00:1]/x",
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/x", "http://172.16.3.4/x", "http://192.168.1.1/x",
    "http://100.64.0.1/x", "http://0.0.0.0/x", "http://224.0.0.1/x", "http://240.0.0.1/x", "http://255.255.255.255/x",
    "http://[fe80::1]/x", "http://[fc00::1]/x", "http://[ff02::1]/x", "http://[::]/x", "http://[2002:7f00:1::]/x",
    "http://[64:ff9b::a9fe:a9fe]/x",
])
def test_every_form_of_an_inside_address_is_refused(url):
    with pytest.raises(targets.RefusedTarget, match="internal network"):
        targets.vet(url)


def test_a_name_is_judged_by_every_address_it_resolves_to():
    resolver = fake({"robot.example.cn": ["8.8.8.8"], "mixed.example.cn": ["8.8.8.8", "10.1.2.3"],
                     "intranet.example.cn": ["192.168.0.9"]})
    assert targets.vet("https://robot.example.cn/send?key=k", resolver=resolver) == targets.Target(
        "https", "robot.example.cn", 443, "/send?key=k", "8.8.8.8")
    for host in ("mixed.example.cn", "intranet.example.cn"):
        with pytest.raises(targets.RefusedTarget, match="internal network"):
            targets.vet(f"https://{host}/send", resolver=resolver)
    with pytest.raises(targets.Unresolved):
        targets.vet("https://gone.example.cn/send", resolver=resolver)


@pytest.mark.parametrize("url, reason", [
    ("https://user:pass@8.8.8.8/send", "user name or password"), ("https://key@8.8.8.8/send", "user name or password"),
    ("ftp://8.8.8.8/x", "http://"), ("javascript:alert(1)", "http://"), ("http:///x", "http://"),
    ("http://8.8.8.8:99999/x", "well-formed"), ("http://8.8.8.8/a b", "white space"), ("http://8.8.8.8/" + "a" * 2000, "too long"),
])
def test_an_address_that_is_not_a_plain_public_url_is_refused(url, reason):
    with pytest.raises(targets.RefusedTarget, match=reason):
        targets.vet(url)


def test_the_operator_may_allow_a_host_or_a_network():
    resolver = fake({"robot.intranet": ["10.8.1.2"], "other.intranet": ["10.9.0.1"]})
    allow = targets.parse_allow("robot.intranet, 127.0.0.0/8 ::1")
    assert targets.vet("http://robot.intranet/x", allow, resolver).address == "10.8.1.2"
    assert targets.vet("http://127.0.0.1:8/x", allow).address == "127.0.0.1"
    assert targets.vet("http://[::1]:8/x", allow).address == "::1"
    with pytest.raises(targets.RefusedTarget):
        targets.vet("http://other.intranet/x", allow, resolver)
    with pytest.raises(targets.RefusedTarget):
        targets.vet("http://169.254.169.254/x", allow)


def test_a_malformed_allow_list_is_a_named_setting_error(monkeypatch):
    monkeypatch.setenv("GOVMEDIA_WEBHOOK_ALLOW", "10.0.0.0/8, <script>")
    with pytest.raises(SettingError, match="GOVMEDIA_WEBHOOK_ALLOW"):
        targets.configured()


def test_a_contacts_file_pointing_inside_is_refused_without_repeating_the_address():
    text = ("单位,主办单位,Webhook\n"
            "甲局,甲局,https://qyapi.weixin.qq.invalid/cgi-bin/webhook/send?key=robot-key\n"
            "乙局,乙局,http://169.254.169.254/latest/meta-data/\n"
            "丙局,丙局,http://2130706433:8080/hook\n"
            "丁局,丁局,https://ops:secret@robot.invalid/send\n").encode()
    checked = contacts.check("通讯录.csv", text)
    assert not checked.ok
    assert [(p.code, p.rows) for p in checked.problems] == [("bad_webhook", (2, 3)), ("bad_webhook", (4,))]
    assert "user name or password" in checked.problems[1].en
    shown = " ".join(p.text("zh") + p.text("en") for p in checked.problems)
    assert "169.254" not in shown and "2130706433" not in shown and "secret" not in shown
    assert "内部网络" in shown and "internal network" in shown


@pytest.fixture
def listener():
    robot = Hooks(free_port())
    yield robot
    robot.stop()


def paths(robot: Hooks) -> list[str]:
    return [path for path, _ in robot.received]


def test_a_refused_send_never_reaches_the_listener_and_an_allowed_one_does(listener, monkeypatch):
    port = listener.port
    for url in (f"http://127.0.0.1:{port}/a", f"http://localhost:{port}/b", f"http://2130706433:{port}/c",
                f"http://[::ffff:127.0.0.1]:{port}/d", f"http://127.1:{port}/e"):
        with pytest.raises(delivery.Refused, match="internal network"):
            delivery.post(url, {"govmedia": {"id": "1"}}, targets.NOTHING_ALLOWED)
    # A name that was public when the list was checked and resolves inside when sending (DNS rebinding).
    with pytest.raises(delivery.Refused):
        delivery.post(f"http://robot.example.cn:{port}/f", {}, resolver=fake({"robot.example.cn": ["127.0.0.1"]}))
    assert paths(listener) == []
    monkeypatch.setenv("GOVMEDIA_WEBHOOK_ALLOW", "127.0.0.1")
    delivery.post(f"http://127.0.0.1:{port}/allowed", {"govmedia": {"id": "2"}})
    assert paths(listener) == ["/allowed"]


def test_the_request_goes_to_the_address_judged_not_a_second_lookup(listener):
    looked_up: list[str] = []

    def resolver(host, port):
        looked_up.append(host)
        return ["127.0.0.1"]

    delivery.post(f"http://robot.intranet:{listener.port}/judged", {}, targets.parse_allow("robot.intranet"), resolver)
    assert looked_up == ["robot.intranet"] and paths(listener) == ["/judged"]


def test_a_refused_message_is_kept_as_refused_and_never_retried(engine_with_alert, listener, monkeypatch):
    engine, root = engine_with_alert
    monkeypatch.delenv("GOVMEDIA_WEBHOOK_ALLOW", raising=False)
    first = alerts.run(engine)
    assert [m.status for m in first.failed] == ["refused"] and "internal network" in first.failed[0].last_error
    again = alerts.run(engine, retry_only=True)
    assert again.retried == [] and alerts.pending(root) == [] and paths(listener) == []


@pytest.fixture
def engine_with_alert(sample_store, listener, monkeypatch):
    """The sample with one unit whose robot listens on this machine; its list checked while the
    operator allowed loopback, then the allowance withdrawn."""
    from analytics.query.engine import Engine

    engine = Engine(sample_store)
    found = alerts.collect(engine, None, 14)
    assert not found.empty
    row = found.iloc[0]
    monkeypatch.setenv("GOVMEDIA_WEBHOOK_ALLOW", "127.0.0.1")
    csv = ("单位,平台,账号ID,Webhook\n"
           f"专班,{row['platform']},{row['account_id']},http://127.0.0.1:{listener.port}/hook\n").encode()
    checked = contacts.check("通讯录.csv", csv)
    assert checked.ok, [p.text("en") for p in checked.problems]
    contacts.store(sample_store.root, checked, "王分析")
    return engine, sample_store.root


@pytest.mark.parametrize("url, shown", [
    ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", "https://qyapi.weixin.qq.com/…"),
    ("https://oapi.dingtalk.com/robot/send?access_token=abc", "https://oapi.dingtalk.com/…"),
    ("https://open.feishu.cn/open-apis/bot/v2/hook/abc", "https://open.feishu.cn/…"),
    ("https://robot.example.cn/", "https://robot.example.cn"), ("https://u:p@robot.example.cn/x", "https://robot.example.cn/…"),
    ("javascript:alert(1)", "…"), ("http://[::1", "…"),
])
def test_a_webhook_is_shown_without_its_key(url, shown):
    assert targets.masked(url) == shown
