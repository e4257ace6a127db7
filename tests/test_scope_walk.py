"""A 浙江 administrator walks every page, export and download of a store where each province carries its
own marker — in account and agency names, cities, events, contacts (e-mail and robot addresses),
alerts, published lists, rounds and the audit log — and no other province's marker may appear anywhere:
on screen, in a chart's data, in a table, in a slide, in a workbook or in a 通报."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from apptest import open_app
from cli import run
from docx import Document
from factory import make_rows, parquet_bytes
from openpyxl import load_workbook

from analytics.access import audit, credentials
from analytics.access.roles import ANALYST, Actor
from analytics.access.scope import Scope
from analytics.events import added, model
from analytics.output import notice
from analytics.pages import render
from analytics.pages.link import Link
from analytics.pages.registry import PAGES
from analytics.published import rankings as published
from analytics.query.engine import Engine
from analytics.store import ingest
from analytics.supervision import alerts, contacts, rounds

MARKERS = {"浙江": "QZZJ", "山西": "QZSX", "广东": "QZGD", "北京": "QZBJ", "中央": "QZZY"}
OURS = "QZZJ"
FOREIGN = re.compile("|".join(m for p, m in MARKERS.items() if m != OURS), re.IGNORECASE)
WEEKS = [dt.date(2026, 6, 3), dt.date(2026, 6, 10), dt.date(2026, 6, 17), dt.date(2026, 6, 24)]
PASSWORD = "zj-admin-walks"


def _seed(store) -> None:
    """Each province's marked accounts (top of the rankings, then silent: failing the two-week rule), and
    everything else that can name them."""
    accounts = [(platform, f"mk-{code}-{platform}", f"{code}政务号", province, f"{code}市", "provincial", "公安")
                for province, code in MARKERS.items() for platform in ("weibo", "douyin")]
    rows = pd.concat([make_rows(weeks=1, start=day, accounts=accounts) for day in WEEKS], ignore_index=True)
    rows["agency"] = [f"{MARKERS[p]}公安厅" for p in rows["province"]]
    rows["reads"] = [10**8 if d == WEEKS[0] else 10**7 for d in rows["snapshot_date"]]
    rows["posts"] = [5 if d == WEEKS[0] else 0 for d in rows["snapshot_date"]]
    prepared = ingest.prepare(store, "marked.parquet", parquet_bytes(rows))
    assert prepared.report.ok, prepared.report.text("en")
    ingest.commit(store, prepared, Actor("督查", ANALYST))
    engine = Engine(store)

    book = "单位,主办单位,邮箱,Webhook\n" + "".join(
        f"{code}单位,{code}公安厅,{code.lower()}@example.cn,https://{code.lower()}.robot.example.cn/send?key={code}KEY\n"
        for code in MARKERS.values())
    checked = contacts.check("通讯录.csv", book.encode())
    assert checked.ok, [p.en for p in checked.problems]
    contacts.store(store.root, checked, "督查")
    alerts.run(engine, mailer=None, poster=lambda url, body: None)  # the e-mails stay pending, the robots' are sent

    events, problems = model.normalise(pd.DataFrame(
        [{"日期": "2026-06-10", "标题": f"{code}专项整治", "类型": "campaign", "范围": f"province:{province}",
          "说明": f"{code}说明"} for province, code in MARKERS.items() if province != "中央"]
        + [{"日期": "2026-06-12", "标题": f"{code}单位活动", "类型": "campaign", "范围": f"agency:{code}公安厅"}
           for code in MARKERS.values()]
        + [{"日期": "2026-06-14", "标题": f"{code}账号改版", "类型": "campaign", "范围": f"account:weibo:mk-{code}-weibo"}
           for code in MARKERS.values()]), "added")
    assert not problems, problems
    added.add(store.root, events, "督查", Scope())

    listed = "来源,指数,周期,平台,排名,账号名称,数值\n" + "".join(
        f"人民网,政务微博,2026-06-18~2026-06-24,微博,{n},{code}政务号,{90 - n}\n" for n, code in enumerate(MARKERS.values(), 1))
    found, problems = published.read("人民网.csv", listed.encode(), engine)
    assert not problems, problems
    published.store(store.root, found, "督查", "人民网.csv")

    rounds.open_round(engine, "2026Q2", user="督查")
    for province, code in MARKERS.items():
        audit.record(store.root, "export", Actor(f"{code}分析", ANALYST, Scope.make([province])), "ok", page="overview",
                     format="png", item=f"{code}图")
    audit.record(store.root, "sign_in", Actor(""), "failed", name="QZSX访客")


@pytest.fixture
def marked(app_env):
    _seed(app_env)
    return app_env


def _texts(node) -> list[str]:
    """Every text an element tree carries: each element's message (labels, values, options, chart specs)
    and each table's cells."""
    out = []
    proto = getattr(node, "proto", None)
    if proto is not None:
        out.append(str(proto))
    value = getattr(node, "value", None)
    if isinstance(value, pd.DataFrame):
        out.append(value.to_csv())
    children = getattr(node, "children", None) or {}
    for child in (children.values() if isinstance(children, dict) else children):
        out.extend(_texts(child))
    return out


