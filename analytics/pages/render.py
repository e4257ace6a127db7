"""A page spec rendered for files: its sections for a link, its slides (presentation mode, PPTX, PNG)
and its tables (XLSX, CSV) — built from the very sections the screen shows."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

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


def slide(section: Section, lang: str, theme: str = "light", scale: float = 1.0) -> Slide:
    table = labelled(section.rows(), section.columns, lang)[0] if section.columns else None
    notes = "\n".join(n for n in (SOURCE[1] if lang == "en" else SOURCE[0], section.notes) if n)
    return Slide(section.title, section.draw(theme, scale, ""), section.takeaway, table, notes)


def deck(engine: Engine, page: str, link: Link, theme: str = "light", scale: float = 1.0) -> Deck:
    first, last = engine.date_bounds()
    found = sections(engine, page, link)
    return Deck(page, PAGES[page].title(link.lang), filters_text(link.filters, (first, last), link.lang), last,
                engine.version(), [slide(s, link.lang, theme, scale) for s in on_slides(found)])


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
