"""Supervision that writes: inspection rounds, the responsible units' contacts, and alerts sent to them."""

from __future__ import annotations

import datetime as dt

from analytics.access.roles import require_analyst
from analytics.actions.base import Caller, Done, action
from analytics.errors import NeedsAnalyst
from analytics.query.engine import Engine, ScopedEngine
from analytics.supervision import alerts, contacts, delivery, rounds


def _within(engine: Engine | ScopedEngine, caller: Caller) -> Engine | ScopedEngine:
    """The engine as the caller may read it: a national caller may act over any reader's view (the command
    line's --as), anyone else only over their own scope (a wider engine is refused)."""
    return engine if caller.actor.scope.national else engine.with_scope(caller.actor.scope)


@action("round")
def open_round(caller: Caller, engine: Engine | ScopedEngine, quarter: str, *, share: float = 1.0, seed: int = 0,
               check: dt.date | None = None) -> rounds.Round:
    """A round over the caller's scope (a scoped analyst's is a regional round, kept apart)."""
    require_analyst(caller.actor)
    record = rounds.open_round(_within(engine, caller), quarter, user=caller.name, share=share, seed=seed, check=check)
    return Done(record, {"quarter": record.quarter, "revision": record.revision, "share": record.share, "seed": record.seed,
                         "check_date": record.check_date, "scope": record.scope or "national"})


@action("contacts")
def store_contacts(caller: Caller, checked: contacts.Checked) -> contacts.Version | None:
    """Keep a contacts table as the next version; one with problems is recorded as rejected and not stored.
    Only a national analyst: the table routes every region's alerts."""
    require_analyst(caller.actor)
    if not caller.actor.scope.national:
        raise NeedsAnalyst("只有全国范围的分析员可以上传通讯录", "only an analyst with a national scope can upload the contacts")
    if not checked.ok:
        return Done(None, {"file": checked.name, "problems": len(checked.problems)}, "rejected")
    version = contacts.store(caller.root, checked, caller.name)
    return Done(version, {"file": checked.name, "version": version.version, "rows": version.rows, "units": version.units})


@action("alerts")
def send_alerts(caller: Caller, engine: Engine | ScopedEngine, *, secrets: dict, base: str = "",
                check: dt.date | None = None, retry_only: bool = False) -> alerts.Run:
    """Deliver the caller's scope's new alerts and every earlier undelivered one; 'failed' when any failed."""
    require_analyst(caller.actor)
    done = alerts.run(_within(engine, caller), check=check, mailer=delivery.mailer(secrets), base=base, retry_only=retry_only)
    return Done(done, {"check_date": done.check_date, "new": len(done.new), "retried": len(done.retried),
                       "sent": len(done.sent), "failed": len(done.failed), "unrouted": len(done.unrouted)},
                "failed" if done.failed else "ok")
