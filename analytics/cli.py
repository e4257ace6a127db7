"""Command line: ingest, versions, restore, optimize, stats, export, users and the audit log.

It runs on the server, by whoever may read and write the data directory: its actions are recorded in the
audit log as an administrator's, under the name given with --user."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from urllib.parse import urlencode

from analytics import settings
from analytics.access import audit, directory, roles
from analytics.access.roles import ADMIN, Actor
from analytics.access.scope import Scope
from analytics.errors import AnalyticsError, SettingError, StoreError
from analytics.pages.options import OPTIONS
from analytics.pages.registry import BRIEFING, PAGES
from analytics.query.engine import open_engine
from analytics.query.filters import DIMENSIONS
from analytics.store import ingest
from analytics.store.stats import store_stats
from analytics.store.table import Store

EXIT_OK, EXIT_ERROR, EXIT_REJECTED = 0, 1, 2


def _say(args: argparse.Namespace, zh: str, en: str) -> None:
    print({"zh": zh, "en": en}.get(args.lang, f"{zh} / {en}"))


def _engine(args: argparse.Namespace):
    engine = open_engine(args.data_dir)
    _seed(engine.store)
    return engine


def _open(args: argparse.Namespace) -> Store:
    return _engine(args).store


def _seed(store: Store) -> Store:
    if ingest.ensure_seeded(store):
        print(f"已将示例数据载入空数据目录 {store.root}（设置 GOVMEDIA_SEED=0 可不载入） / "
              f"loaded the sample data into the empty data directory {store.root} (GOVMEDIA_SEED=0 skips this)",
              file=sys.stderr)
    return store


def _operator(args: argparse.Namespace) -> Actor:
    return Actor(args.user, ADMIN)


def _report_text(args: argparse.Namespace, report) -> str:
    if args.lang in ("zh", "en"):
        return report.text(args.lang)
    return report.text("zh") + "\n" + report.text("en")


def cmd_ingest(args: argparse.Namespace) -> int:
    store = _open(args)
    prepared: list[ingest.Prepared] = []
    try:
        for path in args.files:
            path = Path(path)
            try:
                data = path.read_bytes()
            except OSError as exc:
                _say(args, f"无法读取文件 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}")
                return EXIT_REJECTED
            prepared.append(ingest.prepare(store, path.name, data))
        for p in prepared:
            print(_report_text(args, p.report))
            print()
            if not p.report.ok:
                audit.record(store.root, "upload", _operator(args), "rejected", file=p.report.name,
                             sha256=p.report.sha256, rows=p.report.rows, via="cli")
        return _commit_all(args, store, prepared)
    finally:
        for p in prepared:
            p.discard()


def _commit_all(args: argparse.Namespace, store: Store, prepared: list[ingest.Prepared]) -> int:
    if any(not p.report.ok for p in prepared):
        _say(args, "有文件未通过校验：本次未写入任何数据。", "A file was rejected: nothing was stored.")
        return EXIT_REJECTED
    if args.dry_run:
        _say(args, "试运行：未写入任何数据。", "Dry run: nothing was stored.")
        return EXIT_OK
    for p in prepared:
        result = ingest.commit(store, p, _operator(args))
        audit.record(store.root, "upload", _operator(args), "ok", file=p.report.name, sha256=p.report.sha256,
                     rows=p.report.rows, version=result.version, via="cli")
        if result.nothing_to_do:
            _say(args, f"{p.report.name}：无需写入。", f"{p.report.name}: nothing to do.")
        else:
            _say(args, f"{p.report.name}：已提交为版本 {result.version}（新增 {result.rows_added:,} 行，替换 {result.rows_replaced:,} 行）。",
                 f"{p.report.name}: committed as version {result.version} ({result.rows_added:,} rows added, "
                 f"{result.rows_replaced:,} replaced).")
    return EXIT_OK


def cmd_versions(args: argparse.Namespace) -> int:
    rows = [h.as_row() for h in _open(args).history()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{'version':>7}  {'time (UTC)':<20} {'action':<8} {'user':<14} {'added':>9} {'replaced':>9}  source / sha256")
    for r in rows:
        detail = r["source"] + (f"  {r['sha256'][:12]}" if r["sha256"] else "")
        print(f"{r['version']:>7}  {r['timestamp'][:19]:<20} {r['action']:<8} {r['user'][:14]:<14} "
              f"{r['rows_added']:>9,} {r['rows_replaced']:>9,}  {detail}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    store = _open(args)
    result = ingest.restore(store, args.version, _operator(args))
    audit.record(store.root, "restore", _operator(args), "ok", restored=args.version, version=result.version, via="cli")
    _say(args, f"已将版本 {args.version} 的数据恢复为新版本 {result.version}。",
         f"Restored the state of version {args.version} as new version {result.version}.")
    return EXIT_OK


def cmd_optimize(args: argparse.Namespace) -> int:
    store = _open(args)
    result = ingest.optimize(store, _operator(args))
    audit.record(store.root, "optimize", _operator(args), "ok", version=result.version, via="cli")
    if result.version is None:
        _say(args, "文件已是整理后的布局，未产生新版本。", "The files were already clustered; no new version.")
    else:
        _say(args, f"已按日期和账号重新整理文件，新版本 {result.version}（数据不变）。",
             f"Files clustered by date and account as new version {result.version} (same rows).")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    stats = store_stats(_open(args))
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
    else:
        for key, value in stats.items():
            print(f"{key}: {value}")
    return EXIT_OK


def cmd_set_password(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    directory.set_password(Path(args.secrets), args.user, password)
    _say(args, f"已为 {args.user} 设置分析员密码（{args.secrets}）。", f"Analyst password set for {args.user} in {args.secrets}.")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from analytics.output import export
    from analytics.pages import render
    from analytics.pages.link import Link
    from analytics.query import catalog

    names = [d.param for d in DIMENSIONS] + ["start", "end", "granularity", "metric", *OPTIONS]
    query = {k: getattr(args, k) for k in names if getattr(args, k, None)}
    if args.account:
        query["account"] = args.account
    store = _open(args)
    reader = _reader(args)
    engine = _engine(args).with_scope(reader.scope)
    if not engine.has_data():
        _say(args, "还没有数据，无法导出", "there is no data to export yet")
        return EXIT_REJECTED
    lang = "en" if args.lang == "en" else "zh"
    link, warnings = Link.parse(query, tuple(OPTIONS), catalog.known(catalog.dimensions(engine)))
    for w in warnings:
        print(w.message(args.lang) if args.lang in ("zh", "en") else f"{w.zh} / {w.en}", file=sys.stderr)
    if warnings:
        return EXIT_REJECTED
    link = link.with_(lang=lang)
    out = Path(args.out)
    if args.format == "xlsx":
        pages = BRIEFING if args.page == "briefing" else (args.page,)
        data = export.xlsx_bytes({name: table for page in pages
                                  for name, table in render.sheets(page, render.sections(engine, page, link), lang).items()})
    else:
        decks = (render.briefing(engine, link, args.theme, 1.35) if args.page == "briefing"
                 else [render.deck(engine, args.page, link, args.theme, 1.35)])
        if args.format == "pptx":
            data = export.pptx_bytes(decks, lang)
        else:
            slides = [s for d in decks for s in d.slides]
            if not 1 <= args.slide <= len(slides):
                _say(args, f"没有第 {args.slide} 张图（共 {len(slides)} 张）", f"no chart {args.slide} (there are {len(slides)})")
                return EXIT_REJECTED
            data = export.image(slides[args.slide - 1].figure, args.format, args.size)
    out.write_bytes(data)
    audit.record(store.root, "export", reader, "ok", page=args.page, format=args.format, link=urlencode(link.to_query(OPTIONS), doseq=True),
                 file=out.name, via="cli")
    _say(args, f"已写入 {out}（{len(data):,} 字节）", f"wrote {out} ({len(data):,} bytes)")
    return EXIT_OK


def _reader(args: argparse.Namespace) -> Actor:
    """Whose view an export shows: --as USER reads with that user's scope (an unknown user is an error)."""
    if not args.as_user:
        return Actor(getpass.getuser(), ADMIN)
    users = directory.load_secrets(Path(args.secrets)).get(directory.SECTION, {})
    found = directory.user_actor(dict(users.get(directory.USERS, {})), args.as_user)
    if found is None and args.as_user in users.get(directory.PASSWORDS, {}):
        found = Actor(args.as_user, roles.ANALYST)
    if found is None:
        raise SettingError(f"没有用户 {args.as_user}", f"there is no user {args.as_user}")
    return found


