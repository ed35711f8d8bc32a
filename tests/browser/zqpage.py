"""Helpers that drive the real explorer page (app.py) in Playwright: widgets, map, sentence.

Conventions measured on Streamlit 1.67 / streamlit-folium 0.27.4:
- widget keys become classes, dots turned into dashes: ``layer.firms`` -> ``.st-key-layer-firms``;
- multiselect/selectbox are react-aria comboboxes; the list only opens reliably when the input
  was scrolled into view *before* the click (Playwright's auto-scroll during the click closes it);
- the map is the st_folium iframe (same origin): ``window.ZQ`` lives in it, and the top page can
  read ``iframe.contentWindow.ZQ`` to wait for a *rebuilt* map (language/basemap change);
- never ``time.sleep``: the request routes only run while Playwright is being called.
"""

from __future__ import annotations

import re

from playwright.sync_api import Frame, Locator, Page, expect

from .conftest import COMPONENT_IFRAME, wait_for_map

RERUN_TIMEOUT = 15_000
SENTENCE = re.compile(r"^\s*(当前显示|Shown) ·")

# The features of a layer that are drawn now.  ``getLayers()`` alone is not enough: zq.js may
# keep filtered-out canvas paths in their group, flagged ``_zqHidden`` (neither drawn nor hit).
SHOWN_FN = """const zqShown = id => { const e = ZQ.layers[id];
  if (!e || !ZQ.map.hasLayer(e.layer)) return [];
  return e.layer.getLayers().filter(l => !l._zqHidden); };"""
# (x, y) of a drawn point feature inside the iframe, or null when it is not drawn / out of view;
# ``needle`` is a substring of its title, or its row index (``__i``) when a number.
FEATURE_POINT_JS = "([layerId, needle]) => {" + SHOWN_FN + """
  const l = zqShown(layerId).find(x => typeof needle === 'number' ? x.feature.properties.__i === needle
    : String(x.feature.properties.__title).includes(needle));
  if (!l || !l.getLatLng) return null;
  const ll = l.getLatLng(), p = ZQ.map.latLngToContainerPoint(ll), s = ZQ.map.getSize();
  if (p.x < 0 || p.y < 0 || p.x > s.x || p.y > s.y) return null;
  return {x: p.x, y: p.y, lat: ll.lat, lng: ll.lng, title: l.feature.properties.__title};
}"""
SHOWN_PROPS_JS = "([layerId, prop]) => {" + SHOWN_FN + """
  return zqShown(layerId).map(l => l.feature.properties[prop]);
}"""
MAP_STATE_JS = """() => {
  const c = document.querySelector('.leaflet-container');
  const ctr = ZQ.map.getCenter();
  return {ready: c.dataset.zqReady, state: Number(c.dataset.zqState || 0),
          shown: Number(c.dataset.zqShown || -1), lat: ctr.lat, lng: ctr.lng, zoom: ZQ.map.getZoom(),
          lang: ZQ.cfg.lang, shift: ZQ.cfg.shift,
          onMap: Object.keys(ZQ.layers).filter(id => ZQ.map.hasLayer(ZQ.layers[id].layer)).sort()};
}"""
# Truthy once the iframe's map was built with the wanted cfg (lang/shift) and ZQ.apply ran.
MAP_BUILT_JS = """([sel, key, value]) => {
  const f = document.querySelector(sel);
  const w = f && f.contentWindow;
  const c = w && w.document.querySelector('.leaflet-container[data-zq-ready="1"][data-zq-state]');
  return !!(c && w.ZQ && w.ZQ.cfg && w.ZQ.cfg[key] === value);
}"""


def open_app(page: Page, url: str) -> Frame:
    """Open the app and return the map frame once the plan is drawn (ZQ.apply has run)."""
    page.goto(url, wait_until="domcontentloaded")
    frame = wait_for_map(page)
    frame.wait_for_selector('.leaflet-container[data-zq-ready="1"][data-zq-state]',
                            state="attached", timeout=RERUN_TIMEOUT)
    expect(sentence(page)).to_be_visible(timeout=RERUN_TIMEOUT)
    return frame


def wait_idle(page: Page, timeout: float = RERUN_TIMEOUT) -> None:
    """Wait until no script run is in progress (Streamlit shows its status widget while running).

    A button clicked while another rerun is starting (e.g. the map component reporting its first
    value) can have its click superseded by that rerun; tests click when the page is idle."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)


def click_until(page: Page, button: Locator, done: Locator, tries: int = 3,
                each: float = 15_000) -> None:
    """Click ``button`` once the page is idle; click again if neither ``done`` shows nor the
    button goes away within ``each`` ms (a click lost to a concurrent rerun)."""
    for _ in range(tries):
        wait_idle(page, 60_000)
        button.click()
        try:
            expect(done.or_(page.get_by_role("progressbar"))).to_be_visible(timeout=each)
            return
        except AssertionError:
            if not button.is_visible():
                return
    raise AssertionError(f"clicking {button} {tries} times did not start it")


def map_frame(page: Page) -> Frame:
    frame = page.locator(COMPONENT_IFRAME).first.element_handle().content_frame()
    assert frame is not None
    return frame


def wait_for_rebuilt_map(page: Page, key: str, value: str) -> Frame:
    """After a language/basemap change: the (new) map frame whose ``ZQ.cfg[key] == value``."""
    page.wait_for_function(MAP_BUILT_JS, arg=[COMPONENT_IFRAME, key, value], timeout=RERUN_TIMEOUT)
    return map_frame(page)


def map_state(frame: Frame) -> dict:
    return frame.evaluate(MAP_STATE_JS)


def wait_for_map_state(frame: Frame, after: int) -> dict:
    """Wait until ZQ.apply ran again (``data-zq-state`` > ``after``) and return the new state."""
    frame.wait_for_function(
        "n => Number(document.querySelector('.leaflet-container').dataset.zqState) > n",
        arg=after, timeout=RERUN_TIMEOUT,
    )
    return map_state(frame)


def wait_for_param(page: Page, key: str, value: str | None) -> None:
    """Wait until the address bar's ``key`` parameter is ``value`` (None: absent); the URL is
    updated by a message that may land after the rerun's elements."""
    page.wait_for_function("([k, v]) => new URL(location.href).searchParams.get(k) === v",
                           arg=[key, value], timeout=RERUN_TIMEOUT)


