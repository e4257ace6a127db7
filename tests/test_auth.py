import json
import tomllib
from pathlib import Path

import pytest
from cli import run
from factory import make_rows, parquet_bytes

from analytics.access import credentials, directory, roles
from analytics.access.credentials import Throttle
from analytics.access.roles import ANALYST, VIEWER, Actor
from analytics.access.scope import Scope
from analytics.errors import PermissionDenied, SettingError, WrongPassword
from analytics.store import ingest

ROOT = Path(__file__).resolve().parent.parent


def test_hash_is_salted_and_verifies():
    a, b = credentials.hash_password("correct horse"), credentials.hash_password("correct horse")
    assert a != b and a.startswith("scrypt$")
    assert credentials.verify_password("correct horse", a) and not credentials.verify_password("wrong", a)
    assert not credentials.verify_password("x", "plain-text-password") and not credentials.verify_password("x", "scrypt$bad")


def test_sign_in():
    passwords = {"wang": credentials.hash_password("s3cret-pass")}
    actor = directory.sign_in(passwords, " wang ", "s3cret-pass", Throttle())
    assert actor == Actor("wang", ANALYST) and actor.is_analyst
    with pytest.raises(PermissionDenied) as wrong:
        directory.sign_in(passwords, "wang", "nope", Throttle())
    with pytest.raises(PermissionDenied) as unknown:
        directory.sign_in(passwords, "li", "nope", Throttle())
    assert wrong.value.en == unknown.value.en == "wrong user name or password"


def test_wrong_passwords_are_slowed_down():
    throttle = Throttle()
    for i in range(credentials.FREE_ATTEMPTS):
        assert throttle.attempt("wang", "10.0.0.9", now=100.0) == 0
    assert throttle.attempt("wang", "10.0.0.9", now=100.0) == pytest.approx(2.0)
    assert throttle.attempt("wang", "10.0.0.9", now=102.0) == 0  # the wait is over: this try counts
    assert throttle.attempt("wang", "10.0.0.9", now=102.0) == pytest.approx(4.0)
    for now in range(200, 400, 70):
        throttle.attempt("wang", "10.0.0.9", now=float(now))
    assert throttle.attempt("wang", "10.0.0.9", now=400.0) <= credentials.MAX_WAIT_S
    assert throttle.attempt("li", "10.0.0.9", now=400.0) == 0
    throttle.succeeded("wang", "10.0.0.9", now=400.0)
    assert throttle.attempt("wang", "10.0.0.9", now=400.0) == 0


def test_a_throttled_name_is_refused_even_with_the_right_password():
    passwords = {"wang": credentials.hash_password("s3cret-pass")}
    throttle = Throttle()
    for _ in range(credentials.FREE_ATTEMPTS):
        with pytest.raises(PermissionDenied):
            directory.sign_in(passwords, "wang", "wrong", throttle)
    with pytest.raises(credentials.TooManyAttempts) as err:
        directory.sign_in(passwords, "wang", "s3cret-pass", throttle)
    assert "try again in" in err.value.en


def test_a_colleague_behind_the_same_address_is_never_slowed_by_someone_elses_mistakes():
    passwords = {"li": credentials.hash_password("li-password"), "wang": credentials.hash_password("s3cret-pass")}
    throttle = Throttle()
    for _ in range(credentials.FREE_ATTEMPTS + 2):
        with pytest.raises(PermissionDenied):
            directory.sign_in(passwords, "wang", "wrong", throttle, client="10.0.0.9")
    assert directory.sign_in(passwords, "li", "li-password", throttle, client="10.0.0.9").name == "li"
    # wang himself, from his own desk, is not locked out by someone guessing from the shared address
    assert directory.sign_in(passwords, "wang", "s3cret-pass", throttle, client="10.0.0.20").name == "wang"


def test_a_name_is_slowed_after_failures_from_several_addresses_but_not_where_it_signed_in_before():
    throttle = Throttle()
    throttle.succeeded("wang", "10.0.0.20", now=0.0)
    for i in range(credentials.USER_FREE_ATTEMPTS):
        assert throttle.attempt("wang", f"198.51.100.{i}", now=10.0) == 0
    assert throttle.attempt("wang", "198.51.100.200", now=10.0) > 0  # a new address now waits
    assert throttle.attempt("wang", "10.0.0.20", now=10.0) == 0  # his usual one does not


