"""Roles and the actor: who is asking, with which role and over which scope.

Viewers read; analysts also change data within their scope; administrators may do everything, and what
changes every region at once (restore, rewriting the files, users) only with a national scope."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.access.scope import NATIONAL, Scope
from analytics.errors import NeedsAdmin, NeedsAnalyst

VIEWER, ANALYST, ADMIN = "viewer", "analyst", "admin"
ROLES = (VIEWER, ANALYST, ADMIN)


@dataclass(frozen=True)
class Actor:
    name: str
    role: str = VIEWER
    scope: Scope = NATIONAL

    @property
    def is_analyst(self) -> bool:
        """Analysts upload within their scope; admins may do everything analysts may."""
        return self.role in (ANALYST, ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

ANONYMOUS = Actor("", VIEWER)

def require_analyst(actor: Actor | None) -> Actor:
    if actor is None or not actor.is_analyst or not actor.name:
        raise NeedsAnalyst("只有已登录的分析员可以修改数据", "only a signed-in analyst can change data")
    return actor

def require_admin(actor: Actor | None) -> Actor:
    """An administrator with a national scope: what only they may do (restore, rewrite the files) changes
    every province's data at once."""
    if actor is None or not actor.is_admin or not actor.name:
        raise NeedsAdmin("只有管理员可以执行此操作", "only an administrator can do this")
    if not actor.scope.national:
        raise NeedsAdmin("此操作影响全部地区的数据，只有全国范围的管理员可以执行",
                               "this changes every region's data: only an administrator with a national scope can do it")
    return actor
