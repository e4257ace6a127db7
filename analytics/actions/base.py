"""The one way an action runs: who calls it (`Caller`), and the decorator that audits its outcome."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from analytics.access import audit
from analytics.access.roles import Actor
from analytics.errors import AnalyticsError, PermissionDenied, SettingError

T = TypeVar("T")
VIA = ("cli", "ui")

@dataclass(frozen=True)
class Caller:
    """Who acts (their role and scope), on which data directory (where the audit log is), through which
    entry point, and from which address (the browser's, when known)."""

    actor: Actor
    root: Path
    via: str
    client: str | None = None
    operator: str | None = None  # the system user behind a command run with --as

    def __post_init__(self) -> None:
        if self.via not in VIA:
            raise ValueError(f"unknown entry point {self.via!r}")

    @property
    def name(self) -> str:
        """The name a change is recorded under in the history: 'root as zj' for a command run with --as."""
        return f"{self.operator} as {self.actor.name}" if self.operator else self.actor.name

    @property
    def recorded(self) -> Actor:
        """The actor with that name: the same role and scope."""
        return replace(self.actor, name=self.name)

@dataclass
class Done(Generic[T]):
    """What an action did: its result for the caller, the details for the audit log, and its outcome
    (an upload that fails validation is 'rejected', not an error; None: a check that passed, changing
    nothing, is not recorded — the commit that follows it is)."""

    result: T
    details: dict[str, Any] = field(default_factory=dict)
    outcome: str | None = "ok"

ACTIONS: dict[str, tuple[str, Callable]] = {}  # name -> (audit event, the audited function)

def action(event: str) -> Callable[[Callable[..., Done[T]]], Callable[..., T]]:
    """Register `fn(caller, ...) -> Done` as an action recorded under `event`. A refusal is recorded as
    'denied' and an error of the data as 'failed', each with its reason and what was asked, and raised
    again; malformed input (a SettingError) is raised without a record, nothing having been attempted."""
    audit.check(event, "ok")

    def register(fn: Callable[..., Done[T]]) -> Callable[..., T]:
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def run(caller: Caller, *args: Any, **kwargs: Any) -> T:
            audit.reserve(caller.root)
            try:
                done = fn(caller, *args, **kwargs)
            except PermissionDenied as exc:
                _record(caller, event, "denied", {**_asked(signature, caller, args, kwargs), "action": fn.__name__, "reason": exc.en})
                raise
            except SettingError:
                raise  # input to fix before anything was attempted (an unknown user, a short password)
            except AnalyticsError as exc:
                _record(caller, event, "failed", {**_asked(signature, caller, args, kwargs), "action": fn.__name__, "reason": exc.en})
                raise
            if done.outcome is not None:
                _record(caller, event, done.outcome, done.details)
            return done.result

        ACTIONS[fn.__name__] = (event, run)
        return run

    return register

def _asked(signature: inspect.Signature, caller: Caller, args: tuple, kwargs: dict) -> dict[str, Any]:
    """What a refused or failed call asked for, as far as it is plain values (a quarter, a version, a name)."""
    bound = signature.bind_partial(caller, *args, **kwargs).arguments
    return {k: v for k, v in bound.items() if isinstance(v, (str, int, float, dt.date)) and not isinstance(v, bool)
            and k not in ("password",)}

def _record(caller: Caller, event: str, outcome: str, details: dict[str, Any]) -> None:
    audit.record(caller.root, event, caller.actor, outcome, client=caller.client, **details, via=caller.via,
                 **({"operator": caller.operator} if caller.operator else {}))