def sentence(page: Page) -> Locator:
    """The line under the map: "当前显示 · 显示（…）：龙头企业 4/4、…" / "Shown · Showing …"."""
    return page.get_by_test_id("stMarkdownContainer").filter(has_text=SENTENCE).first


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the multiselect/selectbox labelled ``label`` (through the UI)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")  # close a multiselect's list (a selectbox closes by itself)


def toggle_checkbox(page: Page, key: str) -> None:
    """Click the checkbox whose widget key is ``key`` (e.g. ``layer.metro8_stations``)."""
    label = page.locator(f".st-key-{key.replace('.', '-')} label").first
    label.scroll_into_view_if_needed()
    label.click()


def shown_props(frame: Frame, layer_id: str, prop: str) -> list:
    """``prop`` of every feature of ``layer_id`` drawn now (none when the layer is off)."""
    return frame.evaluate(SHOWN_PROPS_JS, [layer_id, prop])


def feature_point(page: Page, frame: Frame, layer_id: str,
                  needle: str | int) -> tuple[float, float]:
    """Page coordinates of the drawn point feature of ``layer_id`` whose title contains
    ``needle`` (or whose row index is ``needle``)."""
    pt = frame.evaluate(FEATURE_POINT_JS, [layer_id, needle])
    assert pt, f"{layer_id}: no visible point feature titled like {needle!r}"
    box = page.locator(COMPONENT_IFRAME).first.bounding_box()
    assert box
    return box["x"] + pt["x"], box["y"] + pt["y"]


def feature_latlng(frame: Frame, layer_id: str, needle: str) -> tuple[float, float]:
    """(lat, lng) of that feature as drawn on the map (shifted when the basemap is GCJ-02)."""
    ll = frame.evaluate(
        "([id, n]) => { const l = ZQ.layers[id].layer.getLayers().find("
        "x => String(x.feature.properties.__title).includes(n));"
        " return l ? [l.getLatLng().lat, l.getLatLng().lng] : null; }", [layer_id, needle])
    assert ll, f"{layer_id}: no feature titled like {needle!r}"
    return ll[0], ll[1]


def hover_tooltip(page: Page, frame: Frame, layer_id: str, needle: str | int,
                  expected: str | None = None) -> str:
    """Move the mouse onto a point feature and return the innerText of *its* tooltip
    (the tooltip containing ``expected``, by default ``needle``)."""
    x, y = feature_point(page, frame, layer_id, needle)
    page.mouse.move(x, y, steps=3)
    # Leaflet's canvas drops a mousemove that comes <32 ms after the last hover it handled
    page.wait_for_timeout(60)
    page.mouse.move(x + 0.5, y)
    tip = frame.locator(".zq-tooltip").filter(has_text=expected or str(needle))
    expect(tip).to_be_visible(timeout=5_000)
    return tip.inner_text()


def drag_map(page: Page, dx: float, dy: float) -> None:
    """Pan with the mouse (press, move, release) from the middle of the map."""
    box = page.locator(COMPONENT_IFRAME).first.bounding_box()
    assert box
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=8)
    page.mouse.up()


def wheel_zoom_in(page: Page, frame: Frame) -> dict:
    """One wheel notch over the middle of the map; returns the state once the zoom changed."""
    box = page.locator(COMPONENT_IFRAME).first.bounding_box()
    assert box
    zoom = map_state(frame)["zoom"]
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -120)
    frame.wait_for_function("z => ZQ.map.getZoom() > z", arg=zoom, timeout=RERUN_TIMEOUT)
    frame.wait_for_timeout(400)  # the zoom animation ends with moveend (which writes ?v=)
    return map_state(frame)


def wait_for_moveend(frame: Frame, lat: float, lng: float) -> dict:
    """Wait until the map centre left (lat, lng), i.e. a pan/zoom finished; return the state."""
    frame.wait_for_function(
        "([a, b]) => { const c = ZQ.map.getCenter();"
        " return Math.abs(c.lat - a) > 1e-4 || Math.abs(c.lng - b) > 1e-4; }",
        arg=[lat, lng], timeout=RERUN_TIMEOUT,
    )
    frame.wait_for_timeout(400)  # let Leaflet's zoom/pan animation end (moveend writes ?v=)
    return map_state(frame)
