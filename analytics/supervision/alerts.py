"""Alerts to the responsible units: each unit gets one message per run listing its accounts that fail the
two-week rule on the check date and those at risk (预警), with the dashboard link of each account.

An alert is an account in a state since a last post: `failing|weibo|123|2026-06-01`. It is sent once per
unit and channel: a later run that finds the same account in the same state (no post since) does not
send it again; a new post followed by a new silence is a new alert.

Messages go through an outbox in `DATA_DIR/alerts/`. A run first writes each new message there, then
delivers every message not yet delivered — this run's and the earlier runs' that failed — and records
each attempt in `log.jsonl` (queued, sent, failed). A failed message stays in the outbox, with the same
content and id, until a later run delivers it; nothing is dropped. Delivery is at least once: a run
killed between a server's acceptance and the record of it sends that message again, with the same
Message-ID (e-mail) or `govmedia.id` (webhook) for the receiver to recognise."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from analytics import durable
from analytics.access.scope import NATIONAL, Scope
from analytics.output import inert
from analytics.query.engine import Engine
from analytics.query.filters import Filters
from analytics.store import locks
from analytics.supervision import contacts
from analytics.supervision.delivery import Mailer, Refused, Undelivered, post
from analytics.views import compliance, warning
from analytics.vocab import platforms

ALERTS_DIR = "alerts"
LOCK_WAIT_S = 30.0  # a cron run meeting another run waits for it rather than failing at once
STATES = {
    "failing": ("未通过：监测时间点前2周内无更新（单项否决）", "failing: no update in the 2 weeks before the check date"),
    "at_risk": ("预警：即将超过2周未更新", "at risk: about to pass 2 weeks without an update"),
}
ROBOT_BYTES = 3800  # 企业微信 robots take at most 4096 bytes of markdown; the rest is in the e-mail and the page
COLUMNS = ["key", "state", "platform", "account_id", "account_name", "province", "city", "agency", "last_post",
           "last_post_at", "days_quiet", "fails_on", "dormant"]


@dataclass
class Message:
    id: str
    created: str
    check_date: str
    unit: str
    channel: str  # email | webhook
    to: list[str]
    subject: str
    text: str
    payload: dict | None
    keys: list[str]
    places: list[list[str]] = field(default_factory=list)  # [province, city, platform] of each account: who may see it
    status: str = "pending"  # pending | sent | refused (its webhook points inside: never retried)
    attempts: int = 0
    last_error: str = ""
    sent_at: str = ""


@dataclass
class Run:
    """What a run found and did."""

    id: str
    check_date: dt.date
    alerts: pd.DataFrame
    unrouted: pd.DataFrame  # alerts whose account no contact row names
    new: list[Message] = field(default_factory=list)
    retried: list[Message] = field(default_factory=list)  # earlier runs' undelivered messages
    sent: list[Message] = field(default_factory=list)
    failed: list[Message] = field(default_factory=list)
    contacts_version: int | None = None
    dry_run: bool = False


def within(message: Message | dict, scope: Scope) -> bool:
    """Whether a reader with `scope` may see (and send) a message: every account it names is in the scope.
    A message that names no places (kept before places were recorded) is for national readers only."""
    places = message.places if isinstance(message, Message) else message.get("places") or []
    return scope.national or (bool(places) and all(scope.allows(*p) for p in places))


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _date(value) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def collect(engine: Engine, check: dt.date | None = None, warn_days: int = warning.WARN_DAYS) -> pd.DataFrame:
    """The accounts failing and at risk on the check date (default: the latest snapshot), as alerts."""
    f = Filters(end=check) if check else Filters()
    day = compliance.check_date(engine, f)
    f = Filters(end=day)
    acc = compliance.accounts(engine, f)
    failing = acc[~acc["passed"].astype(bool)].assign(state="failing", fails_on=None)
    risky = warning.at_risk(engine, f, warn_days)
    risky = risky.assign(state="at_risk", days_quiet=risky["quiet_min"], dormant=False)
    wanted = [*COLUMNS[1:], "last_post_time_known", "basis"]
    df = pd.concat([failing.reindex(columns=wanted), risky.reindex(columns=wanted)], ignore_index=True)
    df["last_post"] = [_date(v) for v in df["last_post"]]
    df["fails_on"] = [_date(v) for v in df["fails_on"]]
    # Where the rule used the time of the last work, the message gives that time, not its week.
    df["last_post_at"] = [_moment(at, known) if basis == "post" else ""
                          for at, known, basis in zip(df["last_post_at"], df["last_post_time_known"], df["basis"])]
    df["key"] = [f"{s}|{p}|{a}|{lp or '-'}" for s, p, a, lp in zip(df["state"], df["platform"], df["account_id"], df["last_post"])]
    df.attrs["check_date"] = day
    return df[COLUMNS]


def _moment(at, known) -> str:
    if at is None or pd.isna(at):
        return ""
    stamp = pd.Timestamp(at)
    return f"{stamp:%Y-%m-%d %H:%M}" if bool(known) else f"{stamp:%Y-%m-%d}（时间未知）"


def _seen(row) -> str:
    if row.last_post_at:
        return f"最近更新 {row.last_post_at}"
    return f"截至 {row.last_post} 的一周有更新" if row.last_post else "没有更新记录"


def account_link(base: str, platform: str, account_id: str) -> str:
    return f"{base}/account?{urlencode({'account': f'{platform}:{account_id}'})}"


def _line(row) -> str:
    name = f"{inert.line(row.account_name)}（{platforms.name(row.platform)}）"
    # A snapshot counts the posts of its period: without the posts, the last post is known to the week only.
    seen = (f"最近更新：{row.last_post_at}" if row.last_post_at else
            f"最近更新：截至 {row.last_post} 的一周" if row.last_post else "没有更新记录")
    if row.state == "failing":
        tail = "（超过 90 天，僵尸号）" if bool(row.dormant) else ""
        what = f"{seen}，已 {int(row.days_quiet)} 天未更新{tail}"
    else:
        what = f"{seen}，若不更新，{row.fails_on} 起不合格"
    return f"{name} — {inert.line(row.agency) or '主办单位未填'}；{what}"


def compose(unit: str, channel: str, to: list[str], group: pd.DataFrame, check: dt.date, base: str) -> Message:
    """One unit's message for one channel: plain text for e-mail, robot markdown plus data for a webhook."""
    failing = group[group["state"] == "failing"].sort_values(["days_quiet", "platform", "account_id"], ascending=[False, True, True])
    risky = group[group["state"] == "at_risk"].sort_values(["fails_on", "platform", "account_id"])
    keys = [*failing["key"], *risky["key"]]
    message_id = hashlib.sha256("\x1f".join([unit, channel, check.isoformat(), *keys]).encode()).hexdigest()[:24]
    who = inert.line(unit)
    subject = f"【政务新媒体预警】{who}：{len(failing)} 个账号未通过，{len(risky)} 个账号即将超期（检查日 {check}）"
    parts = [f"{who}：", "", f"根据截至 {check} 的监测数据，贵单位负责的以下政务新媒体账号需要处理。", ""]
    for title, rows in (("一、" + STATES["failing"][0], failing), (("二、" if len(failing) else "一、") + STATES["at_risk"][0], risky)):
        if rows.empty:
            continue
        parts.append(f"{title}（{len(rows)} 个）")
        for n, row in enumerate(rows.itertuples(), 1):
            parts.append(f"{n}. {_line(row)}")
            parts.append(f"   {account_link(base, row.platform, row.account_id)}")
        parts.append("")
    parts += ["请尽快更新或按规定关停、注销；同一账号同一状态只通知一次。", f"合规情况：{base}/compliance",
              "—— 政务新媒体数据看板（自动发送，请勿回复）"]
    text = "\n".join(parts)
    payload = None
    if channel == "webhook":
        payload = _robot(message_id, unit, check, subject, failing, risky, base)
    places = sorted({(_text(r.province), _text(r.city), str(r.platform)) for r in group.itertuples()})
    return Message(id=message_id, created=_now(), check_date=check.isoformat(), unit=unit, channel=channel, to=to,
                   subject=subject, text=text, payload=payload, keys=keys, places=[list(p) for p in places])


