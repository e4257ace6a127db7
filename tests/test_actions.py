"""Every action that changes state audits itself: each one in `ACTIONS` is called here as a permitted caller
(one audit entry with its outcome and entry point) and as a viewer (refused with a typed error and recorded
as denied), so a new action without a call below fails the completeness check."""

from __future__ import annotations

import datetime as dt
import uuid

import pandas as pd
import pytest
from factory import ACCOUNTS, make_rows, parquet_bytes

from analytics import settings
from analytics.access import audit
from analytics.access.roles import ADMIN, ANALYST, VIEWER, Actor
from analytics.access.scope import Scope
from analytics.actions import curation, data, people, supervision
from analytics.actions import posts as post_actions
from analytics.actions.base import ACTIONS, Caller
from analytics.errors import NeedsAdmin, NeedsAnalyst, OutsideScope, PermissionDenied
from analytics.events import added, model
from analytics.posts import ingest as post_ingest
from analytics.posts.table import PostStore
from analytics.published import rankings as published
from analytics.query.engine import Engine
from analytics.store import backup as backups
from analytics.store import ingest
from analytics.supervision import contacts, rounds

EVENT = {"日期": "2024-03-01", "结束日期": "", "标题": "浙江政务新媒体培训", "类型": "campaign", "范围": "province:浙江",
         "说明": "", "链接": "", "重要性": "2"}
CONTACTS = "单位,主办单位,邮箱\n浙江省公安厅宣传处,浙江省公安厅,zj@example.cn\n"


@pytest.fixture(scope="module")
def world(_seeded_template, tmp_path_factory):
    import shutil

    from analytics.store.table import Store

    root = tmp_path_factory.mktemp("actions") / "data"
    shutil.copytree(_seeded_template, root)
    return Engine(Store(root))


def calls(engine: Engine, tmp_path) -> dict:
    """Each action's call, as a function of the caller; the order matters where one needs another's result."""
    store, secrets = engine.store, tmp_path / "secrets.toml"
    upload = make_rows(weeks=1, start=dt.date(2026, 6, 24))
    rows, problems = model.normalise(pd.DataFrame([EVENT]), "added")
    lists, list_problems = published.read("qingbo.csv", (settings.SAMPLE_DIR / "reference" / "published_rankings.csv").read_bytes(), engine)
    assert not problems and not list_problems
    found = {}
    posts = PostStore.beside(store)
    posts_file = _posts_file(store, "浙江")
    return {
        "check_posts": lambda c: found.setdefault("posts", post_actions.check_posts(c, posts, store, "p.csv", posts_file)),
        "commit_posts": lambda c: post_actions.commit_posts(
            c, posts, found.get("posts") or post_ingest.prepare(posts, store, "p.csv", posts_file)),
        "restore_posts": lambda c: post_actions.restore_posts(c, posts, 0),
        "check_upload": lambda c: found.setdefault("prepared", data.check_upload(c, store, "w.parquet", parquet_bytes(upload))),
        "commit_upload": lambda c: data.commit_upload(
            c, store, found.get("prepared") or ingest.prepare(store, "w.parquet", parquet_bytes(upload))),
        "restore": lambda c: data.restore(c, store, 0),
        "optimize": lambda c: data.optimize(c, store),
        "open_round": lambda c: supervision.open_round(c, engine, "2024Q2"),
        "store_contacts": lambda c: supervision.store_contacts(c, contacts.check("c.csv", CONTACTS.encode())),
        "send_alerts": lambda c: supervision.send_alerts(c, engine, secrets={}, check=dt.date(2024, 6, 26)),
        "add_events": lambda c: curation.add_events(c, rows),
        "edit_event": lambda c: curation.edit_event(c, _added_id(store.root), rows.iloc[0]),
        "remove_event": lambda c: curation.remove_event(c, _added_id(store.root)),
        "import_published": lambda c: curation.import_published(c, lists, [], "qingbo.csv"),
        "set_user": lambda c: people.set_user(c, secrets, "浙江分析", ANALYST, Scope.make(["浙江"]), "a long password"),
        "set_password": lambda c: people.set_password(c, secrets, "王分析", "a long password"),
        "remove_user": lambda c: people.remove_user(c, secrets, "浙江分析"),
        "signed_in": lambda c: people.signed_in(c, method="password"),
        "sign_in_refused": lambda c: people.sign_in_refused(c, "nobody", "wrong user name or password"),
        "signed_out": lambda c: people.signed_out(c),
        "exported": lambda c: people.exported(c, page="overview", format="png"),
        "refused_page": lambda c: people.refused_page(c, "audit"),
        "verify": lambda c: data.verify(c, store),
        "backup": lambda c: data.backup(c, store, tmp_path / "backups"),
        "restore_backup": lambda c: data.restore_backup(c, _a_backup(store, tmp_path), tmp_path / f"restored-{uuid.uuid4().hex}"),
    }


