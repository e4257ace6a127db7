"""Load benchmark: N sessions open one page at once and then change a filter, over Streamlit's own
websocket protocol (the protobuf messages that ship with the streamlit package), no browser rendering.

    python -m bench load --sessions 30 --page overview [--query 'province=浙江'] [--url http://host:port]
    python -m bench load --sessions 10 --page all     # every page in turn
    python -m bench load --browser --page overview,trends,rankings  # first chart in a new tab vs a one-chart app
    python -m bench load --export briefing --sessions 20 --serve 2   # 20 sessions click the briefing export at once

In export mode each session opens the page and clicks the export (the whole briefing, or the page) at
the same moment while one bystander session moves from page to page; it prints the bystander's page
changes (target: p95 ≤ 3 s), how long the click took, and when the first session's file was ready.
`--distinct` gives every session its own link (so no build is shared); `--serve N` runs the app the
production way, N workers behind scripts/serve.sh's proxy.

Prints p50/p95/max of the first render and of the filter change, errors, and — when it started the app
itself (no --url) — the server's CPU seconds and peak memory per session. Traffic goes only to the
address given (by default an app it starts on 127.0.0.1); every loop is bounded in count and time."""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from tests.server import CHROMIUM_ARGS, app, served

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
FINISHED_EARLY_FOR_RERUN = 2
TIMEOUT_S = 300.0
ONE_CHART_APP = '''import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Scatter(x=list(range(100)), y=[i * i for i in range(100)])))
'''


@dataclass
class Result:
    first: float | None = None
    change: float | None = None
    error: str = ""
    widgets: dict[str, str] = field(default_factory=dict)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _run(ws, query: str, page: str, widgets=None) -> tuple[float, dict[str, str]]:
    """One script run: send rerun_script, read ForwardMsgs until the run finishes; seconds and widget ids."""
    from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2

    back = BackMsg_pb2.BackMsg()
    back.rerun_script.query_string = query
    back.rerun_script.page_name = page
    for state in widgets or []:
        back.rerun_script.widget_states.widgets.append(state)
    start = time.perf_counter()
    await ws.send(back.SerializeToString())
    ids: dict[str, str] = {}
    while True:
        msg = ForwardMsg_pb2.ForwardMsg()
        msg.ParseFromString(await asyncio.wait_for(ws.recv(), TIMEOUT_S))
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            widget = getattr(element, element.WhichOneof("type") or "", None)
            widget_id = getattr(widget, "id", "")
            if widget_id.startswith("$$ID-"):
                ids[widget_id.rsplit("-", 1)[-1]] = widget_id
        elif kind == "script_finished" and msg.script_finished != FINISHED_EARLY_FOR_RERUN:
            return time.perf_counter() - start, ids
        elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
            raise RuntimeError("the page failed to compile")


async def _session(url: str, page: str, query: str, change: tuple[str, list[str]], start: asyncio.Event) -> Result:
    import websockets
    from streamlit.proto import WidgetStates_pb2

    result = Result()
    await start.wait()
    try:
        async with websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream", max_size=None,
                                      open_timeout=TIMEOUT_S) as ws:
            result.first, result.widgets = await _run(ws, query, page)
            key, values = change
            widget_id = result.widgets.get(key)
            if widget_id is None:
                raise RuntimeError(f"no widget {key} on /{page}")
            state = WidgetStates_pb2.WidgetState(id=widget_id)
            if key == "f_granularity":
                state.string_value = values[0]
            else:
                state.string_array_value.data.extend(values)
            result.change, _ = await _run(ws, query, page, [state])
    except Exception as exc:  # a load test reports failures, it does not stop at the first
        result.error = f"{type(exc).__name__}: {exc}"[:200]
    return result


def _trigger(widget_id: str):
    from streamlit.proto import WidgetStates_pb2

    return WidgetStates_pb2.WidgetState(id=widget_id, trigger_value=True)


@dataclass
class Export:
    click: float | None = None
    ready: float | None = None
    error: str = ""