def test_old_entries_are_forgotten_and_the_file_stays_bounded(tmp_path):
    throttle = Throttle(tmp_path / "throttle.json")
    for i in range(300):
        throttle.attempt(f"user{i}" + "长" * 5000, f"10.1.{i // 250}.{i % 250}", now=1000.0)
    size = (tmp_path / "throttle.json").stat().st_size
    assert size < 300 * 200, size  # digests, not the names people typed
    throttle.attempt("late", "10.9.9.9", now=1000.0 + credentials.KEEP_S + 1)
    assert len(json.loads((tmp_path / "throttle.json").read_text())) == 2  # only the late pair and its name


def test_an_overlong_name_or_password_is_refused_before_anything_is_kept(tmp_path):
    throttle = Throttle(tmp_path / "throttle.json")
    with pytest.raises(WrongPassword):
        directory.sign_in({}, "长" * (credentials.MAX_NAME + 1), "x", throttle)
    with pytest.raises(WrongPassword):
        directory.sign_in({}, "wang", "x" * (credentials.MAX_PASSWORD + 1), throttle)
    assert not (tmp_path / "throttle.json").exists()
    with pytest.raises(SettingError):
        directory.set_password(tmp_path / "secrets.toml", "长" * (credentials.MAX_NAME + 1), "long-enough")


def test_an_audit_record_is_bounded_whatever_it_is_given(tmp_path):
    from analytics.access import audit

    entry = audit.record(tmp_path, "sign_in", Actor("名" * 10_000), "failed", name="名" * 10_000,
                         rows=list(range(100_000)), nested={str(i): "x" * 1000 for i in range(1000)})
    line = audit.path(tmp_path).read_text(encoding="utf-8")
    assert len(line.encode()) < 40_000 and entry["user"].startswith("名" * audit.MAX_TEXT)
    assert len(entry["details"]["rows"]) == audit.MAX_ITEMS + 1