def _posts_file(store, province: str) -> bytes:
    """One post of the first sample account of `province`, as a CSV export would give it."""
    import duckdb

    from analytics.store import accounts as summaries

    version = store.version()
    platform, account_id = duckdb.execute(
        "SELECT platform, account_id FROM read_parquet($s) WHERE province = $p ORDER BY platform, account_id LIMIT 1",
        {"s": str(summaries.ensure(store.root, version, store.files(version))), "p": province}).fetchall()[0]
    return (f"平台,账号ID,作品ID,发布时间,标题,阅读数,点赞数,评论数,转发数\n"
            f"{platform},{account_id},t-{uuid.uuid4().hex[:8]},2026-06-24 09:00,测试作品,10,1,0,0\n").encode()


def _a_backup(store, tmp_path):
    folder = tmp_path / "for-restore"
    return folder if folder.exists() else backups.backup(store, folder).folder


def _added_id(root) -> str:
    table = added.current(root)
    return table["id"].iloc[-1] if len(table) else "none"


# What a viewer may still do: these record what happened to them, changing nothing.
RECORDS = {"signed_in", "sign_in_refused", "signed_out", "exported", "refused_page"}
OUTCOME = {"sign_in_refused": "failed", "refused_page": "denied"}


@pytest.mark.slow
def test_every_action_is_called_and_audits_itself(world, tmp_path):
    table = calls(world, tmp_path)
    assert set(table) == set(ACTIONS), "an action without a call here: add it"
    admin = Caller(Actor("督查", ADMIN), world.store.root, "cli")
    for name, call in table.items():
        before = len(audit.read(world.store.root))
        call(admin)
        written = audit.read(world.store.root)[before:]
        event = ACTIONS[name][0]
        if name in ("check_upload", "check_posts"):  # a file that passes is recorded when it is committed
            assert written == []
            continue
        assert [(r["event"], r["outcome"], r["user"], r["details"]["via"]) for r in written] == [
            (event, OUTCOME.get(name, "ok"), "督查", "cli")], name


@pytest.mark.parametrize("name", sorted(set(ACTIONS) - RECORDS))
def test_a_viewer_is_refused_every_change_and_the_refusal_is_recorded(world, tmp_path, name):
    viewer = Caller(Actor("领导", VIEWER), world.store.root, "ui", client="10.0.0.9")
    before = len(audit.read(world.store.root))
    with pytest.raises((NeedsAnalyst, NeedsAdmin)):
        calls(world, tmp_path)[name](viewer)
    written = audit.read(world.store.root)[before:]
    assert [(r["event"], r["outcome"], r["user"], r["client"], r["details"]["via"]) for r in written] == [
        (ACTIONS[name][0], "denied", "领导", "10.0.0.9", "ui")]


def test_a_scoped_analyst_is_refused_outside_their_scope(world, tmp_path):
    shanxi = Caller(Actor("山西分析", ANALYST, Scope.make(["山西"])), world.store.root, "ui")
    with pytest.raises(OutsideScope):
        calls(world, tmp_path)["add_events"](shanxi)
    with pytest.raises(PermissionDenied):  # a scoped reader's engine cannot be widened to the national one
        supervision.open_round(shanxi, world.with_scope(Scope.make(["浙江"])), "2024Q2")
    assert [r["outcome"] for r in audit.read(world.store.root, user="山西分析")] == ["denied", "denied"]


def test_an_unknown_event_or_outcome_is_refused(tmp_path):
    with pytest.raises(ValueError):
        audit.record(tmp_path, "uplaod", Actor("x"), "ok")
    with pytest.raises(ValueError):
        audit.record(tmp_path, "upload", Actor("x"), "fine")
    with pytest.raises(ValueError):
        Caller(Actor("x"), tmp_path, "email")
    assert audit.read(tmp_path) == []