def _signed_in(users: dict):
    name = next(iter(users))
    at = open_app()
    at.secrets["govmedia"] = {"passwords": {name: credentials.hash_password(PASSWORD)}, "users": users}
    at.switch_page("pages/data.py").run()
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(PASSWORD)
    next(b for b in at.button if "登录" in b.label).click().run()
    return at


def _seen(at) -> str:
    assert not at.exception, [e.value for e in at.exception]
    return "\n".join(_texts(at._tree))


def _leaks(text: str) -> list[str]:
    return sorted({m.group(0).upper() for m in FOREIGN.finditer(text)})


@pytest.mark.slow
def test_a_zhejiang_administrator_sees_nothing_of_any_other_province(marked, tmp_path):
    # The markers reach the screens: a national administrator sees every province's on these pages.
    national = _signed_in({"总管": {"role": "admin"}})
    for page in ("rankings", "compliance", "data", "audit", "regions"):
        national.switch_page(f"pages/{page}.py").run()
        assert set(_leaks(_seen(national))) == set(MARKERS.values()) - {OURS}, page

    at = _signed_in({"浙江管理": {"role": "admin", "provinces": ["浙江"]}})
    everything = {}
    for page in (*PAGES, "audit"):
        at.switch_page(f"pages/{page}.py").run()
        everything[page] = _seen(at)
    at.switch_page("pages/account.py")
    for account in (f"weibo:mk-{OURS}-weibo", "weibo:mk-QZSX-weibo"):
        at.query_params["account"] = account
        at.run()
        everything[f"account {account}"] = _seen(at)
    at.query_params.clear()
    at.query_params.update({"present": "1"})
    at.switch_page("pages/rankings.py").run()
    everything["present"] = _seen(at)
    assert OURS in everything["rankings"] and OURS in everything["compliance"] and OURS in everything["data"]
    assert {page: _leaks(text) for page, text in everything.items() if _leaks(text)} == {}

    # What the exports are made of: every page's slides (titles, takeaways, tables, notes, chart data) and
    # workbook, and the 通报, built for the same reader.
    zj = Engine(marked).with_scope(Scope.make(["浙江"]))
    for page in (k for k, spec in PAGES.items() if spec.build and k != "account"):
        deck = render.deck(zj, page, Link())
        text = "\n".join([deck.title, deck.filters] + [
            "\n".join([s.title, s.takeaway, s.notes, s.figure.to_json(), "" if s.table is None else s.table.to_csv()])
            for s in deck.slides])
        assert _leaks(text) == [], page
        out = tmp_path / f"{page}.xlsx"
        ran = run("export", "--page", page, "--format", "xlsx", "--out", str(out), "--as", "浙江管理",
                  "--secrets", str(_secrets_file(tmp_path)), "--data-dir", str(marked.root))
        assert ran.returncode == 0, ran
        book = load_workbook(out)
        cells = "\n".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None)
        assert _leaks(cells) == [], page
    latest = rounds.latest(marked.root, "2026Q2")
    doc = notice.notice_bytes(latest.quarter, latest.check_date, latest.share,
                              rounds.scoped(rounds.results(marked.root, latest), zj.scope),
                              rounds.scoped(rounds.recheck(marked.root, latest), zj.scope), None, region="浙江")
    text = "\n".join(p.text for p in Document(io.BytesIO(doc)).paragraphs) + "\n".join(
        c.text for t in Document(io.BytesIO(doc)).tables for row in t.rows for c in row.cells)
    assert OURS in text and _leaks(text) == []


def _secrets_file(tmp_path):
    from analytics.access import directory

    path = tmp_path / "secrets.toml"
    if not path.exists():
        directory.set_user(path, "浙江管理", "admin", Scope.make(["浙江"]), PASSWORD)
    return path
