"""Analysis tools in the real app (Chromium, offline-checked): a proximity filter combined into
the sentence and the map, a park card with its printable page, a comparison of three parks."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .zqpage import (
    RERUN_TIMEOUT,
    choose,
    hover_tooltip,
    map_state,
    open_app,
    sentence,
    shown_props,
    wait_for_map_state,
)

pytestmark = pytest.mark.browser

SDU = "山东大学龙山校区(创新港)"
CORRIDOR = "齐鲁科创大走廊(章丘段)"
ETDZ = "明水经济技术开发区"


def grid_texts(page, tab: str) -> list[str]:
    """Every cell and header text of the data grids in one analysis tab."""
    panel = page.get_by_role("tabpanel", name=tab)
    cells = panel.get_by_test_id("stDataFrame").locator("[role=gridcell], [role=columnheader]")
    return [c.inner_text() for c in cells.all()]


def test_distance_tooltip_and_proximity_filter(page, app_server):
    """Tooltips give straight-line distances; "within 2 km of a Line 8 station" filters the map
    (fast path: same map, new indices) and the sentence says it."""
    frame = open_app(page, app_server + "/?tool=analysis")
    frame.wait_for_selector('.leaflet-container[data-zqa-ready="1"]', state="attached")
    tip = hover_tooltip(page, frame, "firms", "伊莱特")
    assert "直线距离" in tip and "距8号线站点" in tip and "位置近似±" in tip
    frame.evaluate("() => { window.__zqSame = 1; }")
    before = map_state(frame)["state"]
    choose(page, "空间条件", "距8号线站点 X 公里内")
    expect(sentence(page)).to_contain_text("距8号线站点直线 ≤ 2 公里", timeout=RERUN_TIMEOUT)
    expect(sentence(page)).to_contain_text("产业园区与平台 2/6")
    expect(sentence(page)).to_contain_text("8号线站点 14/14")  # the reference layer itself
    wait_for_map_state(frame, before)
    assert sorted(shown_props(frame, "parks", "__title")) == sorted([SDU, CORRIDOR])
    assert shown_props(frame, "firms", "__title") == []
    assert frame.evaluate("() => window.__zqSame") == 1  # the map was not rebuilt
    assert page.js_errors == []


def test_park_card_and_printable_page(page, app_server):
    open_app(page, app_server + "/?tool=analysis")
    page.get_by_role("tab", name="园区名片").click()
    choose(page, "选择园区", SDU)
    panel = page.get_by_role("tabpanel", name="园区名片")
    expect(panel.get_by_test_id("stDataFrame").locator("[role=gridcell]").filter(
        has_text="来源数据：547 公顷（8,205 亩）")).to_have_count(1, timeout=RERUN_TIMEOUT)
    texts = grid_texts(page, "园区名片")
    assert any("按近似范围计算" in t for t in texts)
    assert any(t.startswith("0 m（直线") for t in texts)  # its own outline (issue 9.6: metres)
    assert "空间关系（非归属）" in texts
    with page.expect_download() as dl:
        panel.get_by_role("button", name="下载可打印名片（HTML）").click()
    html = Path(dl.value.path()).read_text(encoding="utf-8")
    assert SDU in html and "@media print" in html and "547 公顷" in html
    assert "http://" not in html.split("<table>")[0] and "<script" not in html


def test_compare_three_parks(page, app_server):
    open_app(page, app_server + "/?tool=analysis")
    page.get_by_role("tab", name="园区对比").click()
    choose(page, "选择 2–3 个园区", SDU)
    panel = page.get_by_role("tabpanel", name="园区对比")
    expect(panel.get_by_test_id("stDataFrame").locator("[role=columnheader]").filter(
        has_text="山东大学龙山校区")).to_have_count(1, timeout=RERUN_TIMEOUT)
    texts = grid_texts(page, "园区对比")
    assert {ETDZ, "中国晶谷", SDU} <= set(texts)
    assert "面积" in texts and "企业（有来源）" in texts
    with page.expect_download() as dl:
        panel.get_by_role("button", name="下载对比表（HTML，可打印）").click()
    html = Path(dl.value.path()).read_text(encoding="utf-8")
    assert html.count("<th>") == 4 and ETDZ in html and SDU in html
