"""`python -m analytics posts …` and `export --page content` as an operator types them."""

from __future__ import annotations

import json

import posts_data as pdata
from cli import run
from factory import parquet_bytes

from analytics.access import audit, directory
from analytics.access.scope import Scope


def _stores(tmp_path):
    data = tmp_path / "d"
    snapshots = tmp_path / "s.parquet"
    snapshots.write_bytes(parquet_bytes(pdata.snapshots()))
    assert run("ingest", str(snapshots), "--data-dir", str(data)).returncode == 0
    return data


def _file(tmp_path, df, name="posts.csv"):
    path = tmp_path / name
    path.write_bytes(pdata.csv_bytes(df))
    return path


def test_posts_ingest_versions_restore_stats(tmp_path):
    data = _stores(tmp_path)
    first = _file(tmp_path, pdata.posts_frame().iloc[:6], "a.csv")
    second = _file(tmp_path, pdata.posts_frame().iloc[6:], "b.csv")
    dry = run("posts", "ingest", str(first), "--dry-run", "--data-dir", str(data), "--lang", "en")
    assert dry.returncode == 0 and "Dry run" in dry.stdout and "Posts new 6" in dry.stdout
    assert json.loads(run("posts", "versions", "--json", "--data-dir", str(data)).stdout) == []
    done = run("posts", "ingest", str(first), str(second), "--data-dir", str(data), "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "committed as posts version 1" in done.stdout
    assert run("posts", "ingest", str(first), "--data-dir", str(data), "--lang", "en").returncode == 0  # nothing to do
    versions = json.loads(run("posts", "versions", "--json", "--data-dir", str(data)).stdout)
    assert [(v["version"], v["rows_added"]) for v in versions] == [(1, 5), (0, 6)]
    stats = json.loads(run("posts", "stats", "--json", "--data-dir", str(data)).stdout)
    assert (stats["version"], stats["posts"], stats["accounts"]) == (1, 11, 5)
    assert stats["reads"] == sum(p[4] for p in pdata.POSTS)
    assert stats["first_published"] == "2024-06-20 09:15:00" and stats["last_published"] == "2024-07-08 07:59:00"
    douyin = json.loads(run("posts", "stats", "--json", "--platform", "抖音", "--start", "2024-07-01", "--end",
                            "2024-07-03", "--data-dir", str(data)).stdout)
    assert (douyin["posts"], douyin["reads"], douyin["likes"]) == (3, 390000, 17100)
    one = json.loads(run("posts", "stats", "--json", "--account", "weibo:x", "--data-dir", str(data)).stdout)
    assert one["posts"] == 3 and one["shares"] == 8
    assert run("posts", "stats", "--account", "x", "--data-dir", str(data)).returncode == 2
    restored = run("posts", "restore", "0", "--data-dir", str(data), "--lang", "en")
    assert restored.returncode == 0 and "as new version 2" in restored.stdout
    assert json.loads(run("posts", "stats", "--json", "--data-dir", str(data)).stdout)["posts"] == 6
    uploads = [e["details"]["version"] for e in audit.read(data, event="posts_upload") if e["outcome"] == "ok"]
    assert uploads == [0, 1, None]  # the file again: recorded, nothing written
    assert [e["details"]["restored"] for e in audit.read(data, event="posts_restore")] == [0]


def test_a_rejected_posts_file_exits_2_and_stores_nothing(tmp_path):
    data = _stores(tmp_path)
    df = pdata.posts_frame()
    df.loc[0, "账号ID"] = "nobody"
    done = run("posts", "ingest", str(_file(tmp_path, df)), "--data-dir", str(data), "--lang", "en")
    assert done.returncode == 2 and "not in the snapshots" in done.stdout and "Weibo:nobody (1)" in done.stdout
    assert json.loads(run("posts", "versions", "--json", "--data-dir", str(data)).stdout) == []


def test_posts_ingest_as_a_scoped_analyst(tmp_path):
    data, secrets = _stores(tmp_path), tmp_path / "secrets.toml"
    directory.set_user(secrets, "zj", "analyst", Scope(provinces=("浙江",)), password="zj-password")
    everything = _file(tmp_path, pdata.posts_frame())
    refused = run("posts", "ingest", str(everything), "--data-dir", str(data), "--as", "zj", "--secrets", str(secrets),
                  "--lang", "en")
    assert refused.returncode == 2 and "outside your scope" in refused.stdout
    own = pdata.posts_frame()
    own = _file(tmp_path, own[own["账号ID"].isin(["x", "v"])], "own.csv")
    done = run("posts", "ingest", str(own), "--data-dir", str(data), "--as", "zj", "--secrets", str(secrets))
    assert done.returncode == 0, done.stdout
    versions = json.loads(run("posts", "versions", "--json", "--data-dir", str(data)).stdout)
    assert versions[0]["user"].endswith(" as zj") and versions[0]["scope"]


def test_export_of_the_content_page(tmp_path, sample_store):
    import openpyxl

    out = tmp_path / "content.xlsx"
    done = run("export", "--page", "content", "--format", "xlsx", "--out", str(out), "--data-dir", str(sample_store.root),
               "--start", "2019-02-28", "--end", "2019-03-06", "--platform", "douyin", "--board", "douyin")
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out)
    leaders = next(s for s in book.worksheets if [c.value for c in s[1]][:3] == ["排名", "账号名称", "作品数"])
    assert sum(row[2].value for row in leaders.iter_rows(min_row=2)) == 240
    deck = tmp_path / "content.pptx"
    assert run("export", "--page", "content", "--format", "pptx", "--out", str(deck), "--data-dir",
               str(sample_store.root)).returncode == 0
    assert deck.stat().st_size > 10_000
