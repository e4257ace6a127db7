"""The shape of a page spec: the context a page is built in, its sections, and the page itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd
import plotly.graph_objects as go

from analytics.output import inert, numbers
from analytics.output.tables import Col, labelled
from analytics.pages.link import Link
from analytics.pages.selection import Select
from analytics.query.engine import Engine
from analytics.query.filters import Filters
from analytics.vocab import metrics

# (theme, scale, title) -> figure; slides pass an empty title, as they carry it themselves.
FigureBuilder = Callable[[str, float, str], go.Figure]


@dataclass(frozen=True)
class Context:
    engine: Engine
    link: Link
    page: PageSpec
    bounds: tuple[dt.date, dt.date]

    @property
    def filters(self) -> Filters:
        """The filters with the metric this page shows (a page offers only some metrics)."""
        return self.link.filters.with_(metric=self.metric)

    @property
    def lang(self) -> str:
        return self.link.lang

    @property
    def metric(self) -> str:
        offered = self.page.metrics
        return self.link.filters.metric if not offered or self.link.filters.metric in offered else offered[0]

    def opt(self, name: str) -> str:
        return self.link.option(name)

    def pick(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    def metric_name(self, code: str | None = None) -> str:
        return metrics.METRICS[code or self.metric].name(self.lang)


@dataclass(frozen=True)
class Card:
    """A headline number: its label, the value as shown, the change against the period before."""

    label: str
    value: str
    delta: str | None = None
    help: str = ""

    @classmethod
    def of(cls, label: str, value: float | None, change: float | None, help_text: str, lang: str,
           points: bool = False) -> Card:
        shown, delta = numbers.kpi(value, change, lang, points)
        return cls(label, shown, delta, help_text)


class Kind(StrEnum):
    CHART = "chart"
    CARDS = "cards"  # headline numbers (the chart is the slide's version of them)
    TABLE = "table"  # a table alone


@dataclass(frozen=True)
class Layout:
    """Where a section stands on screen and whether it is a slide; exports of data ignore it."""

    row: int = 0  # sections with the same row stand side by side
    width: float = 1.0
    tab: str = ""  # sections of a row with a tab label are shown as tabs
    expanded: bool = True  # a chart's table sits under an expander when False
    beside: bool = False  # the table stands to the right of its chart (a ranking beside its list)
    on_slides: bool = True


@dataclass
class Section:
    """One block of a page: a chart (or KPI cards, or a table alone) with the numbers behind it."""

    key: str
    title: str
    data: pd.DataFrame
    figure: FigureBuilder | None = None
    columns: list[Col] | None = None  # the table under the chart, on screen and in XLSX/CSV
    table: pd.DataFrame | None = None  # rows for the table when they differ from `data` (sorted, one platform…)
    takeaway: str = ""
    summary: str = ""  # a sentence of totals above the chart (Markdown of our own making; data escaped)
    caption: str = ""
    notes: str = ""  # how the numbers are made (index formulas): an expander on screen, speaker notes on slides
    notes_title: str = ""  # the expander's label on screen
    events: str = ""  # the events drawn on the chart, one per line: speaker notes on slides
    select: Select | None = None  # what a click on a point (or a table row) picks
    kind: Kind = Kind.CHART
    cards: list[Card] | None = None
    layout: Layout = Layout()
    _labelled: dict[str, tuple[pd.DataFrame, dict[str, str]]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        if not isinstance(self.kind, Kind) or not (self.select is None or isinstance(self.select, Select)):
            raise TypeError(f"section {self.key}: kind must be a Kind and select a Select or None")

    def rows(self) -> pd.DataFrame:
        return self.data if self.table is None else self.table

    def labelled(self, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
        """The table as shown and exported, with people's headers: made once per language, since the
        sessions showing the same view share this section."""
        if lang not in self._labelled:
            self._labelled[lang] = labelled(self.rows(), self.columns or [], lang)
        return self._labelled[lang]

    def draw(self, theme: str, scale: float, title: str) -> go.Figure:
        """The section's figure with every string from data made inert (names never format or link)."""
        return inert.figure(self.figure(theme, scale, title))


@dataclass(frozen=True)
class PageSpec:
    key: str
    zh: str
    en: str
    question_zh: str = ""
    question_en: str = ""
    icon: str = ""
    options: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()  # offered by the page's metric picker, the first is its default
    build: Callable[[Context], list[Section]] | None = None

    def title(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def question(self, lang: str) -> str:
        return self.question_en if lang == "en" else self.question_zh
