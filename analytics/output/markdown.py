"""Showing data through Markdown without letting it format or link anything."""

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def inert(text: object) -> str:
    """Data shown through Markdown (names, cities, file names) is text: its markup characters are escaped."""
    return _MARKDOWN.sub(r"\\\1", str(text))
