"""The 通报 of an inspection round: its parts and numbers read back with python-docx, account names written
as text (markup stays literal), and the document rendered by LibreOffice with the Chinese intact."""

import datetime as dt
import io
import shutil
import subprocess

import pytest
from docx import Document
from test_rounds import engine  # noqa: F401  (the hand-made rounds' fixture)

from analytics.output import notice
from analytics.supervision import rounds


def _text(data: bytes) -> tuple[str, list]:
    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for p in doc.paragraphs), doc.tables


def _notice(engine, quarter="2024Q2", **kwargs):  # noqa: F811
    record = rounds.latest(engine.store.root, quarter)
    prior = rounds.latest(engine.store.root, rounds.previous_quarter(quarter))
    before = float(rounds.results(engine.store.root, prior)["passed"].mean()) if prior else None
    return notice.notice_bytes(record.quarter, record.check_date, record.share, rounds.results(engine.store.root, record),
                               rounds.recheck(engine.store.root, record), before, deadline=dt.date(2024, 8, 31), **kwargs)


def test_the_notice_has_the_parts_and_numbers_of_the_round(engine):  # noqa: F811
    rounds.open_round(engine, "2024Q1", user="王分析")
    rounds.open_round(engine, "2024Q2", user="王分析")
    text, tables = _text(_notice(engine, issuer="浙江省政务公开办"))
    assert text.startswith("关于2024年第二季度全国政务新媒体检查情况的通报\n浙江省政务公开办")
    for part in ("一、总体情况", "二、主要问题", "三、复查情况", "四、整改要求"):
        assert part in text
    # 2024Q2: 42 accounts report on 06-26 (gone closed); only the zombie fails. 2024Q1: 40 of 43 passed.
    assert "共检查政务新媒体 42 个，合格 41 个，不合格 1 个，合格率 97.6%，较上季度（93.0%）上升 4.6 个百分点" in text
    assert "（一）监测时间点前2周内无更新。名zombie（微博），共 1 个账号。" in text
    assert "（三）被列为僵尸号后仍未关停。名zombie（微博），共 1 个账号。" in text
    assert "上季度检查发现的 3 个不合格账号中，已整改 1 个，已关停 1 个，仍未整改 1 个。" in text
    assert "于 2024年8月31日前" in text
    annex = tables[0]
    assert [c.text for c in annex.rows[0].cells] == ["序号", "地区", "运营主体", "账号名称", "平台", "最近发布", "未更新天数", "问题"]
    assert [c.text for c in annex.rows[1].cells][3:] == ["名zombie", "微博", "从未发布", "266",
                                                      "2周内无更新；僵尸号；列为僵尸号后未关停"]
    rpr = Document(io.BytesIO(_notice(engine))).paragraphs[0].runs[0]._element.rPr
    assert rpr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "黑体"


def test_one_province_and_a_quarter_without_a_previous_round(engine):  # noqa: F811
    rounds.open_round(engine, "2024Q1", user="王分析")
    text, tables = _text(_notice(engine, "2024Q1", province="广东"))
    assert "关于2024年第一季度广东省政务新媒体检查情况的通报" in text and "上季度无检查记录" in text
    assert "本次检查未发现不合格账号" in text and len(tables[0].rows) == 1


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler are installed by scripts/test.sh")
def test_libreoffice_renders_the_notice_with_its_chinese(engine, tmp_path):  # noqa: F811
    rounds.open_round(engine, "2024Q1", user="王分析")
    rounds.open_round(engine, "2024Q2", user="王分析")
    path = tmp_path / "notice.docx"
    path.write_bytes(_notice(engine))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "notice.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = "".join(text.split())
    assert "关于2024年第二季度全国政务新媒体检查情况的通报" in flat
    assert "名zombie（微博）" in flat and "被列为僵尸号后仍未关停" in flat and "附件" in flat


def test_the_notice_on_the_command_line(engine, tmp_path):  # noqa: F811
    import os
    import sys
    from pathlib import Path

    from analytics.access import audit

    rounds.open_round(engine, "2024Q2", user="王分析")
    out = tmp_path / "通报.docx"
    args = [sys.executable, "-m", "analytics", "notice", "--round", "2024Q2", "--province", "浙江", "--out", str(out),
            "--data-dir", str(engine.store.root), "--lang", "en"]
    done = subprocess.run(args, cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True,
                          env={**os.environ, "GOVMEDIA_SEED": "0"}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "关于2024年第二季度浙江省政务新媒体检查情况的通报" in _text(out.read_bytes())[0]
    assert audit.read(engine.store.root, event="export")[-1]["details"]["page"] == "notice"
    args[args.index("2024Q2")] = "2023Q4"
    missing = subprocess.run(args, cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True,
                             env={**os.environ, "GOVMEDIA_SEED": "0"}, timeout=300)
    assert missing.returncode == 1 and "round open" in missing.stderr