def _robot(message_id: str, unit: str, check: dt.date, subject: str, failing: pd.DataFrame, risky: pd.DataFrame,
           base: str) -> dict:
    lines = [f"### {inert.robot(subject)}"]
    rows = [*failing.itertuples(), *risky.itertuples()]
    shown = 0
    for row in rows:
        mark = "未通过" if row.state == "failing" else "预警"
        entry = f"- **{mark}** [{inert.robot(row.account_name)}（{platforms.name(row.platform)}）]({account_link(base, row.platform, row.account_id)})：" \
                f"{_seen(row)}"
        if len("\n".join([*lines, entry]).encode()) > ROBOT_BYTES - 200:
            break
        lines.append(entry)
        shown += 1
    if shown < len(rows):
        lines.append(f"- ……另有 {len(rows) - shown} 个账号，见邮件或[看板]({base}/compliance)")
    text = "\n".join(lines)
    accounts = [{"state": r.state, "platform": r.platform, "account_id": str(r.account_id), "account_name": inert.line(r.account_name),
                 "agency": inert.line(r.agency), "last_post": r.last_post or None,
                 "last_post_at": r.last_post_at or None, "fails_on": r.fails_on or None,
                 "link": account_link(base, r.platform, r.account_id)} for r in rows]
    # 企业微信 reads markdown.content, 钉钉 markdown.title and .text; each ignores what it does not know.
    return {"msgtype": "markdown", "markdown": {"title": subject[:60], "content": text, "text": text},
            "govmedia": {"id": message_id, "unit": inert.line(unit), "check_date": check.isoformat(), "accounts": accounts}}