async def _exporter(url: str, page: str, query: str, tag: str, ready: list, start: asyncio.Event,
                    polled: asyncio.Event | None, finish: asyncio.Event) -> Export:
    """Open the page, then click its export when everyone does; the polling session reruns every 2 s
    until the download is offered (as the page's own progress fragment tells its reader)."""
    import websockets

    result = Export()
    button = f"export_{tag}_{page}"
    try:
        async with websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream", max_size=None,
                                      open_timeout=TIMEOUT_S) as ws:
            _, ids = await _run(ws, query, page)
            if button not in ids:
                raise RuntimeError(f"no export button {button} on /{page}")
            ready.append(True)
            await start.wait()
            t0 = time.perf_counter()
            result.click, ids = await _run(ws, query, page, [_trigger(ids[button])])
            while polled and f"{button}_dl" not in ids and time.perf_counter() - t0 < TIMEOUT_S:
                await asyncio.sleep(2)
                _, ids = await _run(ws, query, page)
            if polled:
                result.ready = time.perf_counter() - t0 if f"{button}_dl" in ids else None
                polled.set()
            await finish.wait()  # the session stays open while the others are measured
    except Exception as exc:  # a load test reports failures, it does not stop at the first
        result.error = f"{type(exc).__name__}: {exc}"[:200]
        ready.append(False)
        if polled:
            polled.set()
    return result


async def _bystander(url: str, pages: list[str], rounds: int, start: asyncio.Event) -> list[float]:
    """A viewer moving through the pages while the exports are built: each page change, in seconds."""
    import websockets

    changes: list[float] = []
    async with websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream", max_size=None,
                                  open_timeout=TIMEOUT_S) as ws:
        await _run(ws, "", pages[-1])
        await start.wait()
        await asyncio.sleep(0.5)  # the clicks are in
        for _ in range(rounds):
            for page in pages:
                seconds, _ = await _run(ws, "", page)
                changes.append(seconds)
    return changes


async def _exports(url: str, sessions: int, page: str, query: str, tag: str, distinct: bool):
    ready: list[bool] = []
    start, finish, polled = asyncio.Event(), asyncio.Event(), asyncio.Event()
    # --distinct: every session a link of its own (another start date), so that no build can be shared.
    links = [(f"{query}&" if query else "") + f"start=2025-{1 + i % 12:02d}-{1 + i // 12:02d}" if distinct else query
             for i in range(sessions)]
    tasks = [asyncio.create_task(_exporter(url, page, links[i], tag, ready, start, polled if i == 0 else None, finish))
             for i in range(sessions)]
    watcher = asyncio.create_task(_bystander(url, ["overview", "trends", "mix", "growth", "rankings", "regions"], 2, start))
    deadline = time.perf_counter() + TIMEOUT_S
    while len(ready) < sessions and time.perf_counter() < deadline:
        await asyncio.sleep(0.2)
    start.set()
    try:
        changes = await watcher
        error = ""
    except Exception as exc:
        changes, error = [], f"{type(exc).__name__}: {exc}"[:200]
    await asyncio.wait_for(polled.wait(), TIMEOUT_S + 10)
    finish.set()
    return await asyncio.gather(*tasks), changes, error