def _scope(args: argparse.Namespace) -> Scope:
    return Scope.make(args.province or (), args.city or (), args.platform or ())


def cmd_users(args: argparse.Namespace) -> int:
    secrets = Path(args.secrets)
    if args.action == "list":
        rows = directory.list_users(secrets)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for r in rows:
                print(f"{r['user']:<24} {r['role']:<8} {r['scope']:<30} {r['sign_in']}")
        return EXIT_OK
    if not args.user:
        raise SettingError("请用 --user 指定用户", "name the user with --user")
    store_root = settings.data_dir(args.data_dir)
    if args.action == "remove":
        directory.remove_user(secrets, args.user)
        details = {"action": "remove", "target": args.user}
    else:
        password = None
        if (args.action == "add" and "@" not in args.user) or args.password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        scope = _scope(args)
        directory.set_user(secrets, args.user, args.role, scope, password, must_exist=args.action == "set")
        details = {"action": args.action, "target": args.user, "role": args.role, "scope": scope.describe("en")}
    audit.record(store_root, "users", Actor(args.by, ADMIN), "ok", **details, via="cli")
    _say(args, f"用户 {args.user}：已{ {'add': '添加', 'set': '修改', 'remove': '删除'}[args.action] }。",
         f"User {args.user}: {args.action} done.")
    return EXIT_OK