class Outbox:
    """Messages not yet delivered and those delivered, one JSON file each, and the log of every attempt."""

    def __init__(self, root: Path):
        self.folder = Path(root) / ALERTS_DIR
        self.messages = self.folder / "outbox"
        self.log_path = self.folder / "log.jsonl"

    def all(self) -> list[Message]:
        found = []
        for p in sorted(self.messages.glob("*.json")):
            found.append(Message(**json.loads(p.read_text(encoding="utf-8"))))
        return sorted(found, key=lambda m: (m.created, m.id))

    def save(self, message: Message) -> None:
        self.messages.mkdir(parents=True, exist_ok=True)
        durable.write_text(self.messages / f"{message.id}.json", json.dumps(asdict(message), ensure_ascii=False, indent=1))

    def log(self, run: str, event: str, message: Message | None = None, **details) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        entry = {"time": _now(), "run": run, "event": event}
        if message is not None:
            entry.update(message=message.id, unit=message.unit, channel=message.channel, to=message.to,
                         accounts=len(message.keys), attempt=message.attempts, places=message.places)
        entry.update(details)
        with self.log_path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
            out.flush()
            os.fsync(out.fileno())

    def entries(self) -> list[dict]:
        if not self.log_path.exists():
            return []
        out = []
        for line in self.log_path.read_text(encoding="utf-8").split("\n"):  # names may hold U+2028
            try:
                out.append(json.loads(line))
            except ValueError:
                continue  # a line cut short by a crash; the outbox files hold the state
        return out

    def locked(self):
        return locks.exclusive(self.folder / ".lock", LOCK_WAIT_S,
                               ("另一次预警通知正在发送，请稍后再试", "another alerts run is in progress; try again later"))


