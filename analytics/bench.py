"""Benchmark (python -m analytics.bench --rows 1M): ingest against a bare parquet write, every view
against the minimal DuckDB SQL of the same result and against pandas, and the briefing deck's build time.

Data of the sample's shape at any size: the bundled sample repeated with fresh account ids and
scaled metrics. Each measurement runs in its own process so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import multiprocessing
import resource
import shutil
import statistics
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analytics.store import rollup, schema
from analytics import settings
from analytics.auth import ANALYST, Actor

SAMPLE = settings.SAMPLE_DIR / "snapshots.parquet"


def parse_rows(text: str) -> int:
    text = text.strip().upper()
    scale = {"K": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("KM")) * scale)


def _copy(base: pa.Table, k: int, tag: str) -> pa.Table:
    suffix = f"{tag}~{k}" if k or tag else ""
    if not suffix:
        return base
    part = base.set_column(2, "account_id", pc.binary_join_element_wise(base["account_id"], suffix, ""))
    factor = 0.8 + 0.4 * ((k * 37) % 10) / 10
    for col in ("followers", "reads", "likes"):
        i = part.schema.get_field_index(col)
        part = part.set_column(i, col, pc.cast(pc.round(pc.multiply(part[col], factor)), pa.int64()))
    return part.cast(schema.ARROW_SCHEMA)


def scaled_by_year(rows: int):
    """About `rows` rows in yearly chunks, oldest first, as a store fills week by week. The last,
    partial copy takes a share of the accounts (not of the dates), so every year keeps its shape."""
    base = pq.read_table(SAMPLE).cast(schema.ARROW_SCHEMA)
    copies = rows / base.num_rows
    index = pc.dictionary_encode(base["account_id"].combine_chunks()).indices.to_numpy()
    share = (index * 7919 % 1000) / 1000
    years = pc.year(base["snapshot_date"]).to_numpy()
    for year in sorted(set(years)):
        parts = []
        for k in range(math.ceil(copies)):
            keep = (years == year) & (share < min(1.0, copies - k))
            parts.append(_copy(base.filter(pa.array(keep)), k, "b"))
        yield pa.concat_tables(parts)


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the address space; ru_maxrss would also
    carry the parent's peak across the fork and exec that starts each measurement process."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(target: Callable, args: tuple, queue) -> None:
    try:
        queue.put(("ok", target(*args)))
    except BaseException:  # handed to the parent, which raises it; a silent child would hang it
        queue.put(("error", traceback.format_exc()))


def in_child(target: Callable, *args):
    """Run target in a fresh spawned process; returns what it returns (seconds, peak MB, …)."""
    ctx = multiprocessing.get_context("spawn")  # deltalake must never be forked
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(target, args, queue))
    proc.start()
    kind, result = queue.get()
    proc.join()
    if kind == "error":
        raise RuntimeError(f"benchmark step {target.__name__} failed:\n{result}")
    return result


def _bare_write(path: str) -> tuple[float, float]:
    table = pq.read_table(path)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        pq.write_table(table, Path(tmp) / "bare.parquet")
        return time.perf_counter() - start, peak_mb()


def _ingest(path: str, base_path: str | None) -> tuple[float, float, int | None]:
    from analytics.store import ingest
    from analytics.store.table import Store

    data = Path(path).read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "data")
        if base_path:
            base = ingest.prepare(store, "base.parquet", Path(base_path).read_bytes())
            ingest.commit(store, base, Actor("bench", ANALYST))
        start = time.perf_counter()
        prepared = ingest.prepare(store, Path(path).name, data)
        result = ingest.commit(store, prepared, Actor("bench", ANALYST))
        elapsed = time.perf_counter() - start
        assert prepared.report.ok and result.rows_added == prepared.report.rows, prepared.report.text("en")
        # The same rollup update again, in a scratch copy, to show its share of the commit.
        scratch = Path(tmp) / "scratch"
        shutil.copytree(store.root / rollup.ROLLUP_DIR, scratch / rollup.ROLLUP_DIR)
        rollup.manifest(scratch, result.version).unlink()
        report = prepared.report
        start = time.perf_counter()
        rollup.build(scratch, result.version, store.files(result.version),
                     changed=(dt.date.fromisoformat(report.first_date), dt.date.fromisoformat(report.last_date))
                     if base_path else None)
        return elapsed, peak_mb(), time.perf_counter() - start


RECENT_WEEKS = 26


def weekly_split(rows: int) -> tuple[pa.Table, pa.Table]:
    """(history, upload): the sample before its last 26 weeks, and `rows` rows of those weeks — the
    sample's own accounts continuing plus copies of them as new accounts — as a store receives new weeks."""
    base = pq.read_table(SAMPLE).cast(schema.ARROW_SCHEMA)
    cut = pc.max(base["snapshot_date"]).as_py() - dt.timedelta(weeks=RECENT_WEEKS)
    history = base.filter(pc.less_equal(base["snapshot_date"], cut))
    recent = base.filter(pc.greater(base["snapshot_date"], cut))
    copies = [_copy(recent, k, "w") for k in range(math.ceil(rows / recent.num_rows))]
    # Exports arrive in date order; an unsorted upload costs one extra sort (≈ 0.1 s per 1M rows).
    return history, pa.concat_tables(copies).slice(0, rows).sort_by("snapshot_date")


