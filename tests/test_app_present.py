"""Presentation mode and the export menu, as a user sees them."""

import time

from apptest import figures, open_app


def markdown(at) -> str:
    return " ".join(m.value for m in at.markdown)


def query(at):
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def test_presentation_from_a_link_opens_at_the_slide(app_read):
    at = open_app({"present": "1", "slide": "2", "province": "浙江"})
    text = markdown(at)
    assert "各平台粉丝规模" in text and "浙江" in text and "数据截至 2026-06-24" in text
    assert "2 / 4" in text and len(figures(at)) == 1
    assert "display: none" in text  # sidebar and chrome hidden
    assert not at.title  # no page title: the slide fills the screen


def test_next_previous_and_the_url(app_read):
    at = open_app({"present": "1"})
    assert "1 / 4" in markdown(at)
    next(b for b in at.button if b.key == "present_next").click().run()
    assert "2 / 4" in markdown(at) and query(at)["slide"] == ["2"] and query(at)["present"] == ["1"]
    next(b for b in at.button if b.key == "present_prev").click().run()
    assert "1 / 4" in markdown(at)
    assert next(b for b in at.button if b.key == "present_prev").disabled


def test_dark_option_and_exit(app_read):
    at = open_app({"present": "1"})
    next(b for b in at.button if b.key == "present_theme").click().run()
    assert query(at)["theme"] == ["dark"]
    assert figures(at)[0]["layout"]["template"]["layout"]["paper_bgcolor"] == "#0E1117"
    next(b for b in at.button if b.key == "present_exit").click().run()
    assert at.title[0].value == "总览" and "present" not in query(at)


def test_presentation_per_page(app_read):
    at = open_app({"present": "1", "start": "2019-02-28", "end": "2019-03-06", "platform": "douyin"}, page="rankings")
    assert "抖音政务账号榜单 · 2019-02-28 至 2019-03-06" in markdown(at)
    assert "抖音榜首：浙有正能量（DCI 1423.0）" in markdown(at)


def test_export_menu_builds_a_deck(app_read):
    at = open_app(page="compliance")
    next(b for b in at.button if b.key == "export_page_compliance").click().run()
    assert not at.exception, [e.value for e in at.exception]
    for _ in range(240):  # the deck is built on an export worker; the page shows its place, then its progress
        downloads = [d for d in at.get("download_button") if "export_page_compliance_dl" in str(d.proto.id)]
        if downloads:
            break
        assert any("排队等待生成" in i.value for i in at.info) or at.get("progress"), "no sign of the build"
        time.sleep(0.5)
        at.run()
    assert downloads and not at.exception