def exports(args) -> None:
    tag = "briefing" if args.export == "briefing" else "page"
    page = _pages(args.page)[0]
    with _target(args) as (url, pid):
        asyncio.run(_load(url, args.warm, page, args.query, ("f_platform", ["douyin"])))  # imports, caches
        cpu0, t0 = (_cpu_seconds(pid) if pid else None), time.perf_counter()
        done, changes, error = asyncio.run(_exports(url, args.sessions, page, args.query, tag, args.distinct))
        wall = time.perf_counter() - t0
        errors = [r.error for r in done if r.error] + ([error] if error else [])
        what = "the whole briefing" if tag == "briefing" else f"/{page}"
        print(f"export of {what} · {args.sessions} sessions click at once on /{page}"
              f"{' (each its own link)' if args.distinct else ''} · {wall:.1f} s in all")
        print(f"  bystander page change  {_stats(changes)}   ({len(changes)} changes; target p95 ≤ 3 s)")
        print(f"  the click              {_stats([r.click for r in done if r.click is not None])}")
        ready = done[0].ready
        print(f"  first file ready after {ready:.1f} s" if ready is not None else "  first file: not ready in time")
        print(f"  errors                 {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
        if pid:
            print(f"  server                 {_cpu_seconds(pid) - cpu0:.1f} CPU s in all; peak memory {_peak_mb(pid):,.0f} MB")


async def _load(url: str, sessions: int, page: str, query: str, change) -> list[Result]:
    start = asyncio.Event()
    tasks = [asyncio.create_task(_session(url, page, query, change, start)) for _ in range(sessions)]
    start.set()
    return await asyncio.gather(*tasks)


def _stats(values: list[float]) -> str:
    if not values:
        return "–"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return f"p50 {statistics.median(ordered):6.2f} s   p95 {p95:6.2f} s   max {ordered[-1]:6.2f} s"


def _pages(spec: str) -> list[str]:
    """'all', one page, or a comma-separated list."""
    from analytics.pages.registry import PAGES

    names = list(PAGES) if spec == "all" else [p.strip() for p in spec.split(",") if p.strip()]
    unknown = [n for n in names if n not in PAGES]
    if unknown or not names:
        raise SystemExit(f"unknown page {unknown or spec!r}: choose from {', '.join(PAGES)} or all")
    return names


def protocol(args) -> None:
    change_key, _, change_value = args.change.partition("=")
    change = (f"f_{change_key}" if change_key != "granularity" else "f_granularity", change_value.split(","))
    with _target(args) as (url, pid):
        for page in _pages(args.page):
            # Warm every worker behind a proxy (sessions without a cookie spread at random): imports, caches.
            asyncio.run(_load(url, args.warm, page, args.query, change))
            cpu0, t0 = (_cpu_seconds(pid) if pid else None), time.perf_counter()
            results = asyncio.run(_load(url, args.sessions, page, args.query, change))
            wall = time.perf_counter() - t0
            cpu = (_cpu_seconds(pid) - cpu0) if pid else None
            _print(args, page, results, wall, cpu, _peak_mb(pid) if pid else None)


def _print(args, page: str, results: list[Result], wall: float, cpu: float | None, peak: float | None) -> None:
    errors = [r.error for r in results if r.error]
    print(f"/{page}?{args.query} · {args.sessions} sessions at once · then {args.change} · {wall:.1f} s in all")
    print(f"  first render   {_stats([r.first for r in results if r.first is not None])}")
    print(f"  filter change  {_stats([r.change for r in results if r.change is not None])}")
    print(f"  errors         {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    if cpu is not None:
        print(f"  server         {cpu:.1f} CPU s in all, {cpu / args.sessions:.2f} CPU s per session; "
              f"peak memory {peak:,.0f} MB")
    else:
        print("  server         CPU and memory not measured (the app was given by --url)")


@contextmanager
def _target(args):
    if args.url:
        yield args.url.rstrip("/"), None
        return
    if getattr(args, "serve", 0):
        with tempfile.TemporaryDirectory() as tmp, served(Path(tmp) / "data", args.serve, {"GOVMEDIA_SEED": "1"}) as (url, _):
            yield url, None
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        with app("dashboard.py", data, {"GOVMEDIA_SEED": "1"}) as (url, pid):
            yield url, pid


def _first_chart_s(browser, url: str) -> float:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg')].length > 0",
        timeout=TIMEOUT_S * 1000)
    seconds = time.perf_counter() - start
    page.close()
    return seconds


def browser_mode(args) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    pages = _pages(args.page)
    with tempfile.TemporaryDirectory() as tmp, _target(args) as (url, _):
        floor_script = Path(tmp) / "one_chart.py"
        floor_script.write_text(ONE_CHART_APP, encoding="utf-8")
        with app(str(floor_script), Path(tmp) / "unused") as (floor_url, _), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            _first_chart_s(browser, floor_url)
            floor = statistics.median([_first_chart_s(browser, floor_url) for _ in range(args.repeat)])
            print(f"browser: first chart in a new tab, median of {args.repeat} (after one warm-up each)")
            print(f"  one-chart Streamlit app: {floor:.2f} s")
            for page in pages:
                target = f"{url}/{page}" + (f"?{args.query}" if args.query else "")
                _first_chart_s(browser, target)
                ours = statistics.median([_first_chart_s(browser, target) for _ in range(args.repeat)])
                print(f"  /{page}: {ours:.2f} s · ratio {ours / floor:.2f}× (target ≤ 1.3×)")
            browser.close()


def run(args) -> None:
    """`args`: sessions, page, query, change, warm, url (only a local one), browser, repeat, export, distinct, serve."""
    if args.url and urlparse(args.url).hostname not in LOCAL_HOSTS:
        raise ValueError("--url must be an app on this machine (127.0.0.1, localhost)")
    if not 1 <= args.sessions <= 200:
        raise ValueError("--sessions must be between 1 and 200")
    if args.export:
        exports(args)
    else:
        browser_mode(args) if args.browser else protocol(args)
