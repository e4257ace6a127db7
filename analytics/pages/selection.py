"""Clicks on charts: the points a Plotly selection event picked, and what they change in the view."""

from __future__ import annotations

import html
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from analytics.pages.link import Link


class Select(StrEnum):
    """What a click on a chart's point picks."""

    PLATFORM = "platform"  # the clicked platforms become the platform filter
    PROVINCE = "province"  # the clicked provinces that have data become the province filter
    ACCOUNT = "account"  # a point whose data is (platform, account_id, …) opens the account


def points(event: Any) -> list:
    """The customdata of every selected point, in order, once each (lists become tuples)."""
    if not event:
        return []
    try:
        selected = event["selection"]["points"]
    except (KeyError, TypeError):
        return []
    out: list = []
    for point in selected:
        value = point.get("customdata") if isinstance(point, dict) else None
        value = tuple(_plain(v) for v in value) if isinstance(value, list) else _plain(value)
        if value is not None and value not in out:
            out.append(value)
    return out


def _plain(value: Any) -> Any:
    """Charts carry data escaped for Plotly (analytics.output.inert): a clicked value comes back as stored."""
    return html.unescape(value) if isinstance(value, str) else value


def apply(select: Select | None, picked: list, link: Link, present: Iterable[str] = ()) -> tuple[Link, str]:
    """The view after a click, and the account to open (platform:id) when the click picked one."""
    f = link.filters
    if not picked or select is None:
        return link, ""
    if select is Select.PLATFORM:
        values = tuple(str(p[0] if isinstance(p, tuple) else p) for p in picked)
        return (link if values == f.platforms else link.with_(filters=f.with_(platforms=values))), ""
    if select is Select.PROVINCE:
        allowed = set(present)
        codes = [p[0] if isinstance(p, tuple) else p for p in picked]
        values = tuple(str(p) for p in codes if p in allowed)
        return (link if not values or values == f.provinces else link.with_(filters=f.with_(provinces=values))), ""
    if select is Select.ACCOUNT and isinstance(picked[0], tuple) and len(picked[0]) > 1:
        return link, f"{picked[0][0]}:{picked[0][1]}"
    return link, ""
