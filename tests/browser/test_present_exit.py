"""Leaving the slideshow: the exit button and Esc go back to the explorer, with the same view.

The map's iframe is sandboxed without ``allow-top-navigation``: a ``top.location`` write from it
is refused.  These tests click and press in a real browser and check where the page lands.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from .conftest import wait_for_map

VIEW_JS = "() => { const c = ZQ.map.getCenter(); return [c.lat, c.lng, ZQ.map.getZoom()]; }"


def _explorer_frame(page):
    page.wait_for_function("() => !new URL(location.href).searchParams.get('mode')", timeout=15_000)
    page.locator("h1").filter(has_text="章丘规划一张图").first.wait_for(timeout=30_000)
    frame = wait_for_map(page)
    frame.wait_for_function("() => window.ZQ && ZQ.map && !document.querySelector('.zq-slideshow')")
    return frame


def _near(view, lat, lng, zoom):
    return abs(view[0] - lat) < 2e-3 and abs(view[1] - lng) < 2e-3 and view[2] == zoom


def test_exit_button_returns_to_the_explorer_at_the_links_view(page, app_server):
    page.goto(f"{app_server}/?mode=present&scene=3&lang=zh&v=36.69000,117.51000,12",
              wait_until="domcontentloaded")
    frame = wait_for_map(page)
    frame.wait_for_selector('.leaflet-container[data-zq-settled="3"]', state="attached", timeout=15_000)
    frame.locator(".zq-sl-exit").click()
    frame = _explorer_frame(page)
    query = parse_qs(urlsplit(page.url).query)
    assert "mode" not in query and "scene" not in query
    assert _near(frame.evaluate(VIEW_JS), 36.69, 117.51, 12)
    assert not page.js_errors


def test_esc_returns_to_the_explorer_with_the_view_it_had(page, app_server):
    page.goto(f"{app_server}/?tool=present&lang=zh", wait_until="domcontentloaded")
    frame = wait_for_map(page)
    frame.wait_for_function("() => window.ZQ && ZQ.map")
    frame.evaluate("() => ZQ.map.setView([36.7, 117.55], 13, {animate: false})")
    page.wait_for_function("() => window.__zqView && window.__zqView[2] === 13")
    page.get_by_text("演示模式与会议导出").click()
    page.get_by_role("button", name="▶ 开始演示").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('mode') === 'present'")
    frame = wait_for_map(page)
    frame.wait_for_selector('.leaflet-container[data-zq-settled="1"]', state="attached", timeout=15_000)
    page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); }")
    page.keyboard.press("Escape")  # on the Streamlit page around the map
    frame = _explorer_frame(page)
    assert _near(frame.evaluate(VIEW_JS), 36.7, 117.55, 13)
    assert parse_qs(urlsplit(page.url).query).get("tool") == ["present"]
    assert not page.js_errors


def test_esc_inside_the_map_closes_the_layer_box_first_then_exits(page, app_server):
    page.goto(f"{app_server}/?mode=present&scene=2&lang=zh", wait_until="domcontentloaded")
    frame = wait_for_map(page)
    frame.wait_for_selector('.leaflet-container[data-zq-settled="2"]', state="attached", timeout=15_000)
    frame.locator(".zq-sl-layers-btn").click()
    assert frame.locator(".zq-sl-layerbox").is_visible()
    frame.locator(".zq-sl-title").click()  # focus inside the map's own window
    page.keyboard.press("Escape")
    assert frame.locator(".zq-sl-layerbox").is_hidden()
    assert "mode=present" in page.url
    page.keyboard.press("Escape")
    _explorer_frame(page)
    assert not page.js_errors
