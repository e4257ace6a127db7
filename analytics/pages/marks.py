"""Events on a page's time charts: which ones the view shows (its scope and dates, the page option
`events`), drawn on the figure, listed in the slide's speaker notes, and named by the takeaway."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analytics.events import model, select
from analytics.output.figures import events as events_fig
from analytics.pages.spec import Context, FigureBuilder
from analytics.query.filters import Filters
from analytics.views import account as account_view
from analytics.vocab import periods


@dataclass(frozen=True)
class Marks:
    shown: pd.DataFrame  # drawn on the chart
    every: pd.DataFrame  # every event in the view's scope and range, for the takeaway

    @property
    def hidden(self) -> int:
        return len(self.every) - len(self.shown)


def shown(c: Context, start: dt.date | None = None, end: dt.date | None = None, account: dict | None = None,
          f: Filters | None = None) -> Marks:
    """The events this view's charts carry (none when the reader turned them off)."""
    if c.opt("events") != "1":
        return Marks(model.empty(), model.empty())
    table = select.catalog(c.engine)
    if account is not None:
        table = select.with_account(table, account, c.bounds,
                                    account_view.names(c.engine, account["platform"], account["account_id"]))
    f = f or c.filters
    return Marks(*select.select(table, f, c.engine.scope, start or f.start or c.bounds[0], end or f.end or c.bounds[1], account))


def marked(builder: FigureBuilder, events: Marks, lang: str,
           to_x: Callable[[dt.date], object] | None = None) -> FigureBuilder:
    if events.shown.empty:
        return builder
    return lambda theme, scale, title: events_fig.mark(builder(theme, scale, title), events.shown, lang, theme, scale, to_x)


def half_axis(labels) -> Callable[[dt.date], str | None]:
    """A date's place on a chart of half-years labelled by their last month (2021-06, 2021-12)."""
    present = set(labels)

    def to_x(day: dt.date) -> str | None:
        label = periods.half_end(dt.date(day.year, 1 if day.month < 7 else 7, 1))
        return label if label in present else None
    return to_x


def latest_before(labels) -> Callable[[dt.date], str | None]:
    """A date's place on a chart of report cut-offs (2020-03, 2020-12): the latest cut-off not after it."""
    ordered = sorted(set(labels))

    def to_x(day: dt.date) -> str | None:
        month = f"{day.year}-{day.month:02d}"
        before = [label for label in ordered if label <= month]
        return before[-1] if before else None
    return to_x


def notes(events: Marks, lang: str) -> str:
    return events_fig.notes(events.shown, events.hidden, lang)
