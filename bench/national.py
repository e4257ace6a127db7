"""The national-scale part of the benchmark (python -m bench national DATA_DIR): a store
loaded with python -m sample_data.national's weeks. Optionally it loads them first (one upload per
week, as offices would) and times one more week's ingest; then each page's server-side work, every
view, peak memory and disk; and the views on Spark beside DuckDB at an earlier version of the store."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from analytics.access.roles import ANALYST, Actor
from bench.harness import in_child, peak_mb

BENCH = Actor("bench", ANALYST)


def _stored_end(store) -> dt.date | None:
    from analytics.store import accounts

    version = store.version()
    if version is None:
        return None
    path = accounts.ensure(store.root, version, store.files(version))
    return duckdb.connect().execute("SELECT max(last_seen) FROM read_parquet($p)", {"p": str(path)}).fetchall()[0][0]


def _ingest(store, path: Path) -> tuple[int, float, float]:
    from analytics.store import ingest

    start = time.perf_counter()
    prepared = ingest.prepare(store, path.name, path.read_bytes(), today=dt.date.today())
    checked = time.perf_counter()
    if not prepared.report.ok:
        prepared.discard()
        raise RuntimeError(prepared.report.text("en"))
    ingest.commit(store, prepared, BENCH)
    return prepared.report.rows, checked - start, time.perf_counter() - checked


def _load(weeks_dir: str, root: str) -> dict:
    """Ingest every weekly file dated after what the store holds, one upload per week."""
    from analytics.store.table import Store

    store = Store(root)
    end = _stored_end(store)
    files = [p for p in sorted(Path(weeks_dir).glob("*.parquet")) if end is None or dt.date.fromisoformat(p.stem) > end]
    total = weeks = 0
    start = time.perf_counter()
    last = (0, 0.0, 0.0)
    for i, path in enumerate(files):
        last = _ingest(store, path)
        total, weeks = total + last[0], weeks + 1
        if i % 50 == 0 or i == len(files) - 1:
            print(f"    week {path.stem}: {last[0]:,} rows checked in {last[1]:.2f} s, committed in {last[2]:.2f} s "
                  f"({time.perf_counter() - start:,.0f} s so far)", flush=True)
    return {"weeks": weeks, "rows": total, "seconds": time.perf_counter() - start, "last": last, "peak": peak_mb()}


def _next_week(root: str, accounts: int, seed: int) -> dict:
    """One more generated week (the data set's accounts a week later) through the normal ingest path."""
    from analytics.store.table import Store
    from sample_data import national

    store = Store(root)
    first, end = duckdb.connect().execute("SELECT min(snapshot_date), max(snapshot_date) FROM read_parquet($r)",
                                          {"r": _rollup(store)}).fetchall()[0]
    weeks = national.weeks_between(first, end + dt.timedelta(days=7))
    table = national.week_table(national.build_accounts(accounts, weeks, seed), weeks, len(weeks) - 1, seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{weeks[-1].isoformat()}.parquet"
        pq.write_table(table, path, compression="zstd")
        rows, check, commit = _ingest(store, path)
    return {"date": weeks[-1].isoformat(), "rows": rows, "check": check, "commit": commit, "peak": peak_mb()}


def _rollup(store) -> list[str]:
    from analytics.store import rollup

    version = store.version()
    return rollup.ensure(store.root, version, store.files(version))


def _pages(root: str, repeat: int):
    """Each page's server-side work as the app does it for a new link (its sections: views, takeaways,
    tables; and every figure): cold in a fresh process, warm with the query results cached but the
    page rebuilt, and as a second session opening the same link sees it (shared sections and figures)."""
    from analytics.pages import render
    from analytics.pages.link import Link
    from analytics.pages.registry import PAGES
    from analytics.query.engine import Engine
    from analytics.store.table import Store
    from analytics.views import rankings
    from bench import views as bv

    engine = Engine(Store(root))
    link = Link()
    top = rankings.rankings(engine, link.filters).iloc[0]
    times = {}
    for page, spec in PAGES.items():
        if not spec.build:
            continue
        shown = link.with_(account=f"{top['platform']}:{top['account_id']}") if page == "account" else link

        def draw() -> None:
            for section in render.sections(engine, page, shown):
                if section.figure is not None:
                    render.figure(engine, page, shown, section, "light", 1.0, section.title)

        start = time.perf_counter()
        draw()
        cold = time.perf_counter() - start

        def rebuilt() -> None:
            render.SECTIONS.clear()
            render.FIGURES.clear()
            draw()

        times[page] = (cold, bv.median_time(rebuilt, repeat), bv.median_time(draw, repeat))
    return times, peak_mb()


class _Pinned:
    """A store seen at one version (for the views at an earlier, smaller state of the same table)."""

    def __init__(self, store, version: int):
        self._store, self._version = store, version

    def version(self) -> int:
        return self._version

    def __getattr__(self, name):
        return getattr(self._store, name)


def _version_with(root: str, rows: int) -> tuple[int, int]:
    """The first version holding at least `rows` rows (the last one when none does), and its rows."""
    from analytics.store.table import Store

    store = Store(root)
    held = 0
    for info in sorted(store.history(), key=lambda h: h.version):
        if info.action == "restore":
            return store.version(), sum(pq.read_metadata(f).num_rows for f in store.files())
        held += info.rows_added
        if held >= rows:
            return info.version, held
    return store.version(), held


def _views_at(root: str, version: int, engine_kind: str, repeat: int):
    from analytics.query.engine import Engine, open_backend
    from analytics.store.table import Store
    from bench import views as bv

    store = _Pinned(Store(root), version)
    backend = open_backend(engine_kind, store.root) if engine_kind == "spark" else None
    engine, uncached = Engine(store, backend), Engine(store, backend, cache_entries=0)
    last = engine.date_bounds()[1]
    return bv.run_ours(engine, uncached, (last - dt.timedelta(days=6), last), repeat), peak_mb()


def _views(root: str, repeat: int):
    from analytics.store.table import Store

    version = Store(root).version()
    return _views_at(root, version, "duckdb", repeat)


def run(root: str, repeat: int, *, load: str | None = None, next_week: bool = False, spark_rows: int | None = None,
        accounts: int = 300_000, seed: int | None = None) -> None:
    from analytics.store.table import Store
    from bench import views as bv
    from sample_data import national

    seed = national.SEED if seed is None else seed
    if load:
        print(f"national: loading the weeks of {load} one upload at a time")
        done = in_child(_load, load, root)
        last = done["last"]
        print(f"  loaded {done['weeks']} weeks, {done['rows']:,} rows in {done['seconds']:,.0f} s; the last week: "
              f"{last[0]:,} rows checked in {last[1]:.2f} s + committed with rollup and summary in {last[2]:.2f} s; "
              f"peak memory {done['peak']:,.0f} MB")
    if next_week:
        done = in_child(_next_week, root, accounts, seed)
        print(f"  one more week ({done['date']}, {done['rows']:,} rows): check {done['check']:.2f} s + commit with "
              f"rollup and summary {done['commit']:.2f} s = {done['check'] + done['commit']:.2f} s (target ≤ 30 s); "
              f"peak memory {done['peak']:,.0f} MB")
    store = Store(root)
    rows = sum(pq.read_metadata(f).num_rows for f in store.files())
    disk = sum(p.stat().st_size for p in Path(root).rglob("*") if p.is_file()) / 1e9
    table = sum(p.stat().st_size for p in Path(store.files()[0]).parent.glob("*.parquet")) / 1e9
    print(f"national: {rows:,} rows in version {store.version()} ({len(store.files())} files), {disk:.2f} GB in the "
          f"data directory (all versions' files {table:.2f} GB); medians of {repeat}")
    pages, peak = in_child(_pages, root, repeat)
    print(f"  {'page (server side: sections + figures)':44} {'cold':>8} {'warm':>8} {'shared':>8}   target: warm ≤ 1.5 s")
    for page, (cold, warm, shared) in pages.items():
        print(f"  {page:44} {cold:7.2f}s {warm:7.2f}s {shared * 1e3:6.1f}ms")
    print(f"  peak memory of the page process: {peak:,.0f} MB (target ≤ 4096 MB)")
    ours, our_peak = in_child(_views, root, repeat)
    aggregate = {c.name: c.aggregate for c in bv.cases((dt.date.today(), dt.date.today()))}
    print(f"  {'view':44} {'cold':>8} {'warm':>8}   targets: aggregate ≤ 200 ms, account and search ≤ 1 s")
    for name, (cold, warm, _cached) in ours.items():
        print(f"  {name:42} {'R' if aggregate[name] else ' '} {cold:7.2f}s {warm:7.2f}s")
    print(f"  R = answered from the rollup; peak memory of the view process: {our_peak:,.0f} MB")
    if spark_rows:
        version, held = _version_with(root, spark_rows)
        duck, _ = in_child(_views_at, root, version, "duckdb", repeat)
        spark, spark_peak = in_child(_views_at, root, version, "spark", repeat)
        print(f"  at version {version} ({held:,} rows): {'view':30} {'DuckDB warm':>12} {'Spark warm':>12} {'ratio':>7}")
        for name, (_c, warm, _x) in duck.items():
            theirs = spark[name][1]
            print(f"  {name:58} {warm:11.2f}s {theirs:11.2f}s {theirs / max(warm, 1e-9):6.1f}×")
        print(f"  Spark local[2] in this process's JVM: peak memory of the Python side {spark_peak:,.0f} MB")
