"""Upload a hostile GeoJSON through the real file input, add it as a layer, hover it: nothing runs,
the layer is in the catalog and on the map, and it is still there after a server restart.

Each test runs its own app servers on a private workspace (``ZQ_WORKSPACE``), so imports never
leak into the session's shared ``app_server``; a "restart" is a second server on the same
workspace.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from .conftest import REPO_ROOT, _free_port, _healthy, _is_local, _stop, wait_for_map

pytestmark = pytest.mark.browser

LAYER_NAME = "敌意测试图层"
IMG = '<img src=x onerror="window.__xss=1">'
TEMPLATE = "${window.__xss=2}"
BREAKOUT = "</script><script>window.__xss=3</script>"
HOSTILE_COLUMN = '<b onmouseover="window.__xss=4">col</b>'
MD_IMAGE_COLUMN = "![i](http://example.com/i.png)"  # would be fetched if rendered as Markdown
POINT = (117.5312, 36.7012)  # lon, lat: in central Zhangqiu
HOSTILE_GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": list(POINT)},
         "properties": {"name_zh": IMG, HOSTILE_COLUMN: IMG, "note": TEMPLATE, "brk": BREAKOUT,
                        "tick": "`", MD_IMAGE_COLUMN: "a"}},
        {"type": "Feature",
         "geometry": {"type": "Polygon", "coordinates": [[[117.45, 36.66], [117.48, 36.66],
                                                          [117.48, 36.68], [117.45, 36.66]]]},
         "properties": {"name_zh": BREAKOUT, HOSTILE_COLUMN: "x", "note": IMG, "brk": TEMPLATE,
                        "tick": "``", MD_IMAGE_COLUMN: "b"}},
    ],
}
NO_XSS_JS = """() => ({xss: window.__xss === undefined ? null : String(window.__xss),
  imgs: document.querySelectorAll('img[src="x"]').length})"""


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Factory: each call starts ``streamlit run app.py`` on this test's private workspace."""
    workspace = tmp_path / "workspace"
    started: list[subprocess.Popen] = []

    def start() -> str:
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        env = dict(os.environ, ZQ_WORKSPACE=str(workspace), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
                   PYTHONPATH=os.pathsep.join(p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p))
        log = open(tmp_path / f"streamlit-{port}.log", "wb")  # noqa: SIM115  (closed by the process)
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        started.append(proc)
        deadline = time.monotonic() + 60
        while not _healthy(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"app did not start: {(tmp_path / f'streamlit-{port}.log').read_text()[-2000:]}")
            time.sleep(0.2)
        return base

    yield start
    for proc in started:
        _stop(proc)


def hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "规划局交来的数据.geojson"
    path.write_text(json.dumps(HOSTILE_GEOJSON, ensure_ascii=False), encoding="utf-8")
    return path


def open_import(page):
    """Open the "导入数据" section; return its container (lookups stay inside it)."""
    page.get_by_text("导入数据", exact=True).first.click()
    panel = page.locator('[data-testid="stExpander"]').filter(has_text="导入数据").first
    panel.locator('[data-testid="stFileUploaderDropzoneInput"]').wait_for(state="attached")
    return panel


