"""Heavy exports (a page or the whole briefing as PPTX: seconds of CPU each) built once and shared.

A build is named by everything its bytes depend on — the kind, the pages, the data version, the link,
the reader's scope, the language — so twenty readers asking for the same briefing get one build. At
most `workers` builds run at once in the process; the rest wait in order, each with a visible place in
the queue, and the queue is bounded (a reader is told to come back rather than left waiting behind
hundreds). One reader has at most one unfinished build: clicking on with other links cannot fill the
queue. Finished files are kept, newest used last, up to a memory budget."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from analytics import settings
from analytics.errors import AnalyticsError

log = logging.getLogger(__name__)

Progress = Callable[[float, str, str], None]  # fraction done, what is being done (zh, en)


class Busy(AnalyticsError):
    """No build was started: the queue is full, or the reader already has one waiting."""


@dataclass
class Build:
    key: Hashable
    owner: str
    state: str = "queued"  # queued | building | done | failed
    fraction: float = 0.0
    step: tuple[str, str] = ("", "")
    result: bytes | None = None
    error: tuple[str, str] | None = None

    @property
    def unfinished(self) -> bool:
        return self.state in ("queued", "building")


class Builds:
    def __init__(self, workers: int = 1, queue: int = 8, keep_mb: int = 256):
        self._lock = threading.Lock()
        self._builds: OrderedDict[Hashable, Build] = OrderedDict()
        self._waiting: deque[Hashable] = deque()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="export")
        self._queue = queue
        self._keep = keep_mb * 1024 * 1024

    def request(self, key: Hashable, owner: str, build: Callable[[Progress], bytes]) -> Build:
        """The build of `key`: the finished or unfinished one if there is one, else a new one in the queue.
        A failed build is tried again."""
        with self._lock:
            found = self._builds.get(key)
            if found is not None and found.state != "failed":
                self._builds.move_to_end(key)
                return found
            if any(b.owner == owner and b.unfinished for b in self._builds.values()):
                raise Busy("您的上一个导出仍在生成，完成后才能开始新的导出",
                           "your previous export is still being built: a new one can start when it is done")
            if len(self._waiting) >= self._queue:
                raise Busy(f"导出队列已满（{self._queue} 个等待中），请稍后再试",
                           f"the export queue is full ({self._queue} waiting): try again in a moment")
            made = self._builds[key] = Build(key, owner)
            self._waiting.append(key)
        self._pool.submit(self._run, made, build)
        return made

    def get(self, key: Hashable) -> Build | None:
        with self._lock:
            return self._builds.get(key)

    def position(self, build: Build) -> int:
        """How many builds are ahead of a queued one (0: it starts next); 0 once it runs."""
        with self._lock:
            return self._waiting.index(build.key) if build.key in self._waiting else 0

    def _run(self, made: Build, build: Callable[[Progress], bytes]) -> None:
        with self._lock:
            self._waiting.remove(made.key)
            made.state = "building"

        def progress(fraction: float, zh: str, en: str) -> None:
            made.fraction, made.step = max(0.0, min(1.0, fraction)), (zh, en)

        try:
            result = build(progress)
        except AnalyticsError as exc:
            made.error, made.state = (exc.zh, exc.en), "failed"
        except Exception:  # a failed build is reported to its readers by name, never as a traceback
            log.exception("export build failed: %r", made.key)
            made.error, made.state = ("导出失败，请稍后重试", "the export failed: try again later"), "failed"
        else:
            made.result, made.fraction, made.state = result, 1.0, "done"
        self._trim()

    def _trim(self) -> None:
        """Forget the least recently asked finished builds beyond the memory budget (the newest stays)."""
        with self._lock:
            done = [b for b in self._builds.values() if b.state == "done"]
            size = sum(len(b.result or b"") for b in done)
            for old in done[:-1]:
                if size <= self._keep:
                    break
                size -= len(old.result or b"")
                del self._builds[old.key]
            failed = [b.key for b in self._builds.values() if b.state == "failed"]
            for key in failed[:-self._queue]:
                del self._builds[key]


_SHARED: list[Builds] = []
_SHARED_LOCK = threading.Lock()


def shared() -> Builds:
    """The process's one set of builds (GOVMEDIA_EXPORT_WORKERS at once, GOVMEDIA_EXPORT_QUEUE waiting)."""
    with _SHARED_LOCK:
        if not _SHARED:
            _SHARED.append(Builds(settings.get_int("GOVMEDIA_EXPORT_WORKERS"), settings.get_int("GOVMEDIA_EXPORT_QUEUE")))
        return _SHARED[0]
