"""UI text in Chinese (default) and English. Words about the data come from the shared vocabulary
(analytics.vocab.names); the few words only the screen uses are here."""

from __future__ import annotations

from analytics.pages.registry import PAGES
from analytics.vocab import names

from . import state

SCREEN: dict[str, tuple[str, str]] = {
    "presentation": ("演示模式", "Presentation mode"),
    **{f"page_{key}": (spec.zh, spec.en) for key, spec in PAGES.items()},
}


def lang() -> str:
    return state.url_lang()


def t(key: str, **values: object) -> str:
    if key in SCREEN:
        zh, en = SCREEN[key]
        text = en if lang() == "en" else zh
        return text.format(**values) if values else text
    return names.label(key, lang(), **values)


def pick(zh: str, en: str) -> str:
    """For one-off text that lives with its page rather than in the vocabulary."""
    return en if lang() == "en" else zh
