"""Posts at size: a generated posts file of the sample's accounts checked and committed (time and peak
memory against the file's size; the word cutting of the commit timed on its own), then the 内容 page cold
and warm over the sample's posts and over the sample plus the generated ones.

    python -m bench posts --posts 1M"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from bench.data import BENCH
from bench.harness import in_child, peak_mb

CHUNK = 250_000
PER_UPLOAD = 1_000_000  # a week of a national posts export; one upload may not decode past 4 GB
TARGETS = {"peak_per_file": 2.0, "warm_sample_s": 0.25, "warm_10m_s": 1.5}
TITLES = ("{p}推进一网通办再升级", "反诈提醒：{p}警方提示谨防电信网络诈骗", "{p}发布高温橙色预警", "{p}文旅融合新场景上线",
          "{p}政府常务会议研究部署重点项目建设", "防汛救灾：{p}启动应急响应", "{p}优化营商环境十条举措", "{p}乡村振兴看变化")
SENTENCES = ("近日，有关部门召开专题会议，研究部署相关工作。", "请广大市民朋友相互转告，共同关注。", "持续深化放管服改革，优化营商环境。",
             "为进一步做好政务公开工作，现将有关事项公告如下。", "欢迎通过12345热线反映问题、提出建议。",
             "下一步，我们将坚持以人民为中心，推动高质量发展。", "活动期间，志愿服务队伍深入社区开展宣传。",
             "如有疑问，可拨打咨询电话或在留言区留言。")


def generate(path: Path, n: int, seed: int = 7, first: int = 0) -> float:
    """n posts (ids from `first` on) of the sample's accounts over its last 26 weeks, each with a title and a text of 3–6
    sentences (about 150 characters); written in chunks, so memory stays at a chunk. Returns MB."""
    import duckdb

    from analytics import settings

    accounts = duckdb.execute("SELECT DISTINCT platform, account_id, province FROM read_parquet($f) "
                              "WHERE snapshot_date >= DATE '2026-01-01' ORDER BY ALL",
                              {"f": str(settings.SAMPLE_DIR / "snapshots.parquet")}).fetchall()
    rng = np.random.default_rng(seed + first)
    end = dt.datetime(2026, 6, 24, 23, 59)
    writer = None
    for start in range(0, n, CHUNK):
        m = min(CHUNK, n - start)
        pick = rng.integers(0, len(accounts), m)
        seconds = rng.integers(0, 26 * 7 * 86400, m)
        sentences = rng.integers(0, len(SENTENCES), (m, 6))
        counts = rng.integers(3, 7, m)
        titles = rng.integers(0, len(TITLES), m)
        reads = np.round(rng.lognormal(7, 1.6, m)).astype(np.int64)
        table = pa.table({
            "platform": [accounts[i][0] for i in pick], "account_id": [accounts[i][1] for i in pick],
            "post_id": [f"b{first + start + i:09d}" for i in range(m)],
            "published_at": [(end - dt.timedelta(seconds=int(s))).strftime("%Y-%m-%d %H:%M:%S") for s in seconds],
            "title": [TITLES[t].format(p=accounts[i][2]) for t, i in zip(titles, pick)],
            "text": ["".join(SENTENCES[j] for j in row[:c]) for row, c in zip(sentences, counts)],
            "reads": reads, "likes": reads // 50, "comments": reads // 500, "shares": reads // 400,
            "url": [f"https://example.gov.cn/p/b{first + start + i:09d}" for i in range(m)],
        })
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema, compression="zstd")
        writer.write_table(table)
    writer.close()
    return path.stat().st_size / 2**20


def _seeded(root: str) -> None:
    import os

    os.environ["GOVMEDIA_SEED"] = "1"
    from analytics import seeding
    from analytics.store.table import Store

    seeding.ensure_seeded(Store(root))


def _ingest(root: str, path: str):
    from analytics.posts import derived, ingest
    from analytics.posts.table import PostStore
    from analytics.store.table import Store

    store = Store(root)
    posts = PostStore.beside(store)
    data = Path(path).read_bytes()
    start = time.perf_counter()
    prepared = ingest.prepare(posts, store, Path(path).name, data)
    checked = time.perf_counter() - start
    assert prepared.report.ok, prepared.report.text("en")
    del data
    start = time.perf_counter()
    result = ingest.commit(posts, prepared, BENCH)
    committed = time.perf_counter() - start
    assert not result.pending, result.pending
    # The commit's word cutting, timed alone: the new version's words made again the same way (the previous
    # version's words reused, the new posts cut).
    derived.words_path(root, result.version).unlink()
    start = time.perf_counter()
    derived.build_words(Path(root), result.version, posts.files(result.version))
    cut = time.perf_counter() - start
    return checked, committed, cut, result.rows_added, prepared.report.mismatch_weeks, peak_mb()


LINKS = {"default": {}, "seed week, 抖音": {"start": "2019-02-28", "end": "2019-03-06", "platforms": ("douyin",)},
         "a quarter": {"start": "2026-04-01", "end": "2026-06-24"}}


def _page(root: str, repeat: int):
    from analytics.pages import render
    from analytics.pages.link import Link
    from analytics.pages.registry import PAGES
    from analytics.query.engine import Engine
    from analytics.query.filters import Filters
    from analytics.store.table import Store

    engine = Engine(Store(root))
    out = {}
    for name, values in LINKS.items():
        link = Link(filters=Filters(**{k: (dt.date.fromisoformat(v) if k in ("start", "end") else v)
                                       for k, v in values.items()}))
        start = time.perf_counter()
        render.sections(engine, "content", link)
        cold = time.perf_counter() - start
        warm = []
        for _ in range(repeat):
            # A new session's build: every section made again from the engine's cached results.
            start = time.perf_counter()
            PAGES["content"].build(render.context(engine, "content", link))
            warm.append(time.perf_counter() - start)
        out[name] = (cold, sorted(warm)[len(warm) // 2])
    return out, engine.posts_version(), peak_mb()


def _verdict(value: float, target: float) -> str:
    return f"target ≤ {target:g}: {'met' if value <= target else f'missed by {value - target:.2f}'}"


def run(n: int, repeat: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-posts-"))
    try:
        root = str(work / "data")
        start = time.perf_counter()
        in_child(_seeded, root)
        print(f"first start (sample snapshots and 50,600 sample posts, words cut): {time.perf_counter() - start:.1f} s")
        sample, _, page_peak = in_child(_page, root, repeat)
        print("内容 page over the sample's posts (render of every section; warm = results cached):")
        for name, (cold, warm) in sample.items():
            print(f"  {name:<16} cold {cold:6.2f} s   warm {warm:6.3f} s   ({_verdict(warm, TARGETS['warm_sample_s'])})")
        for first in range(0, n, PER_UPLOAD):
            m = min(PER_UPLOAD, n - first)
            path = work / f"posts-{first // PER_UPLOAD:03d}.parquet"
            start = time.perf_counter()
            mb = generate(path, m, first=first)
            made = time.perf_counter() - start
            checked, committed, cut, added, mismatched, peak = in_child(_ingest, root, str(path))
            path.unlink()
            print(f"upload {first // PER_UPLOAD + 1} of {m:,} posts ({mb:.0f} MB parquet, generated in {made:.1f} s) onto "
                  f"{first + 50_600:,}: check {checked:.1f} s ({m / checked:,.0f} posts/s), commit {committed:.1f} s of which "
                  f"word cutting {cut:.1f} s ({m / max(cut, 1e-9):,.0f} posts/s); {added:,} added, {mismatched:,} "
                  "account-weeks noted as disagreeing")
            bound = TARGETS["peak_per_file"] * max(1024, mb)
            print(f"  peak memory {peak:,.0f} MB for a {mb:,.0f} MB file (bound: 2 GB for a file up to 1 GB, twice the "
                  f"file above; {_verdict(peak, bound)} MB)")
        big, version, page_peak = in_child(_page, root, repeat)
        target = TARGETS["warm_10m_s"]
        print(f"内容 page over {n + 50_600:,} posts (posts version {version}), page process peak {page_peak:,.0f} MB:")
        for name, (cold, warm) in big.items():
            print(f"  {name:<16} cold {cold:6.2f} s   warm {warm:6.3f} s   (at 10M posts {_verdict(warm, target)})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
