"""The benchmarks keep working (their figures are read by people, never asserted on)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.benchmark
@pytest.mark.slow
def test_benchmark_runs_at_a_small_size(tmp_path):
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from analytics import settings

    # A tenth of the sample's accounts with all their weeks: the same shape at a tenth of the fixed cost.
    sample = pq.read_table(settings.SAMPLE_DIR / "snapshots.parquet")
    ids = pc.unique(sample["account_id"]).to_pylist()[::10]
    base = tmp_path / "tenth.parquet"
    pq.write_table(sample.filter(pc.is_in(sample["account_id"], value_set=pa.array(ids))), base)
    out = subprocess.run([sys.executable, "-m", "bench", "--base", str(base), "all", "--rows", "40K", "--repeat", "1",
                          "--mb", "2"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, env={**os.environ, "GOVMEDIA_SEED": "0"})
    assert out.returncode == 0, out.stderr[-3000:]
    text = out.stdout
    assert "bare pyarrow.parquet.write_table" in text and "ingest new weeks onto" in text
    assert "rankings: top 10 per platform" in text and "peak memory: ours" in text
    assert "deck: whole briefing" in text and "warm app" in text
    assert "holding tenth.parquet" in text and "upload: a 2 MB parquet" in text and "compression bomb (strings, no dictionary) refused in" in text
    assert "MB CSV (" in text and "MB XLSX checked in" in text
    assert "(one long value in a dictionary) refused" in text and "(a DELTA_BYTE_ARRAY column) refused" in text


@pytest.mark.benchmark
@pytest.mark.slow
def test_national_part_measures_every_page_and_view(_seeded_template):
    out = subprocess.run([sys.executable, "-m", "bench", "national", str(_seeded_template), "--repeat", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    text = out.stdout
    assert "rows in version 0" in text and "peak memory of the page process" in text
    for page in ("overview", "trends", "mix", "growth", "rankings", "regions", "matrix", "compliance", "account"):
        assert f"\n  {page} " in text, page
    assert "account search" in text and "peak memory of the view process" in text


@pytest.mark.benchmark
@pytest.mark.slow
def test_national_part_loads_weeks_and_times_one_more(tmp_path):
    import datetime as dt

    from sample_data import national

    weeks = tmp_path / "weeks"
    national.write(2_000, dt.date(2024, 1, 3), dt.date(2024, 3, 27), weeks)
    root = tmp_path / "data"
    args = [sys.executable, "-m", "bench", "national", str(root), "--load", str(weeks), "--repeat", "1",
            "--next-week", "--accounts", "2000"]
    out = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "loaded 13 weeks" in out.stdout and "one more week (2024-04-03" in out.stdout
    assert "rows in version 13 (14 files)" in out.stdout
    again = subprocess.run(args[:9], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert "loaded 0 weeks" in again.stdout and "rows in version 13" in again.stdout  # nothing loaded twice


@pytest.mark.benchmark
@pytest.mark.slow
def test_durability_benchmark_times_verify_backup_and_restore(tmp_path):
    out = subprocess.run([sys.executable, "-m", "bench", "durability", "--rows", "30K"], cwd=ROOT, capture_output=True,
                         text=True, timeout=600, env={**os.environ, "GOVMEDIA_SEED": "0"})
    assert out.returncode == 0, out.stderr[-3000:]
    assert "backup --incremental (nothing changed)" in out.stdout and "restore-backup" in out.stdout
    assert "problems: start check 0, verify 0, restored 0" in out.stdout and "incremental copied 0" in out.stdout


@pytest.mark.benchmark
@pytest.mark.slow
def test_posts_benchmark_runs_at_a_small_size():
    out = subprocess.run([sys.executable, "-m", "bench", "posts", "--posts", "5K", "--repeat", "1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, env={**os.environ, "GOVMEDIA_SEED": "0"})
    assert out.returncode == 0, out.stderr[-3000:]
    text = out.stdout
    assert "内容 page over the sample's posts" in text and "seed week, 抖音" in text
    assert "upload 1 of 5,000 posts" in text and "word cutting" in text and "peak memory" in text
    assert "内容 page over 55,600 posts" in text
