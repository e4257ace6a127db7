"""The whole briefing deck's build time, cold and warm.

    python -m bench deck --rows 1M"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.data import fill_store
from bench.harness import in_child, peak_mb


def _deck(root: str, repeat: int):
    from analytics.output import export
    from analytics.pages import render
    from analytics.pages.link import Link
    from analytics.query.engine import Engine
    from analytics.store.table import Store

    engine = Engine(Store(root))
    times = []
    for _ in range(repeat + 1):  # the first build warms the app: query caches and the chart renderer
        start = time.perf_counter()
        decks = render.briefing(engine, Link(), "light", 1.35)
        built = time.perf_counter()
        data = export.pptx_bytes(decks)
        times.append((built - start, time.perf_counter() - built, len(data), sum(len(d.slides) for d in decks)))
    return times, peak_mb()

def run(rows: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = str(Path(tmp) / "data")
        stored, _, _ = in_child(fill_store, root, rows)
        times, peak = in_child(_deck, root, repeat)
    first, rest = times[0], times[1:]
    median = lambda i: statistics.median(t[i] for t in rest)  # noqa: E731
    print(f"deck: whole briefing (overview, trends, mix, growth, rankings, compliance) at {stored:,} rows, "
          f"{first[3]} chart slides, {first[2] / 1e6:.1f} MB")
    print(f"  first build (cold app): data {first[0]:.2f} s + slides {first[1]:.2f} s = {first[0] + first[1]:.2f} s")
    print(f"  warm app (median of {len(rest)}): data {median(0):.2f} s + slides {median(1):.2f} s = "
          f"{median(0) + median(1):.2f} s (target < 10 s); peak {peak:.0f} MB")