def _plan(report: Run, box: Outbox, routed: pd.DataFrame, table, day: dt.date, base: str, scope) -> None:
    """The messages this run would queue (alerts not yet queued for their unit and channel) and retry."""
    earlier = box.all()
    queued = {(m.unit, m.channel, k) for m in earlier for k in m.keys}
    directory = contacts.directory(table)
    for unit, group in routed[routed["unit"] != ""].groupby("unit", sort=True):
        mail, hook = directory.get(unit, ("", ""))
        for channel, to in (("email", contacts.emails(mail)), ("webhook", [hook] if hook else [])):
            fresh = group[[(unit, channel, k) not in queued for k in group["key"]]]
            if to and not fresh.empty:
                report.new.append(compose(unit, channel, to, fresh, day, base))
    report.retried = [m for m in earlier if m.status == "pending" and within(m, scope)]


def run(engine: Engine, *, check: dt.date | None = None, dry_run: bool = False, mailer: Mailer | None = None,
        poster: Callable[[str, dict], None] = post, base: str = "", warn_days: int = warning.WARN_DAYS,
        retry_only: bool = False) -> Run:
    """Queue this check's new alerts per unit and deliver everything undelivered (see the module's text).
    A scoped engine finds its scope's alerts and retries only the undelivered messages within its scope."""
    root = engine.store.root
    box = Outbox(root)
    run_id = uuid.uuid4().hex[:12]
    version, table = contacts.current(root)
    if retry_only:
        found = pd.DataFrame(columns=COLUMNS)
        day = check or engine.date_bounds()[1]
    else:
        found = collect(engine, check, warn_days)
        day = found.attrs["check_date"]
    routed = contacts.route(found, table)
    report = Run(id=run_id, check_date=day, alerts=found, unrouted=routed[routed["unit"] == ""].reset_index(drop=True),
                 contacts_version=version.version if version else None, dry_run=dry_run)
    if dry_run:
        # A plan only reads the outbox (each message file is replaced whole), so showing it on a page never
        # holds the lock a delivering run needs.
        _plan(report, box, routed, table, day, base, engine.scope)
        return report
    with box.locked():
        _plan(report, box, routed, table, day, base, engine.scope)
        for m in report.new:
            box.save(m)
            box.log(run_id, "queued", m, check_date=m.check_date)
        if not report.unrouted.empty:
            box.log(run_id, "unrouted", accounts=len(report.unrouted), check_date=day.isoformat(),
                    sample=[f"{p}:{a}" for p, a in zip(report.unrouted["platform"][:20], report.unrouted["account_id"][:20])])
        for m in [*report.retried, *report.new]:
            m.attempts += 1
            try:
                if m.channel == "email":
                    if mailer is None:
                        raise Undelivered("no mail server set (GOVMEDIA_SMTP_HOST)")
                    mailer.send(m.id, m.to, m.subject, m.text)
                else:
                    poster(m.to[0], m.payload or {})
            except Undelivered as exc:
                m.last_error = str(exc)
                if isinstance(exc, Refused):
                    m.status = "refused"
                box.save(m)
                box.log(run_id, "failed", m, error=m.last_error)
                report.failed.append(m)
            else:
                m.status, m.sent_at, m.last_error = "sent", _now(), ""
                box.save(m)
                box.log(run_id, "sent", m)
                report.sent.append(m)
        if mailer is not None:
            mailer.close()
    return report


def pending(root: Path, scope: Scope = NATIONAL) -> list[Message]:
    return [m for m in Outbox(root).all() if m.status == "pending" and within(m, scope)]


def log_table(root: Path, limit: int = 200, scope: Scope = NATIONAL) -> pd.DataFrame:
    """The latest entries of the delivery log a reader with `scope` may see, newest first: a scoped reader
    sees the attempts of messages within their scope (not the national unrouted counts)."""
    rows = [r for r in Outbox(root).entries() if scope.national or ("message" in r and within(r, scope))][-limit:][::-1]
    return pd.DataFrame([{k: r.get(k) for k in ("time", "event", "unit", "channel", "accounts", "attempt", "error")} for r in rows])
