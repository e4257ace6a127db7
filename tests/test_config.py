"""The theme keeps the platform colours of the charts and a CJK font stack, in light and dark."""

import tomllib
from pathlib import Path

from analytics.vocab import platforms

CONFIG = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())


def test_theme():
    theme = CONFIG["theme"]
    assert theme["font"].startswith("Noto Sans CJK SC")
    assert theme["chartCategoricalColors"] == [p.color for p in platforms.PLATFORMS]
    assert {"light", "dark"} <= set(theme)