def test_the_command_line_and_the_pages_record_nothing_themselves():
    """Only the actions (and the audit module) write the log: any other writer would be an action that
    forgot to be one."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    writers = [str(p.relative_to(root)) for folder in ("analytics", "ui", "pages") for p in (root / folder).rglob("*.py")
               if re.search(r"audit\.record\(", p.read_text(encoding="utf-8"))]
    assert writers == ["analytics/actions/base.py"]


def test_the_ingest_prepare_alone_stays_a_pure_check(world):
    """The store-level prepare needs no actor and writes nothing: the upload action is what records."""
    before = len(audit.read(world.store.root))
    ingest.prepare(world.store, "w.parquet", parquet_bytes(make_rows(weeks=1)))
    assert len(audit.read(world.store.root)) == before


ZJ_UPLOAD = make_rows(weeks=1, start=dt.date(2026, 6, 24), accounts=[a for a in ACCOUNTS if a[3] == "浙江"])


def _foreign_calls(engine: Engine, tmp_path) -> dict:
    """Each writing action aimed at 浙江 or at every region, for a caller whose scope is 山西; and what it must
    give them: a refusal, or a result confined to 山西."""
    store, secrets = engine.store, tmp_path / "secrets.toml"
    rows, _ = model.normalise(pd.DataFrame([EVENT]), "added")
    zj_event = added.add(store.root, rows, "督查", Scope())[1]["id"].iloc[0]
    lists, _ = published.read("qingbo.csv", (settings.SAMPLE_DIR / "reference" / "published_rankings.csv").read_bytes(), engine)
    national = ingest.prepare(store, "zj.parquet", parquet_bytes(ZJ_UPLOAD))
    posts, zj_posts = PostStore.beside(store), _posts_file(store, "浙江")
    national_posts = post_ingest.prepare(posts, store, "zj.csv", zj_posts)

    def only_shanxi(frame):
        assert len(frame) and set(frame["province"]) == {"山西"}

    return {
        "check_upload": (lambda c: data.check_upload(c, store, "zj.parquet", parquet_bytes(ZJ_UPLOAD)),
                         lambda prepared: prepared.report.problems[0].code == "outside_scope"),
        "commit_upload": (lambda c: data.commit_upload(c, store, national), OutsideScope),
        "check_posts": (lambda c: post_actions.check_posts(c, posts, store, "zj.csv", zj_posts),
                        lambda prepared: prepared.report.problems[0].code == "outside_scope"),
        "commit_posts": (lambda c: post_actions.commit_posts(c, posts, national_posts), OutsideScope),
        "restore_posts": (lambda c: post_actions.restore_posts(c, posts, 0), NeedsAdmin),
        "restore": (lambda c: data.restore(c, store, 0), NeedsAdmin),
        "optimize": (lambda c: data.optimize(c, store), NeedsAdmin),
        "open_round": (lambda c: supervision.open_round(c, engine, "2024Q2"),
                       lambda record: record.scope == "山西" and only_shanxi(rounds.results(store.root, record)) is None),
        "store_contacts": (lambda c: supervision.store_contacts(c, contacts.check("c.csv", CONTACTS.encode())), NeedsAnalyst),
        "send_alerts": (lambda c: supervision.send_alerts(c, engine, secrets={}), lambda run: only_shanxi(run.alerts) is None),
        "add_events": (lambda c: curation.add_events(c, rows), OutsideScope),
        "edit_event": (lambda c: curation.edit_event(c, zj_event, rows.iloc[0].copy()), OutsideScope),
        "remove_event": (lambda c: curation.remove_event(c, zj_event), OutsideScope),
        "import_published": (lambda c: curation.import_published(c, lists, [], "qingbo.csv"), NeedsAnalyst),
        "set_user": (lambda c: people.set_user(c, secrets, "浙江分析", ANALYST, Scope.make(["浙江"]), "a long password"), NeedsAdmin),
        "set_password": (lambda c: people.set_password(c, secrets, "王分析", "a long password"), NeedsAdmin),
        "remove_user": (lambda c: people.remove_user(c, secrets, "浙江分析"), NeedsAdmin),
        "verify": (lambda c: data.verify(c, store, repair=True), NeedsAdmin),
        "backup": (lambda c: data.backup(c, store, tmp_path / "backups"), NeedsAdmin),
        "restore_backup": (lambda c: data.restore_backup(c, _a_backup(store, tmp_path), tmp_path / "restored"), NeedsAdmin),
    }


@pytest.mark.parametrize("role", [ANALYST, ADMIN])
@pytest.mark.parametrize("name", sorted(set(ACTIONS) - RECORDS))
def test_every_write_checks_the_callers_scope_itself(sample_store, tmp_path, role, name):
    """Called straight (no page drawing widgets for the right roles), each write refuses a caller of another
    region — analyst or administrator — or confines what it does to their scope; a refusal changes nothing."""
    engine = Engine(sample_store)
    table = _foreign_calls(engine, tmp_path)
    assert set(table) == set(ACTIONS) - RECORDS, "a writing action without a foreign-scope call here: add it"
    call, expected = table[name]
    caller = Caller(Actor("山西人员", role, Scope.make(["山西"])), sample_store.root, "ui")
    history, events = len(sample_store.history()), added.current(sample_store.root).copy()
    posted = len(PostStore.beside(sample_store).history())
    if isinstance(expected, type):
        with pytest.raises(expected):
            call(caller)
        assert len(sample_store.history()) == history and added.current(sample_store.root).equals(events)
        assert len(PostStore.beside(sample_store).history()) == posted
        assert not (tmp_path / "secrets.toml").exists() and published.versions(sample_store.root) == []
        assert [r["outcome"] for r in audit.read(sample_store.root, user="山西人员")] == ["denied"]
    else:
        assert expected(call(caller))
        assert len(sample_store.history()) == history