def choose_if_asked(page, panel, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox ``label`` if the app asks for it (e.g. the CRS)."""
    box = panel.get_by_label(label, exact=True)
    if box.count() and box.first.is_visible():
        box.first.click()
        page.get_by_role("option", name=option).click()


def upload_and_add(page, path: Path) -> None:
    panel = open_import(page)
    panel.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    report, ask = panel.get_by_text("检查报告"), panel.get_by_text("不会自动假定", exact=False)
    report.or_(ask).first.wait_for(timeout=60_000)
    choose_if_asked(page, panel, "坐标系", "WGS84 经纬度（EPSG:4326）")
    choose_if_asked(page, panel, "文字编码", "utf-8（自动检测结果）")
    report.wait_for(timeout=60_000)
    panel.get_by_label("图层名称（中文）").fill(LAYER_NAME)
    panel.get_by_role("button", name="添加为图层").click()
    page.get_by_text(f"已添加图层“{LAYER_NAME}”", exact=False).wait_for(timeout=60_000)


def click_until(button, shown, tries: int = 3) -> None:
    """Click ``button`` until ``shown`` appears (a click during a rerun can be swallowed)."""
    for attempt in range(tries):
        button.click()
        try:
            shown.wait_for(timeout=10_000)
            return
        except PlaywrightError:
            if attempt == tries - 1:
                raise


def assert_nothing_ran(page) -> None:
    for frame in page.frames:
        state = frame.evaluate(NO_XSS_JS)
        assert state == {"xss": None, "imgs": 0}, f"{frame.url}: {state}"


def imported_layer_id(frame) -> str:
    handle = frame.wait_for_function(
        "() => window.ZQ && Object.keys(ZQ.layers).find(k => k.startsWith('imp_')"
        " && ZQ.map.hasLayer(ZQ.layers[k].layer) && ZQ.layers[k].layer.getLayers().length === 2)",
        timeout=30_000)
    return handle.json_value()


def hover_point(page, frame) -> str:
    """Move the mouse onto the imported point and return its tooltip's text, then click it."""
    frame.evaluate(f"() => ZQ.map.setView([{POINT[1]}, {POINT[0]}], 14, {{animate: false}})")
    page.wait_for_timeout(1000)  # the new view goes to the URL; let that settle
    iframe = page.locator('iframe[title*="st_folium"]').first
    iframe.scroll_into_view_if_needed()  # the page was scrolled down to the import section
    tip = frame.locator(".leaflet-tooltip.zq-tooltip").filter(has_text="window.__xss=1").first
    for _ in range(5):
        xy = frame.evaluate(f"() => {{ const p = ZQ.map.latLngToContainerPoint([{POINT[1]}, {POINT[0]}]);"
                            " return [p.x, p.y]; }")
        box = iframe.bounding_box()
        x, y = box["x"] + xy[0], box["y"] + xy[1]
        page.mouse.move(x - 8, y - 8)
        page.mouse.move(x, y, steps=5)
        try:
            tip.wait_for(state="visible", timeout=3_000)
            break
        except PlaywrightError:
            continue
    text = tip.inner_text()
    page.mouse.click(x, y)  # the record panel shows it too
    return text


def test_hostile_upload_is_shown_as_text(servers, page, tmp_path):
    base = servers()
    page.goto(base + "/?tool=data")
    wait_for_map(page)
    upload_and_add(page, hostile_file(tmp_path))
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("导入图层").wait_for()
    checkbox = sidebar.get_by_label(LAYER_NAME)
    assert checkbox.is_checked()
    frame = wait_for_map(page)
    assert imported_layer_id(frame).startswith("imp_")
    tip = hover_point(page, frame)
    assert IMG in tip and HOSTILE_COLUMN in tip  # the characters, shown literally
    page.wait_for_timeout(1500)  # the click reruns the app: give a payload every chance to run
    assert_nothing_ran(page)
    assert "imp_" in page.url  # the shareable URL lists the layer
    assert not page.js_errors, page.js_errors


def test_imported_layer_survives_restart_and_removal_asks_first(servers, page, browser, tmp_path):
    page.goto(servers() + "/?tool=data")
    wait_for_map(page)
    upload_and_add(page, hostile_file(tmp_path))
    restarted = servers()  # a second server on the same workspace: the app restarted
    fresh = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    blocked: list[str] = []
    fresh.route("**/*", lambda route: route.continue_() if _is_local(route.request.url)
                else (blocked.append(route.request.url), route.abort("blockedbyclient")))
    try:
        again = fresh.new_page()
        again.goto(restarted + "/?tool=data")
        frame = wait_for_map(again)
        assert imported_layer_id(frame).startswith("imp_")
        sidebar = again.locator('[data-testid="stSidebar"]')
        assert sidebar.get_by_label(LAYER_NAME).is_checked()
        panel = open_import(again)
        click_until(panel.get_by_role("button", name="删除"),
                    again.get_by_text(f"确定删除图层“{LAYER_NAME}”", exact=False))
        assert sidebar.get_by_label(LAYER_NAME).count() == 1  # asking removed nothing
        panel.get_by_role("button", name="确认删除").click()
        again.get_by_text(f"已删除图层“{LAYER_NAME}”", exact=False).wait_for(timeout=30_000)
        assert sidebar.get_by_label(LAYER_NAME).count() == 0
        assert_nothing_ran(again)
        assert not blocked, blocked
    finally:
        fresh.close()