@pytest.mark.parametrize("shared", [False, True])
def test_simultaneous_wrong_passwords_cannot_race_the_throttle(tmp_path, shared):
    """16 threads at the same moment on a fresh throttle: only the free attempts reach the password check."""
    import threading

    throttle = Throttle(tmp_path / "throttle.json" if shared else None)
    passwords = {"wang": credentials.hash_password("s3cret-pass")}
    start, outcomes = threading.Barrier(16), []

    def attempt():
        start.wait()
        try:
            directory.sign_in(passwords, "wang", "wrong", throttle)
        except credentials.TooManyAttempts:
            outcomes.append("waited")
        except PermissionDenied:
            outcomes.append("checked")

    threads = [threading.Thread(target=attempt) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("checked") == credentials.FREE_ATTEMPTS and outcomes.count("waited") == 16 - credentials.FREE_ATTEMPTS


def _try_in_a_process(path: str, queue, ready) -> None:
    from pathlib import Path as P

    from analytics.access import credentials, directory
    from analytics.errors import PermissionDenied

    # Importing takes seconds on a busy machine; the tries must fall inside one backoff window.
    ready.wait(60)
    try:
        directory.sign_in({}, "wang", "wrong", credentials.Throttle(P(path)))
    except credentials.TooManyAttempts:
        queue.put("waited")
    except PermissionDenied:
        queue.put("checked")


def test_the_throttle_is_shared_by_processes(tmp_path):
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    queue, ready = ctx.Queue(), ctx.Barrier(6)
    procs = [ctx.Process(target=_try_in_a_process, args=(str(tmp_path / "throttle.json"), queue, ready)) for _ in range(6)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    outcomes = [queue.get(timeout=5) for _ in procs]
    assert outcomes.count("checked") == credentials.FREE_ATTEMPTS and outcomes.count("waited") == 6 - credentials.FREE_ATTEMPTS


def test_role_from_oidc_email():
    section = {"analyst_emails": ["Zhang@Gov.cn"]}
    assert directory.role_for_email(section, "zhang@gov.cn") == ANALYST
    assert directory.role_for_email(section, "other@gov.cn") == VIEWER and directory.role_for_email({}, None) == VIEWER


def test_set_password_keeps_other_secrets(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\ncookie_secret = "x"\n\n'
                    '[auth.oidc]\nclient_id = "abc"\n\n[govmedia]\nanalyst_emails = ["a@gov.cn"]\n')
    directory.set_password(path, "wang", "long-enough")
    data = tomllib.loads(path.read_text())
    assert data["auth"]["oidc"]["client_id"] == "abc" and data["govmedia"]["analyst_emails"] == ["a@gov.cn"]
    assert credentials.verify_password("long-enough", data["govmedia"]["passwords"]["wang"])
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(SettingError):
        directory.set_password(path, "wang", "short")


def test_cli_set_password_reads_stdin(tmp_path):
    secrets = tmp_path / "secrets.toml"
    out = run("set-password", "--user", "王分析", "--secrets", str(secrets), stdin="a-strong-password\n")
    assert out.returncode == 0, out.stderr
    stored = tomllib.loads(secrets.read_text())["govmedia"]["passwords"]["王分析"]
    assert credentials.verify_password("a-strong-password", stored)


@pytest.mark.parametrize("actor", [None, roles.ANONYMOUS, Actor("leader", VIEWER), Actor("", ANALYST)])
def test_only_analysts_commit_and_only_administrators_restore(store, actor):
    prepared = ingest.prepare(store, "w.parquet", parquet_bytes(make_rows()))
    with pytest.raises(PermissionDenied):
        ingest.commit(store, prepared, actor)
    assert not store.exists()
    ingest.commit(store, prepared, Actor("wang", ANALYST))
    ingest.commit(store, ingest.prepare(store, "w2.parquet", parquet_bytes(make_rows(weeks=3))), Actor("wang", ANALYST))
    from analytics.access.scope import Scope

    for refused in (actor, Actor("wang", ANALYST), Actor("zj-chief", roles.ADMIN, Scope.make(provinces=["浙江"]))):
        with pytest.raises(PermissionDenied):
            ingest.restore(store, 0, refused)
    assert store.version() == 1
    ingest.restore(store, 0, Actor("chief", roles.ADMIN))
    assert store.version() == 2


SECTION = {"users": {"zj@zj.gov.cn": {"role": "analyst", "provinces": ["浙江"]}}, "analyst_emails": ["lead@gov.cn"]}
RULES = directory.domain_rules("hz.gov.cn=viewer:浙江/杭州; zj.gov.cn=viewer:浙江")


@pytest.mark.parametrize("claims, expected", [
    ({"email": "ZJ@zj.gov.cn", "email_verified": True}, Actor("ZJ@zj.gov.cn", ANALYST, Scope.make(provinces=["浙江"]))),
    ({"email": "lead@gov.cn", "email_verified": True}, Actor("lead@gov.cn", ANALYST)),
    ({"email": "a@hz.gov.cn", "email_verified": True}, Actor("a@hz.gov.cn", VIEWER, Scope.make(cities=["浙江/杭州"]))),
    ({"email": "b@xihu.hz.gov.cn", "email_verified": True}, Actor("b@xihu.hz.gov.cn", VIEWER, Scope.make(cities=["浙江/杭州"]))),
    ({"email": "c@nb.zj.gov.cn", "email_verified": True}, Actor("c@nb.zj.gov.cn", VIEWER, Scope.make(provinces=["浙江"]))),
    ({"email": "x@gmail.com", "email_verified": True}, None),  # any account of the provider: not admitted
    ({"email": "x@evilhz.gov.cn", "email_verified": True}, None),  # a suffix is not a subdomain
    ({"email": "zj@zj.gov.cn", "email_verified": False}, None),  # listed, but the address is not verified
    ({"email": "zj@zj.gov.cn"}, None),
    ({"email": "", "email_verified": True}, None),
    ({"name": "no e-mail"}, None),
])
def test_an_organisation_account_is_admitted_only_by_the_list_or_a_domain_rule(claims, expected):
    assert directory.oidc_actor(SECTION, claims, RULES) == expected


def test_a_removed_user_is_not_admitted_on_the_next_request():
    claims = {"email": "zj@zj.gov.cn", "email_verified": True}
    assert directory.oidc_actor(SECTION, claims, []) is not None
    assert directory.oidc_actor({"users": {}}, claims, []) is None


@pytest.mark.parametrize("raw", ["gov.cn", "gov.cn=boss", "=viewer", "a b.cn=viewer", "x@y.cn=viewer", "local=viewer"])
def test_a_malformed_domain_rule_is_a_named_setting_error(raw, monkeypatch):
    with pytest.raises(ValueError):
        directory.domain_rules(raw)
    monkeypatch.setenv("GOVMEDIA_OIDC_DOMAINS", raw)
    with pytest.raises(SettingError, match="GOVMEDIA_OIDC_DOMAINS"):
        directory.configured_domain_rules()