def cmd_round(args: argparse.Namespace) -> int:
    from analytics.supervision import rounds

    store = _open(args)
    if args.action == "open":
        if not args.quarter:
            raise SettingError("请用 --quarter 指定季度，如 2026Q2", "name the quarter with --quarter, e.g. 2026Q2")
        engine = _engine(args)
        record = rounds.open_round(engine, args.quarter, user=args.user, share=args.sample, seed=args.seed,
                                   check=args.check_date)
        audit.record(store.root, "round", _operator(args), "ok", quarter=record.quarter, revision=record.revision,
                     share=record.share, seed=record.seed, check_date=record.check_date, via="cli")
        _say(args, f"{record.quarter} 第 {record.revision} 版检查：检查日 {record.check_date}，抽查 {record.accounts:,} 个账号，"
                   f"不合格 {record.failed:,} 个，合格率 {record.rate:.1%}（数据版本 {record.version}）。",
             f"{record.quarter} round, revision {record.revision}: check date {record.check_date}, {record.accounts:,} "
             f"accounts checked, {record.failed:,} failing, pass rate {record.rate:.1%} (data version {record.version}).")
        return EXIT_OK
    found = rounds.rounds(store.root) if args.action == "list" else [rounds.latest(store.root, args.quarter or "")]
    if not found or found[0] is None:
        raise StoreError(f"没有 {args.quarter} 的检查", f"there is no round for {args.quarter}")
    if args.json:
        print(json.dumps([{**r.__dict__, "check_date": r.check_date.isoformat(), "rate": r.rate} for r in found],
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in found:
        print(f"{r.quarter} r{r.revision}  check {r.check_date}  share {r.share:g}  seed {r.seed}  accounts {r.accounts:,}  "
              f"failing {r.failed:,}  pass rate {r.rate:.1%}  data v{r.version}  by {r.opened_by}")
    return EXIT_OK


def cmd_notice(args: argparse.Namespace) -> int:
    from analytics.output import notice
    from analytics.supervision import rounds

    store = _open(args)
    record = rounds.latest(store.root, args.round)
    if record is None:
        raise StoreError(f"没有 {args.round} 的检查，请先运行 round open", f"there is no round for {args.round}: run round open first")
    prior = rounds.latest(store.root, rounds.previous_quarter(record.quarter))
    previous_rate = None
    if prior is not None:
        before = rounds.results(store.root, prior)
        if args.province:
            before = before[before["province"] == args.province]
        previous_rate = float(before["passed"].mean()) if len(before) else None
    data = notice.notice_bytes(record.quarter, record.check_date, record.share, rounds.results(store.root, record),
                               rounds.recheck(store.root, record), previous_rate, province=args.province,
                               issuer=args.issuer or "", deadline=args.deadline)
    Path(args.out).write_bytes(data)
    audit.record(store.root, "export", _operator(args), "ok", page="notice", format="docx", round=record.quarter,
                 revision=record.revision, province=args.province or "", file=Path(args.out).name, via="cli")
    _say(args, f"已写入 {args.out}（{len(data):,} 字节）", f"wrote {args.out} ({len(data):,} bytes)")
    return EXIT_OK


def cmd_contacts(args: argparse.Namespace) -> int:
    from analytics.supervision import contacts

    root = settings.data_dir(args.data_dir)
    if args.action == "import":
        if not args.file:
            raise SettingError("请给出通讯录文件（CSV 或 XLSX）", "give the contacts file (CSV or XLSX)")
        path = Path(args.file)
        checked = contacts.check(path.name, path.read_bytes())
        if not checked.ok:
            for problem in checked.problems:
                print(problem.text("en" if args.lang == "en" else "zh") if args.lang != "both"
                      else f"{problem.text('zh')} / {problem.text('en')}", file=sys.stderr)
            audit.record(root, "contacts", _operator(args), "rejected", file=path.name, problems=len(checked.problems), via="cli")
            return EXIT_REJECTED
        version = contacts.store(root, checked, args.user)
        audit.record(root, "contacts", _operator(args), "ok", file=path.name, version=version.version, rows=version.rows,
                     units=version.units, via="cli")
        _say(args, f"通讯录第 {version.version} 版：{version.rows:,} 行，{version.units:,} 个单位。",
             f"Contacts version {version.version}: {version.rows:,} rows, {version.units:,} units.")
        return EXIT_OK
    version, table = contacts.current(root)
    if args.json:
        print(table.to_json(orient="records", force_ascii=False))
        return EXIT_OK
    if version is None:
        _say(args, "还没有通讯录。", "No contacts yet.")
        return EXIT_OK
    print(f"version {version.version}  {version.rows:,} rows  {version.units:,} units  by {version.user}  {version.at}  ({version.file})")
    for row in table.itertuples(index=False):
        target = f"{row.platform}:{row.account_id}" if row.account_id else row.agency
        print(f"{row.unit:<24} {target:<32} {row.email:<32} {row.webhook}")
    return EXIT_OK


def cmd_alerts(args: argparse.Namespace) -> int:
    from analytics.supervision import alerts, delivery

    store = _open(args)
    reader = _reader(args)
    engine = _engine(args).with_scope(reader.scope)
    secrets = directory.load_secrets(Path(args.secrets))
    done = alerts.run(engine, check=args.check_date, dry_run=args.dry_run, mailer=None if args.dry_run else delivery.mailer(secrets),
                      base=settings.public_url(), retry_only=args.retry_only)
    if args.json:
        print(json.dumps({"run": done.id, "check_date": done.check_date.isoformat(), "dry_run": done.dry_run,
                          "alerts": len(done.alerts), "unrouted": len(done.unrouted),
                          "new": [_message(m) for m in done.new], "retried": [_message(m) for m in done.retried],
                          "sent": [m.id for m in done.sent], "failed": [m.id for m in done.failed]}, ensure_ascii=False, indent=2))
    else:
        failing = int((done.alerts["state"] == "failing").sum())
        if args.retry_only:
            _say(args, f"只重试以前未送达的通知：{len(done.retried)} 条。", f"retrying earlier undelivered messages only: {len(done.retried)}.")
        else:
            _say(args, f"检查日 {done.check_date}：{failing:,} 个账号未通过，{len(done.alerts) - failing:,} 个账号预警；"
                       f"{len(done.unrouted):,} 个没有对应的责任单位（通讯录{'第 ' + str(done.contacts_version) + ' 版' if done.contacts_version else '为空'}）。",
                 f"check date {done.check_date}: {failing:,} accounts failing, {len(done.alerts) - failing:,} at risk; "
                 f"{len(done.unrouted):,} with no responsible unit (contacts {'version ' + str(done.contacts_version) if done.contacts_version else 'empty'}).")
        zh = args.lang == "zh"
        for label, found in (("新通知" if zh else "new", done.new), ("重试" if zh else "retry", done.retried)):
            for m in found:
                if done.dry_run:
                    outcome = "将发送" if zh else "would send"
                elif m in done.sent:
                    outcome = "已送达" if zh else "sent"
                else:
                    outcome = f"{'发送失败' if zh else 'FAILED'}: {m.last_error}"
                count = f"{len(m.keys):>4} {'个账号' if zh else 'accounts'}"
                print(f"  {label:<5} {m.id}  {m.channel:<7} {m.unit:<20} {count} → {', '.join(m.to)[:60]}  {outcome}")
        if not done.new and not done.retried:
            _say(args, "  没有新的预警需要发送。", "  no new alert to send.")
    if not args.dry_run:
        audit.record(store.root, "alerts", _operator(args), "failed" if done.failed else "ok", check_date=done.check_date,
                     new=len(done.new), retried=len(done.retried), sent=len(done.sent), failed=len(done.failed),
                     unrouted=len(done.unrouted), via="cli")
    return EXIT_ERROR if done.failed else EXIT_OK


def _message(m) -> dict:
    return {"id": m.id, "unit": m.unit, "channel": m.channel, "to": m.to, "accounts": len(m.keys), "status": m.status,
            "attempts": m.attempts, "error": m.last_error}


def cmd_events(args: argparse.Namespace) -> int:
    import pandas as pd

    from analytics.events import added, files, model, select

    store = _open(args)
    root = store.root
    if args.action == "list":
        table = select.catalog(_engine(args)).sort_values("start", kind="stable")
        if args.source:
            table = table[table["source"] == args.source]
        if args.json:
            out = table.assign(start=table["start"].astype(str),
                               end=[None if e is None or pd.isna(e) else str(e) for e in table["end"]])
            print(out.to_json(orient="records", force_ascii=False, indent=1))
            return EXIT_OK
        for _, r in table.iterrows():
            end = r["end"] if r["end"] is not None and not pd.isna(r["end"]) else None
            when = f"{r['start']}{'–' + str(end) if end else ''}"
            print(f"{r['id']:<34} {when:<22} {r['kind']:<9} {r['source']:<8} {r['scope']:<28} {r['title_zh']}"
                  + (f"  [{r['reference']}]" if r["reference"] else ""))
        return EXIT_OK
    operator = _operator(args)
    if args.action == "remove":
        if not args.id:
            raise SettingError("请给出要删除的事件编号", "give the id of the event to remove")
        version = added.remove(root, args.id, args.user, operator.scope)
        detail = args.id
    else:
        if args.action == "import":
            if not args.file:
                raise SettingError("请给出事件文件（CSV 或 XLSX）", "give the events file (CSV or XLSX)")
            rows, problems = files.read(Path(args.file).name, Path(args.file).read_bytes())
        else:
            values = {"日期": args.date or "", "结束日期": args.end or "", "标题": args.title or "", "类型": args.kind,
                      "范围": args.scope, "说明": args.description or "", "链接": args.link or "", "重要性": str(args.importance)}
            rows, problems = model.normalise(pd.DataFrame([values]), "added")
        if problems:
            for n, zh, en in problems[:20]:
                where = (f"第 {n} 行：", f"row {n}: ") if n else ("", "")
                print(f"{where[0]}{zh}" if args.lang == "zh" else f"{where[1]}{en}" if args.lang == "en"
                      else f"{where[0]}{zh} / {where[1]}{en}", file=sys.stderr)
            audit.record(root, "events", operator, "rejected", action=args.action, problems=len(problems), via="cli")
            return EXIT_REJECTED
        version, rows = added.add(root, rows, args.user, operator.scope, action=args.action)
        detail = ", ".join(rows["id"])
    audit.record(root, "events", operator, "ok", action=version.action, version=version.version, ids=detail, via="cli")
    _say(args, f"事件第 {version.version} 版（{version.action}）：{detail}", f"events version {version.version} ({version.action}): {detail}")
    return EXIT_OK


def cmd_published(args: argparse.Namespace) -> int:
    from analytics.published import rankings as published

    store = _open(args)
    if args.action == "list":
        table = published.catalog(_engine(args))
        if args.json:
            print(table.assign(start=table["start"].astype(str), end=table["end"].astype(str)).to_json(
                orient="records", force_ascii=False, indent=1))
            return EXIT_OK
        for r in table.itertuples():
            value = "" if r.value != r.value or r.value is None else f"{r.value:,.2f}"
            print(f"{r.source} {r.index_name} {r.start}~{r.end} {r.platform:<9} {r.rank:>4} {r.account_name:<20} "
                  f"{r.account_id:<24} {value:>10}  ({r.file})")
        return EXIT_OK
    if not args.file:
        raise SettingError("请给出榜单文件（CSV 或 XLSX）", "give the ranking file (CSV or XLSX)")
    path = Path(args.file)
    rows, problems = published.read(path.name, path.read_bytes(), _engine(args))
    if problems:
        for n, zh, en in problems[:20]:
            where = (f"第 {n} 行：", f"row {n}: ") if n else ("", "")
            print(f"{where[0]}{zh}" if args.lang == "zh" else f"{where[1]}{en}" if args.lang == "en"
                  else f"{where[0]}{zh} / {where[1]}{en}", file=sys.stderr)
        audit.record(store.root, "published", _operator(args), "rejected", file=path.name, problems=len(problems), via="cli")
        return EXIT_REJECTED
    version = published.store(store.root, rows, args.user, path.name)
    audit.record(store.root, "published", _operator(args), "ok", file=path.name, version=version.version, rows=version.rows, via="cli")
    _say(args, f"已发布榜单第 {version.version} 版：{version.rows} 行，{version.lists} 个榜单。",
         f"published rankings version {version.version}: {version.rows} rows, {version.lists} list(s).")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    rows = audit.read(settings.data_dir(args.data_dir), since=args.since, user=args.user, event=args.event)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rows:
        details = " ".join(f"{k}={v}" for k, v in r.get("details", {}).items())
        print(f"{r['time'][:19]}  {r['event']:<9} {r['outcome']:<8} {r['user'] or '-':<20} {r['role']:<8} "
              f"{r['scope']:<20} {r.get('client') or '-':<15} {details}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analytics", description="政务新媒体数据看板 command line")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="data directory (default: $GOVMEDIA_DATA_DIR or ./data)")
    common.add_argument("--lang", choices=("zh", "en", "both"), default="both", help="language of messages")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", parents=[common], help="validate and commit snapshot files (parquet, CSV, XLSX)")
    p.add_argument("files", nargs="+")
    p.add_argument("--dry-run", action="store_true", help="validate and report only")
    p.add_argument("--user", default=getpass.getuser(), help="name recorded in the version history")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("versions", parents=[common], help="list the table's versions, newest first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_versions)

    p = sub.add_parser("restore", parents=[common], help="make an earlier version current again, as a new version")
    p.add_argument("version", type=int)
    p.add_argument("--user", default=getpass.getuser())
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("optimize", parents=[common],
                       help="rewrite the files clustered by date and account (same rows, a new version)")
    p.add_argument("--user", default=getpass.getuser())
    p.set_defaults(func=cmd_optimize)

    p = sub.add_parser("stats", parents=[common], help="rows, accounts, dates and latest followers per platform")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser("export", parents=[common], help="write a page (or the whole briefing) as PPTX, PNG, SVG or XLSX")
    p.add_argument("--page", required=True, choices=(*(k for k, spec in PAGES.items() if spec.build), "briefing"))
    p.add_argument("--format", required=True, choices=("pptx", "png", "svg", "xlsx"))
    p.add_argument("--out", required=True)
    for d in DIMENSIONS:
        p.add_argument(f"--{d.param}", action="append", help="repeatable, as in the link format")
    for name in ("start", "end", "granularity", "metric"):
        p.add_argument(f"--{name}")
    for option in OPTIONS.values():
        p.add_argument(f"--{option.name}", help=f"page option, as in the link format ({option.en})")
    p.add_argument("--account", help="platform:account_id, for --page account")
    p.add_argument("--slide", type=int, default=1, help="which chart of the page, for png/svg (default 1)")
    p.add_argument("--size", choices=("1080p", "720p"), default="1080p", help="image size for png/svg")
    p.add_argument("--theme", choices=("light", "dark"), default="light")
    p.add_argument("--as", dest="as_user", metavar="USER", help="export what USER may see (their scope)")
    p.add_argument("--secrets", default=str(settings.REPO_ROOT / ".streamlit" / "secrets.toml"))
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("set-password", parents=[common],
                       help="set an analyst's password (read from standard input) in secrets.toml")
    p.add_argument("--user", required=True)
    p.add_argument("--secrets", default=str(settings.REPO_ROOT / ".streamlit" / "secrets.toml"),
                   help="secrets file (default: .streamlit/secrets.toml)")
    p.set_defaults(func=cmd_set_password)

    p = sub.add_parser("users", parents=[common], help="add, change, remove or list users: role and scope")
    p.add_argument("action", choices=("add", "set", "remove", "list"))
    p.add_argument("--user", help="user name, or the e-mail address of an organisation-account user")
    p.add_argument("--role", choices=roles.ROLES, default=roles.VIEWER)
    p.add_argument("--province", action="append", help="repeatable; none: national")
    p.add_argument("--city", action="append", help="repeatable: 杭州 (with one --province) or 浙江/杭州")
    p.add_argument("--platform", action="append", help="repeatable; none: every platform")
    p.add_argument("--password-stdin", action="store_true", help="with set: also read a new password from standard input")
    p.add_argument("--json", action="store_true")
    p.add_argument("--by", default=getpass.getuser(), help="name recorded in the audit log")
    p.add_argument("--secrets", default=str(settings.REPO_ROOT / ".streamlit" / "secrets.toml"))
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("round", parents=[common], help="open, list or show quarterly inspection rounds (检查)")
    p.add_argument("action", choices=("open", "list", "show"))
    p.add_argument("--quarter", help="e.g. 2026Q2")
    p.add_argument("--sample", type=float, default=1.0, help="share of accounts drawn per province and platform (default 1: all)")
    p.add_argument("--seed", type=int, default=0, help="seed of the draw (recorded with the round)")
    p.add_argument("--check-date", type=_date_arg, help="default: the quarter's last snapshot")
    p.add_argument("--user", default=getpass.getuser())
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_round)

    p = sub.add_parser("notice", parents=[common], help="write the 通报 of an inspection round as a Word document")
    p.add_argument("--round", required=True, help="the round's quarter, e.g. 2026Q2 (its latest revision)")
    p.add_argument("--province", help="only this province's part of the round")
    p.add_argument("--issuer", help="the issuing office, printed under the title")
    p.add_argument("--deadline", type=_date_arg, help="整改 deadline (default: 30 days from today)")
    p.add_argument("--out", required=True)
    p.add_argument("--user", default=getpass.getuser())
    p.set_defaults(func=cmd_notice)

    p = sub.add_parser("contacts", parents=[common], help="import or list the responsible units' contacts (for alerts)")
    p.add_argument("action", choices=("import", "list"))
    p.add_argument("file", nargs="?", help="with import: a CSV or XLSX file (单位, 主办单位 or 平台+账号ID, 邮箱, Webhook)")
    p.add_argument("--user", default=getpass.getuser())
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_contacts)

    p = sub.add_parser("alerts", parents=[common],
                       help="send each responsible unit its failing and at-risk accounts (e-mail, webhook); retry undelivered ones")
    p.add_argument("--check-date", type=_date_arg, help="default: the latest snapshot")
    p.add_argument("--dry-run", action="store_true", help="show what would be sent; send and record nothing")
    p.add_argument("--retry-only", action="store_true", help="only deliver earlier runs' undelivered messages")
    p.add_argument("--as", dest="as_user", metavar="USER", help="only the accounts USER may see (their scope)")
    p.add_argument("--user", default=getpass.getuser())
    p.add_argument("--json", action="store_true")
    p.add_argument("--secrets", default=str(settings.REPO_ROOT / ".streamlit" / "secrets.toml"),
                   help="secrets file holding [govmedia.smtp] password")
    p.set_defaults(func=cmd_alerts)

    p = sub.add_parser("events", parents=[common], help="list, add, import or remove the events marked on time charts")
    p.add_argument("action", choices=("list", "add", "import", "remove"))
    p.add_argument("file", nargs="?", help="with import: a CSV or XLSX file of events")
    p.add_argument("--id", help="with remove: the event's id (from list)")
    p.add_argument("--date", help="with add: YYYY-MM-DD")
    p.add_argument("--end", help="with add: the last day of an event that lasts a while")
    p.add_argument("--title", help="with add: the title (zh), at most 60 characters")
    p.add_argument("--kind", default="campaign", help="policy, cleanup, rename, platform, campaign, incident, report, lifecycle")
    p.add_argument("--scope", default="national", help="national, province:浙江, city:浙江/杭州, platform:douyin, agency:NAME, account:weibo:ID")
    p.add_argument("--description")
    p.add_argument("--link", help="http(s) address of the source")
    p.add_argument("--importance", type=int, default=2, choices=(1, 2, 3))
    p.add_argument("--source", choices=("curated", "added", "derived"), help="with list: only these")
    p.add_argument("--user", default=getpass.getuser())
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_events)

    p = sub.add_parser("published", parents=[common], help="import or list rankings published by others (清博, 新榜…)")
    p.add_argument("action", choices=("import", "list"))
    p.add_argument("file", nargs="?", help="with import: CSV or XLSX (来源, 指数, 周期, 平台, 排名, 账号名称/账号ID, 数值)")
    p.add_argument("--user", default=getpass.getuser())
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_published)

    p = sub.add_parser("audit", parents=[common], help="print the audit log, oldest first")
    p.add_argument("--since", type=_date_arg, help="YYYY-MM-DD")
    p.add_argument("--user")
    p.add_argument("--event", choices=audit.EVENTS)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit)
    return parser


def _date_arg(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings.check()
        return args.func(args)
    except SettingError as exc:
        print(exc.message(args.lang) if args.lang in ("zh", "en") else f"{exc.zh} / {exc.en}", file=sys.stderr)
        return EXIT_REJECTED
    except AnalyticsError as exc:
        print(exc.message(args.lang) if args.lang in ("zh", "en") else f"{exc.zh} / {exc.en}", file=sys.stderr)
        return EXIT_ERROR
