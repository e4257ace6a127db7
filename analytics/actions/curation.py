"""What analysts add beside the data: events marked on the charts, and rankings published by others."""

from __future__ import annotations

import pandas as pd

from analytics.access.roles import require_analyst
from analytics.actions.base import Caller, Done, action
from analytics.errors import NeedsAnalyst
from analytics.events import added
from analytics.published import rankings as published


@action("events")
def add_events(caller: Caller, rows: pd.DataFrame, problems: list | None = None, *, how: str = "add",
               title: str = "") -> added.Version | None:
    """Add (or import) checked event rows within the caller's scope; rows with problems are recorded as
    rejected and nothing is stored."""
    require_analyst(caller.actor)
    if problems:
        return Done(None, {"action": how, "problems": len(problems), "title": title}, "rejected")
    version, stored = added.add(caller.root, rows, caller.name, caller.actor.scope, action=how)
    return Done(version, {"action": version.action, "version": version.version, "ids": ", ".join(stored["id"]),
                          "title": title})


@action("events")
def edit_event(caller: Caller, event_id: str, row: pd.Series, title: str = "") -> added.Version:
    require_analyst(caller.actor)
    version = added.edit(caller.root, event_id, row, caller.name, caller.actor.scope)
    return Done(version, {"action": version.action, "version": version.version, "ids": event_id, "title": title})


@action("events")
def remove_event(caller: Caller, event_id: str, title: str = "") -> added.Version:
    require_analyst(caller.actor)
    version = added.remove(caller.root, event_id, caller.name, caller.actor.scope)
    return Done(version, {"action": version.action, "version": version.version, "ids": event_id, "title": title})


@action("published")
def import_published(caller: Caller, rows: pd.DataFrame, problems: list, file: str) -> published.Version | None:
    """Keep checked published lists as a new version; a file with problems is recorded as rejected. Only a
    national analyst: a list imported again replaces every region's rows of it."""
    require_analyst(caller.actor)
    if not caller.actor.scope.national:
        raise NeedsAnalyst("只有全国范围的分析员可以导入已发布榜单", "only an analyst with a national scope can import published rankings")
    if problems:
        return Done(None, {"file": file, "problems": len(problems)}, "rejected")
    version = published.store(caller.root, rows, caller.name, file)
    return Done(version, {"file": file, "version": version.version, "rows": version.rows})
