"""Presenter mode in a real browser: keyboard stepping in the app, and the exported HTML opened
from file:// with every network request blocked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import wait_for_map, wait_for_painted_vectors

SCENE_JS = """() => { const c = document.querySelector('.leaflet-container');
  const m = ZQ.map.getCenter();
  return {scene: c.dataset.zqScene, settled: c.dataset.zqSettled, shown: Number(c.dataset.zqShown),
          title: document.querySelector('.zq-sl-title').textContent,
          caption: document.querySelector('.zq-sl-caption').textContent,
          counter: document.querySelector('.zq-sl-counter').textContent,
          lat: m.lat, lng: m.lng, zoom: ZQ.map.getZoom()}; }"""


@pytest.fixture(scope="module")
def cat_frames():
    from layers import assets_inline
    from layers.load import load_layer
    from layers.registry import CATALOG

    yield CATALOG, {s.id: load_layer(s) for s in CATALOG.layers}
    for cached in (assets_inline._data_uri, assets_inline._inlined_css, assets_inline._inlined_js):
        cached.cache_clear()  # export_html cached the real files; other tests swap STATIC_DIR


def settled(frame, n: int) -> dict:
    frame.wait_for_selector(f'.leaflet-container[data-zq-settled="{n}"]', state="attached",
                            timeout=15_000)
    return frame.evaluate(SCENE_JS)


def test_keyboard_steps_scenes_and_the_view_and_caption_follow(page, app_server, tmp_path):
    page.goto(f"{app_server}/?mode=present&scene=1&lang=zh", wait_until="domcontentloaded")
    frame = wait_for_map(page)
    first = settled(frame, 1)
    assert first["counter"] == "1 / 11" and first["title"] == "章丘区2024年规划总览"
    expect(page.locator('header[data-testid="stHeader"]')).to_be_hidden()
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    box = page.locator('iframe[title*="st_folium"]').first.bounding_box()
    assert box and box["height"] >= 850, "the map fills the window"
    seen = [first]
    # focus on the Streamlit page itself (keys then go to the parent document)
    page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); }")
    for key, n in (("ArrowRight", 2), ("PageDown", 3)):
        page.keyboard.press(key)
        seen.append(settled(frame, n))
        if n == 2:
            page.screenshot(path=str(Path(os.environ.get("ZQ_SHOTS", tmp_path)) / "present-2.png"))
    frame.locator(".zq-sl-title").click()  # focus inside the map's own window
    page.keyboard.press("PageUp")
    back = settled(frame, 2)
    assert [s["counter"] for s in seen] == ["1 / 11", "2 / 11", "3 / 11"]
    assert len({s["caption"] for s in seen}) == 3 and len({s["title"] for s in seen}) == 3
    assert len({(round(s["lat"], 3), round(s["lng"], 3), s["zoom"]) for s in seen}) == 3, seen
    assert back["caption"] == seen[1]["caption"] and back["title"] == seen[1]["title"]
    assert abs(back["lat"] - seen[1]["lat"]) < 1e-3 and abs(back["lng"] - seen[1]["lng"]) < 1e-3
    assert seen[1]["shown"] < first["shown"], "the action scene filters the features"
    page.wait_for_function("() => new URL(location.href).searchParams.get('scene') === '2'")
    assert not page.js_errors


def test_exported_html_works_from_file_with_no_network(browser, tmp_path, cat_frames):
    from layers.scenes_builtin import shipped_scenes
    from layers.scenes_map import export_html

    cat, frames = cat_frames
    path = tmp_path / "slideshow.html"
    path.write_text(export_html(frames, cat, shipped_scenes(), "zh"), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    requested: list[str] = []

    def block(route):  # every network request: only the file itself and inline data: URIs load
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            requested.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", block)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(path.as_uri())
        frame = page.main_frame
        first = settled(frame, 1)
        assert first["shown"] > 0 and first["title"] == "章丘区2024年规划总览"
        assert wait_for_painted_vectors(frame) > 100, "features drawn on the canvas"
        page.keyboard.press("ArrowRight")
        second = settled(frame, 2)
        assert second["caption"] != first["caption"] and second["zoom"] != first["zoom"]
        assert page.url.endswith("#scene=2")
        # layer toggle: switch the firms off in the layers panel
        page.locator(".zq-sl-layers-btn").click()
        page.locator('.zq-sl-layer input[value="firms"]').uncheck()
        assert not page.evaluate("() => ZQ.map.hasLayer(ZQ.layers.firms.layer)")
        page.locator('.zq-sl-layer input[value="firms"]').check()
        # tooltip on a firm
        pt = page.evaluate("""() => { const l = ZQ.layers.firms.layer.getLayers().find(x => !x._zqHidden);
            const p = ZQ.map.latLngToContainerPoint(l.getLatLng()); return [p.x, p.y]; }""")
        page.mouse.move(pt[0], pt[1], steps=3)
        page.wait_for_timeout(60)
        page.mouse.move(pt[0] + 0.5, pt[1])
        expect(page.locator(".zq-tooltip").first).to_be_visible(timeout=5_000)
    finally:
        context.close()
    assert not requested, f"network requests from the exported file: {requested}"
    assert not errors
