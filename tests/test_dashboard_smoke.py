from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def test_dashboard_reads_the_store(monkeypatch, tmp_path):
    monkeypatch.setenv("GOVMEDIA_SEED", "1")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "政务新媒体数据看板"
    assert at.metric[0].value.replace(",", "").isdigit() and int(at.metric[0].value.replace(",", "")) > 2400
