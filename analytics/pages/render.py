"""A page spec rendered for files: its sections for a link, its slides (presentation mode, PPTX, PNG)
and its tables (XLSX, CSV) — built from the very sections the screen shows."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from analytics.output.deck import SOURCE, Deck, Slide
from analytics.output.describe import filters_text
from analytics.output.tables import labelled
from analytics.pages.link import Link
from analytics.pages.registry import BRIEFING, PAGES
from analytics.pages.spec import Context, Section
from analytics.query.engine import Engine


def context(engine: Engine, page: str, link: Link) -> Context:
    return Context(engine, link, PAGES[page], engine.date_bounds())


def sections(engine: Engine, page: str, link: Link) -> list[Section]:
    """What the page shows for this link; a page without a spec (the data page) shows no sections."""
    spec = PAGES[page]
    return spec.build(context(engine, page, link)) if spec.build else []


def on_slides(found: list[Section]) -> list[Section]:
    return [s for s in found if s.on_slides and s.figure is not None]


class FigureCache:
    """Finished figures shared by every session of the process: building one (Plotly's validation, the
    tile map's shapes) costs far more than drawing it, and a room of people opens the same link. Keyed
    by everything a figure depends on; callers get a copy they may change."""

    def __init__(self, entries: int = 256):
        self._entries = entries
        self._lock = threading.Lock()
        self._figures: OrderedDict[tuple, go.Figure] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key: tuple, build: Callable[[], go.Figure]) -> go.Figure:
        with self._lock:
            cached = self._figures.get(key)
            if cached is not None:
                self._figures.move_to_end(key)
                self.hits += 1
        if cached is None:
            cached = build()
            with self._lock:
                self.misses += 1
                self._figures[key] = cached
                while len(self._figures) > self._entries:
                    self._figures.popitem(last=False)
        return go.Figure(cached)

    def clear(self) -> None:
        with self._lock:
            self._figures.clear()
            self.hits = self.misses = 0


FIGURES = FigureCache()


def figure(engine: Engine, page: str, link: Link, section: Section, theme: str, scale: float, title: str) -> go.Figure:
    """The section's finished figure, from the process's cache when any session drew it for the same view.
    Presentation state does not change a figure, so it is left out of the key. The data are named by the
    version's rollup segments, whose names are unique: a store recreated at the same version number
    never meets an old figure."""
    version = engine.version()
    view = link.with_(present=False, slide=1, theme="light")
    key = (tuple(engine.sources(version)[1]), page, section.key, view, theme, scale, title)
    return FIGURES.get(key, lambda: section.draw(theme, scale, title))


def slide(engine: Engine, page: str, link: Link, section: Section, theme: str = "light",
          scale: float = 1.0) -> Slide:
    table = labelled(section.rows(), section.columns, link.lang)[0] if section.columns else None
    notes = "\n".join(n for n in (SOURCE[1] if link.lang == "en" else SOURCE[0], section.notes) if n)
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
    return {s.title: labelled(s.rows(), s.columns, lang)[0] for s in found if s.columns}