def bench_ingest(rows: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        upload = Path(tmp) / "upload.parquet"
        base = Path(tmp) / "base.parquet"
        history, new_weeks = weekly_split(rows)
        pq.write_table(new_weeks, upload)
        pq.write_table(history, base)
        size_mb = upload.stat().st_size / 1e6
        print(f"ingest: {rows:,} rows ({size_mb:.0f} MB parquet), median of {repeat} runs, each in a fresh process")
        bare = [in_child(_bare_write, str(upload)) for _ in range(repeat)]
        append = [in_child(_ingest, str(upload), str(base)) for _ in range(repeat)]
        first = [in_child(_ingest, str(upload), None) for _ in range(repeat)]
    t_bare = statistics.median(r[0] for r in bare)
    rows_out = [
        ("bare pyarrow.parquet.write_table", t_bare, max(r[1] for r in bare), None),
        (f"ingest new weeks onto {history.num_rows:,} stored rows", statistics.median(r[0] for r in append),
         max(r[1] for r in append), statistics.median(r[2] for r in append)),
        ("ingest, first load into an empty store", statistics.median(r[0] for r in first), max(r[1] for r in first),
         statistics.median(r[2] for r in first)),
    ]
    print(f"  {'':46} {'seconds':>8} {'rows/s':>12} {'× bare':>7} {'peak MB':>8} {'rollup s':>9} {'× bare w/o':>10}")
    for label, secs, peak, roll in rows_out:
        extra = f" {roll:9.2f} {(secs - roll) / t_bare:10.2f}" if roll is not None else ""
        print(f"  {label:46} {secs:8.2f} {rows / secs:12,.0f} {secs / t_bare:7.2f} {peak:8.0f}{extra}")
    print("  (ingest = read + validate + compare with stored rows + commit a new version + update the rollup;"
          " target ≤ 3× bare; 'w/o' leaves the rollup update out)")


def _fill_store(root: str, rows: int) -> tuple[int, float, float]:
    """Ingest data of the sample's shape year by year; returns (rows, seconds, peak MB)."""
    from analytics.store import ingest
    from analytics.store.table import Store

    store = Store(root)
    total, start = 0, time.perf_counter()
    for chunk in scaled_by_year(rows):
        buf = io.BytesIO()
        pq.write_table(chunk, buf)
        prepared = ingest.prepare(store, "year.parquet", buf.getvalue())
        ingest.commit(store, prepared, Actor("bench", ANALYST))
        total += chunk.num_rows
    return total, time.perf_counter() - start, peak_mb()


def _ours(root: str, repeat: int):
    from analytics import bench_views
    from analytics.query.engine import Engine
    from analytics.store.table import Store

    store = Store(root)
    engine, uncached = Engine(store), Engine(store, cache_entries=0)
    last = engine.date_bounds()[1]
    week = (last - dt.timedelta(days=6), last)
    return bench_views.run_ours(engine, uncached, week, repeat), week, store.files(), peak_mb()


def _sql(files: list[str], week, repeat: int):
    from analytics import bench_views

    return bench_views.run_sql(files, week, repeat), peak_mb()


def _pandas(files: list[str], week, repeat: int):
    from analytics import bench_views

    times, load = bench_views.run_pandas(files, week, repeat)
    return times, load, peak_mb()


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


def bench_deck(rows: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = str(Path(tmp) / "data")
        stored, _, _ = in_child(_fill_store, root, rows)
        times, peak = in_child(_deck, root, repeat)
    first, rest = times[0], times[1:]
    median = lambda i: statistics.median(t[i] for t in rest)  # noqa: E731
    print(f"deck: whole briefing (overview, trends, mix, growth, rankings, compliance) at {stored:,} rows, "
          f"{first[3]} chart slides, {first[2] / 1e6:.1f} MB")
    print(f"  first build (cold app): data {first[0]:.2f} s + slides {first[1]:.2f} s = {first[0] + first[1]:.2f} s")
    print(f"  warm app (median of {len(rest)}): data {median(0):.2f} s + slides {median(1):.2f} s = "
          f"{median(0) + median(1):.2f} s (target < 10 s); peak {peak:.0f} MB")


def bench_views(rows: int, repeat: int) -> None:
    from analytics import bench_views as bv

    with tempfile.TemporaryDirectory() as tmp:
        root = str(Path(tmp) / "data")
        stored, secs, ingest_peak = in_child(_fill_store, root, rows)
        print(f"views: {stored:,} rows ingested year by year in {secs:.1f} s (peak {ingest_peak:.0f} MB); "
              f"medians of {repeat} runs, each side in a fresh process")
        ours, week, files, our_peak = in_child(_ours, root, repeat)
        sql, sql_peak = in_child(_sql, files, week, repeat)
        pd_times, pd_load, pd_peak = in_child(_pandas, files, week, repeat)
    aggregate = {c.name: c.aggregate for c in bv.cases(week)}
    print(f"  {'view':44} {'cold':>7} {'warm':>7} {'cached':>7} {'min SQL':>8} {'÷ SQL':>6} {'pandas':>8} {'× faster':>8}")
    for name, (cold, warm, cached) in ours.items():
        p = pd_times[name]
        mark = "R" if aggregate[name] else " "
        print(f"  {name:42} {mark} {cold * 1e3:6.0f}ms {warm * 1e3:5.0f}ms {cached * 1e3:5.1f}ms "
              f"{sql[name] * 1e3:6.0f}ms {warm / sql[name]:6.2f} "
              + (f"{p * 1e3:6.0f}ms {p / warm:8.1f}" if p is not None else f"{'–':>8} {'–':>8}"))
    print(f"  R = answered from the rollup. pandas times exclude loading the frame ({pd_load:.1f} s).")
    print(f"  peak memory: ours {our_peak:.0f} MB, minimal SQL {sql_peak:.0f} MB, pandas {pd_peak:.0f} MB")


ROWS_PER_MB = 61_500  # zstd parquet of the sample's shape


def _prepare_upload(root: str, path: str):
    from analytics.store import ingest
    from analytics.store.table import Store

    data = Path(path).read_bytes()
    start = time.perf_counter()
    prepared = ingest.prepare(Store(root), Path(path).name, data)
    return time.perf_counter() - start, prepared.report.ok, prepared.report.text("en").splitlines()[-1], peak_mb()


def _commit_upload(root: str, path: str):
    from analytics.store import ingest
    from analytics.store.table import Store

    store = Store(root)
    ingest.commit(store, ingest.prepare(store, SAMPLE.name, SAMPLE.read_bytes()), Actor("bench", ANALYST))
    data = Path(path).read_bytes()
    start = time.perf_counter()
    prepared = ingest.prepare(store, Path(path).name, data)
    result = ingest.commit(store, prepared, Actor("bench", ANALYST))
    return time.perf_counter() - start, result.rows_added, peak_mb()


def _bomb(path: str) -> int:
    """A parquet file of a few KB whose strings decode to 2 GB (long runs compress to almost nothing)."""
    n = 2000
    table = pa.table({"snapshot_date": pa.array(["2024-01-03"] * n), "platform": ["weibo"] * n,
                      "account_id": [str(i) for i in range(n)], "account_name": ["a" * 1_000_000] * n})
    pq.write_table(table, path, compression="brotli", use_dictionary=False)
    return Path(path).stat().st_size


def bench_upload(megabytes: int) -> None:
    """Peak memory of checking an upload of `megabytes` (read, validate, compare; nothing committed), and
    the time to refuse a compression bomb."""
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "upload.parquet")
        parts = list(scaled_by_year(megabytes * ROWS_PER_MB))
        pq.write_table(pa.concat_tables(parts), path, compression="zstd")
        del parts
        size = Path(path).stat().st_size / 1e6
        secs, ok, last, peak = in_child(_prepare_upload, str(Path(tmp) / "data"), path)
        print(f"upload: a {size:,.0f} MB parquet ({megabytes * ROWS_PER_MB:,} rows) checked in {secs:.1f} s, "
              f"peak {peak:,.0f} MB ({peak / size:.1f}× the file; target ≤ 2048 MB), {'valid' if ok else last}")
        secs, added, peak = in_child(_commit_upload, str(Path(tmp) / "committed"), path)
        print(f"upload: the same file checked and committed into a store holding the sample (rollup rebuilt) in "
              f"{secs:.1f} s, {added:,} rows added, peak {peak:,.0f} MB")
        bomb = str(Path(tmp) / "bomb.parquet")
        packed = _bomb(bomb)
        secs, ok, last, peak = in_child(_prepare_upload, str(Path(tmp) / "data"), bomb)
        print(f"upload: a {packed / 1e3:.0f} KB compression bomb (2 GB of strings) refused in {secs * 1e3:.1f} ms, "
              f"peak {peak:,.0f} MB (target < 1 s): {last.strip()}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m analytics.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1M", help="rows to generate, e.g. 200K, 1M, 10M")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("ingest", "views", "deck", "upload"), help="run one part")
    parser.add_argument("--upload-mb", type=int, default=200, help="size of the upload checked by the upload part")
    parser.add_argument("--national", metavar="DATA_DIR",
                        help="only: pages and views over a store loaded with python -m sample_data.national's weeks")
    parser.add_argument("--load", metavar="WEEKS_DIR", help="with --national: first ingest the weeks of WEEKS_DIR "
                        "not yet stored, one upload per week (resumable)")
    parser.add_argument("--next-week", action="store_true", help="with --national: time the ingest of one more "
                        "generated week (adds a version to the store)")
    parser.add_argument("--accounts", type=int, default=300_000,
                        help="with --next-week: the accounts the data set was generated with")
    parser.add_argument("--spark-rows", help="with --national: the views on Spark local[2] beside DuckDB at the "
                        "store's first version holding this many rows, e.g. 20M")
    args = parser.parse_args(argv)
    if args.national:
        from analytics import bench_national

        bench_national.run(args.national, args.repeat, load=args.load, next_week=args.next_week,
                           spark_rows=parse_rows(args.spark_rows) if args.spark_rows else None, accounts=args.accounts)
        return
    rows = parse_rows(args.rows)
    if args.only in (None, "ingest"):
        bench_ingest(rows, args.repeat)
    if args.only in (None, "views"):
        bench_views(rows, args.repeat)
    if args.only in (None, "deck"):
        bench_deck(rows, args.repeat)
    if args.only in (None, "upload"):
        bench_upload(args.upload_mb)


if __name__ == "__main__":
    main()
