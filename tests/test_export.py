"""Exports: real images of the right size with Chinese rendered by a CJK font, PPTX decks that open,
CSV and XLSX that keep Chinese and never turn a name into a formula, all working offline."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from PIL import Image

from analytics.output import export
from analytics.output.figures import style
from analytics.pages import render
from analytics.pages.link import Link
from analytics.query.filters import Filters

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not shutil.which("chromium"), reason="chart export needs Debian's chromium")


@pytest.fixture(scope="module")
def overview_deck(small_engine):
    return render.deck(small_engine, "overview", Link(), scale=1.35)


def ink(png: bytes, box=None) -> int:
    im = Image.open(io.BytesIO(png)).convert("L")
    if box:
        im = im.crop(box)
    return int((np.asarray(im) < 200).sum())


@pytest.mark.parametrize("size, dims", [("1080p", (1920, 1080)), ("720p", (1280, 720))])
def test_png_is_a_real_image_of_the_right_size(overview_deck, size, dims):
    png = export.image(overview_deck.slides[1].figure, "png", size)
    im = Image.open(io.BytesIO(png))
    assert im.format == "PNG" and im.size == dims
    colours = np.unique(np.asarray(im.convert("RGB")).reshape(-1, 3), axis=0)
    assert len(colours) > 20 and ink(png) > 1000


def test_chinese_renders_with_a_cjk_font():
    first = style.FONT_FAMILY.split(",")[0].strip()
    matched = subprocess.run(["fc-match", "-f", "%{family}", first], capture_output=True, text=True).stdout
    assert "Noto Sans CJK" in matched, matched
    covering = subprocess.run(["fc-list", ":charset=653f 52a1 65b0 5a92 4f53", "family"], capture_output=True, text=True).stdout
    assert first in covering
    fig = style.base("政务新媒体数据看板", height=720)
    fig.add_bar(x=["微博", "微信"], y=[1, 2])
    png = export.image(fig, "png", "720p")
    assert ink(png, (0, 0, 600, 70)) > 300  # the Chinese title drew glyphs, not an empty strip


def test_svg(overview_deck):
    svg = export.image(overview_deck.slides[2].figure, "svg", "1080p").decode("utf-8")
    assert svg.lstrip().startswith("<svg") and "账号数" in svg and "Noto Sans CJK SC" in svg


def test_pptx_opens_with_title_chart_slides_and_notes(small_engine):
    from pptx import Presentation

    decks = [render.deck(small_engine, p, Link()) for p in ("overview", "compliance")]
    prs = Presentation(io.BytesIO(export.pptx_bytes(decks)))
    assert round(prs.slide_width / prs.slide_height, 3) == round(16 / 9, 3)
    slides = list(prs.slides)
    assert len(slides) == sum(len(d.slides) + 1 for d in decks)
    texts = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame and sh.text_frame.text] for s in slides]
    assert texts[0][0] == "总览" and "数据截至 2024-07-10" in texts[0][2] and "数据版本 0" in texts[0][2]
    chart = slides[2]
    assert texts[2][0] == "各平台粉丝规模" and any(sh.shape_type == 13 for sh in chart.shapes)  # a picture
    assert texts[2][-1].startswith("2024年7月粉丝数 7500")
    assert "数据来源" in chart.notes_slide.notes_text_frame.text
    compliance_title = len(decks[0].slides) + 1
    assert texts[compliance_title][0] == "合规"
    assert "14 天" in slides[compliance_title + 1].notes_slide.notes_text_frame.text


def test_csv_round_trips_chinese_with_a_bom():
    df = pd.DataFrame({"账号名称": ["中国警方在线", "浙有正能量"], "粉丝数": [5015717, 8600000]})
    data = export.csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back.equals(df)


@pytest.mark.parametrize("hostile", ["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_formula_looking_names_are_neutralised(hostile):
    df = pd.DataFrame({"账号名称": [hostile, "正常账号"], "粉丝数": [1, 2]})
    csv = pd.read_csv(io.BytesIO(export.csv_bytes(df)), encoding="utf-8-sig", keep_default_na=False)
    assert csv["账号名称"][0] == "'" + hostile
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"t": df})))
    cell = book.active["A2"]
    assert cell.value == "'" + hostile and cell.data_type == "s"


def test_xlsx_header_frozen_panes_and_formats():
    df = pd.DataFrame({"省份": ["浙江", "山西"], "粉丝数": [1760, 240], "share": [0.88, 0.12],
                       "日期": pd.to_datetime(["2024-07-10", "2024-07-03"])})
    sheet = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"地区": df})))["地区"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold and sheet["A2"].value == "浙江"
    assert sheet["B2"].number_format == "#,##0" and sheet["C2"].number_format == "0.0%"
    assert sheet["D2"].number_format == "yyyy-mm-dd"


def test_file_names_carry_page_filters_and_date():
    import datetime as dt

    from analytics.output.describe import slug

    f = Filters(provinces=("浙江",), platforms=("douyin",), start=dt.date(2019, 2, 28), end=dt.date(2019, 3, 6))
    assert export.file_name("rankings", slug(f), "pptx", dt.date(2026, 6, 24)) == \
        "govmedia_rankings_浙江_douyin_2019-02-28~2019-03-06_2026-06-24.pptx"


@pytest.mark.slow
def test_export_works_without_network(tmp_path, sample_store):
    if not shutil.which("unshare") or subprocess.run(["unshare", "-rn", "true"]).returncode:
        pytest.skip("network namespaces are not available here")
    out = tmp_path / "overview.png"
    cmd = ["unshare", "-rn", sys.executable, "-m", "analytics", "export", "--page", "overview", "--format", "png",
           "--slide", "2", "--out", str(out), "--data-dir", str(sample_store.root), "--lang", "en"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "GOVMEDIA_SEED": "0"})
    assert done.returncode == 0, done.stderr[-2000:]
    im = Image.open(out)
    assert im.size == (1920, 1080) and "wrote" in done.stdout
    check = subprocess.run(["unshare", "-rn", sys.executable, "-c",
                            "import socket; socket.create_connection(('pypi.org', 443), timeout=3)"],
                           capture_output=True, text=True)
    assert check.returncode != 0  # the export above really ran without a network
