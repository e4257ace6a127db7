"""A page spec rendered for files: its sections for a link, its slides (presentation mode, PPTX, PNG)
and its tables (XLSX, CSV) — built from the very sections the screen shows."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

import pandas as pd
import plotly.graph_objects as go

from analytics.output.deck import SOURCE, Deck, Slide
from analytics.output.describe import filters_text
from analytics.pages.link import Link
from analytics.pages.registry import BRIEFING, PAGES
from analytics.pages.spec import Context, Section
from analytics.query.engine import Engine

T = TypeVar("T")


def context(engine: Engine, page: str, link: Link) -> Context:
    return Context(engine, link, PAGES[page], engine.date_bounds())


def sections(engine: Engine, page: str, link: Link) -> list[Section]:
    """What the page shows for this link; a page without a spec (the data page) shows no sections.
    Built once per view and version for the whole process (views, takeaways and labelled tables), and
    shared: no caller may change a section."""
    spec = PAGES[page]
    if not spec.build:
        return []
    return SECTIONS.get(_view_key(engine, page, link), lambda: spec.build(context(engine, page, link)))


def _view_key(engine: Engine, page: str, link: Link) -> tuple:
    """What a page's content depends on, the reader's scope among it. Presentation state does not change
    it, so it is left out; the data are named by the version's rollup segments, whose names are unique:
    a store recreated at the same version number never meets an old entry."""
    version = engine.version()
    return (engine.kind, engine.scope, tuple(engine.sources(version)[1]), page,
            link.with_(present=False, slide=1, theme="light"))


def on_slides(found: list[Section]) -> list[Section]:
    return [s for s in found if s.layout.on_slides and s.figure is not None]


class Shared(Generic[T]):
    """Finished work shared by every session of the process: a room of people opens the same link, and
    building a page's sections or a figure (Plotly's validation, the tile map's shapes) costs far more
    than sending it. Keyed by everything the value depends on. Every session gets the same object, so
    no caller may change it (copying a figure costs Plotly's validation again)."""

    def __init__(self, entries: int = 256):
        self._entries = entries
        self._lock = threading.Lock()
        self._values: OrderedDict[tuple, T] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key: tuple, build: Callable[[], T]) -> T:
        with self._lock:
            cached = self._values.get(key)
            if cached is not None:
                self._values.move_to_end(key)
                self.hits += 1
        if cached is None:
            cached = build()
            with self._lock:
                self.misses += 1
                self._values[key] = cached
                while len(self._values) > self._entries:
                    self._values.popitem(last=False)
        return cached

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self.hits = self.misses = 0


FIGURES: Shared[go.Figure] = Shared()
SECTIONS: Shared[list[Section]] = Shared(64)


def figure(engine: Engine, page: str, link: Link, section: Section, theme: str, scale: float, title: str,
           height: int | None = None) -> go.Figure:
    """The section's finished figure, from the process's cache when any session drew it for the same view."""
    key = (*_view_key(engine, page, link), section.key, theme, scale, title, height)

    def build() -> go.Figure:
        drawn = section.draw(theme, scale, title)
        return drawn.update_layout(height=height) if height else drawn

    return FIGURES.get(key, build)


def slide(engine: Engine, page: str, link: Link, section: Section, theme: str = "light",
          scale: float = 1.0) -> Slide:
    table = section.labelled(link.lang)[0] if section.columns else None
    notes = "\n".join(n for n in (SOURCE[1] if link.lang == "en" else SOURCE[0], section.notes, section.events) if n)
    return Slide(section.title, figure(engine, page, link, section, theme, scale, ""), section.takeaway, table, notes)


def deck(engine: Engine, page: str, link: Link, theme: str = "light", scale: float = 1.0) -> Deck:
    first, last = engine.date_bounds()
    found = sections(engine, page, link)
    return Deck(page, PAGES[page].title(link.lang), filters_text(link.filters, (first, last), link.lang), last,
                engine.version(), [slide(engine, page, link, s, theme, scale) for s in on_slides(found)])


def briefing(engine: Engine, link: Link, theme: str = "light", scale: float = 1.0,
             progress: Callable[[str, int, int], None] | None = None) -> list[Deck]:
    decks = []
    for i, page in enumerate(BRIEFING, start=1):
        if progress:
            progress(page, i, len(BRIEFING))
        decks.append(deck(engine, page, link, theme, scale))
    return decks


def sheets(page: str, found: list[Section], lang: str) -> dict[str, pd.DataFrame]:
    """Every table of the page, labelled as on screen, one sheet each (named by its section's title)."""
    return {s.title: s.labelled(lang)[0] for s in found if s.columns}
