"""Changing who may do what (users, passwords), and the records of what people did without changing data:
signing in and out, exports, pages refused to them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analytics.access import directory
from analytics.access.roles import Actor, require_admin
from analytics.access.scope import Scope
from analytics.actions.base import Caller, Done, action


@action("users")
def set_user(caller: Caller, secrets: Path, name: str, role: str, scope: Scope, password: str | None = None, *,
             must_exist: bool = False) -> None:
    """Add a user (must_exist=False) or change one's role, scope and password."""
    require_admin(caller.actor)
    directory.set_user(secrets, name, role, scope, password, must_exist=must_exist)
    return Done(None, {"action": "set" if must_exist else "add", "target": name, "role": role,
                       "scope": scope.describe("en")})


@action("users")
def remove_user(caller: Caller, secrets: Path, name: str) -> None:
    require_admin(caller.actor)
    directory.remove_user(secrets, name)
    return Done(None, {"action": "remove", "target": name})


@action("users")
def set_password(caller: Caller, secrets: Path, name: str, password: str) -> None:
    """An analyst's password (the user gets a national analyst's rights unless a users entry says otherwise)."""
    require_admin(caller.actor)
    directory.set_password(secrets, name, password)
    return Done(None, {"action": "password", "target": name})


@action("sign_in")
def signed_in(caller: Caller, **details: Any) -> Actor:
    """A sign-in that succeeded (the caller is the signed-in actor); how is in `details`."""
    return Done(caller.actor, details)


@action("sign_in")
def sign_in_refused(caller: Caller, name: str, reason: str) -> None:
    return Done(None, {"name": name, "reason": reason}, "failed")


@action("sign_out")
def signed_out(caller: Caller) -> None:
    return Done(None)


@action("export")
def exported(caller: Caller, **details: Any) -> None:
    """A download or an exported file: what, in which format, with the view's filters."""
    return Done(None, details)


@action("denied")
def refused_page(caller: Caller, page: str) -> None:
    return Done(None, {"page": page}, "denied")
