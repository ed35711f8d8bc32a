"""User journeys through the real app (``streamlit run app.py``) in Chromium, offline-checked.

Each test opens its own page (a new Streamlit session) on one shared server; the ``page``
fixture fails a test on any request that leaves 127.0.0.1.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import COMPONENT_IFRAME, wait_for_painted_vectors
from .zqpage import (
    RERUN_TIMEOUT,
    choose,
    drag_map,
    feature_latlng,
    feature_point,
    hover_tooltip,
    map_frame,
    map_state,
    open_app,
    sentence,
    shown_props,
    toggle_checkbox,
    wait_for_map_state,
    wait_for_moveend,
    wait_for_param,
    wait_for_rebuilt_map,
    wheel_zoom_in,
)

pytestmark = pytest.mark.browser

LAYER_ORDER = ["boundary", "towns", "parks", "firms", "metro8", "metro8_stations", "g309", "hubs",
               "projects", "rural"]  # catalog order (the URL's layers=)
ALL_LAYERS = sorted(LAYER_ORDER)
FIRM = "中国重汽"  # firms[0]: approximate, 交通装备, west of the district seat


def ws_frames_sent(page) -> list:
    """Record every WebSocket frame the page sends (attach before ``goto``)."""
    sent: list = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    return sent


def url_params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


# --------------------------------------------------------------------------- a. open


def test_open_shows_the_plan(page, app_server):
    """The map appears with every layer drawn, painted, with its legend and the counts."""
    frame = open_app(page, app_server)
    state = map_state(frame)
    assert state["ready"] == "1"
    assert state["shown"] > 40, state
    assert state["onMap"] == ALL_LAYERS
    assert wait_for_painted_vectors(frame) > 1000  # canvas pixels, not merely DOM
    expect(frame.locator(".zq-legend")).to_be_visible()
    expect(frame.locator(".zq-legend-title")).to_contain_text("图例")
    text = sentence(page).inner_text()
    for counts in ("企业 4/4", "8号线站点 14/14", "街道/镇驻地 18/18"):
        assert counts in text, text
    assert page.locator(COMPONENT_IFRAME).first.bounding_box()["height"] > 400
    assert page.js_errors == []
    assert page.bad_responses == []


# --------------------------------------------------------------------------- b. filter


def test_filter_uses_the_fast_path(page, app_server):
    """Choosing 新材料 in 产业集群 changes the counts and the map without rebuilding the iframe.

    An expando set on the iframe's window before the change must survive it: had st_folium
    re-created the component (new map HTML), the window and the expando would be gone.
    """
    frame = open_app(page, app_server)
    before = map_state(frame)
    frame.evaluate("() => { window.__zqExpando = 'kept'; }")

    choose(page, "产业集群", "新材料")

    expect(sentence(page)).to_contain_text("企业 2/4", timeout=RERUN_TIMEOUT)
    expect(sentence(page)).to_contain_text("产业集群 = 新材料")
    after = wait_for_map_state(frame, before["state"])
    assert after["shown"] < before["shown"], (before, after)
    assert after["state"] == before["state"] + 1, (before, after)
    assert frame.evaluate("() => window.__zqExpando") == "kept", "the map iframe was re-created"
    assert map_frame(page) == frame
    assert sorted(shown_props(frame, "firms", "cluster")) == ["新材料", "新材料"]
    wait_for_param(page, "f.cluster", "in:%E6%96%B0%E6%9D%90%E6%96%99")
    assert page.js_errors == []


# --------------------------------------------------------------------------- c. layer toggle


def test_layer_toggle_hides_its_features(page, app_server):
    """Unticking 8号线站点 removes its 14 stations from the map and from the sentence."""
    frame = open_app(page, app_server)
    before = map_state(frame)
    expect(sentence(page)).to_contain_text("8号线站点 14/14")

    toggle_checkbox(page, "layer.metro8_stations")

    expect(sentence(page)).not_to_contain_text("8号线站点", timeout=RERUN_TIMEOUT)
    after = wait_for_map_state(frame, before["state"])
    assert after["shown"] == before["shown"] - 14, (before, after)
    assert "metro8_stations" not in after["onMap"]
    assert frame.evaluate("() => ZQ.map.hasLayer(ZQ.layers.metro8_stations.layer)") is False
    assert shown_props(frame, "metro8_stations", "__i") == []
    wait_for_param(page, "layers", ",".join(i for i in LAYER_ORDER if i != "metro8_stations"))
    expect(sentence(page)).to_contain_text("轨道交通8号线 1/1")  # its line stays
    assert page.js_errors == []


# --------------------------------------------------------------------------- d. language


def test_switch_to_english(page, app_server):
    """English everywhere: page title, sentence, legend, tooltip field labels, filter chips.

    Regression (fixed in app.py ``relabel_widgets``): Streamlit keeps a multiselect's/selectbox's
    *formatted* label in the browser, so after the switch the chip still read 近似, and the next
    rerun could not map 近似 back to an option: the accuracy filter was silently dropped.
    """
    open_app(page, app_server)
    choose(page, "位置精度", "近似")
    expect(sentence(page)).to_contain_text("位置精度 = 近似", timeout=RERUN_TIMEOUT)
    page.locator(".st-key-lang").get_by_text("English", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Zhangqiu Planning Explorer",
                                                              timeout=RERUN_TIMEOUT)
    frame = wait_for_rebuilt_map(page, "lang", "en")
    expect(sentence(page)).to_contain_text("Shown · Showing", timeout=RERUN_TIMEOUT)
    expect(sentence(page)).to_contain_text("Firms 4/4")
    expect(sentence(page)).to_contain_text("Positional accuracy is approximate")
    expect(page.locator(".st-key-flt-accuracy")).to_contain_text("approximate")
    expect(page.locator(".st-key-flt-accuracy")).not_to_contain_text("近似")
    expect(frame.locator(".zq-legend-title")).to_contain_text("Legend")
    expect(frame.locator(".zq-legend")).to_contain_text("Firms (by cluster)")
    expect(frame.locator(".zq-legend")).not_to_contain_text("图例")

    tip = hover_tooltip(page, frame, "firms", "Sinotruk")
    for label in ("Kind", "Plan action", "Industry cluster", "Status (early 2024)",
                  "Positional accuracy", "Approximate position"):
        assert label in tip, tip
    for zh in ("类型", "所属行动", "产业集群", "位置精度"):
        assert zh not in tip, tip
    wait_for_param(page, "lang", "en")

    # the next rerun still knows the filter chosen in Chinese
    toggle_checkbox(page, "layer.metro8_stations")
    expect(sentence(page)).not_to_contain_text("Line 8 stations", timeout=RERUN_TIMEOUT)
    expect(sentence(page)).to_contain_text("Positional accuracy is approximate")
    wait_for_param(page, "f.accuracy", "in:approximate")
    assert page.js_errors == []


# --------------------------------------------------------------------------- e. shared URL


def test_shared_url_restores_the_state(page, app_server):
    """Layers, filter, language and view survive a copy of the address bar into a new tab.

    Also proves that panning/zooming runs no Python: the browser only ever asks the server
    for a script run by sending a ``BackMsg`` frame over the WebSocket (``rerunScript``; there
    is no file watcher), so zero frames sent during the pan means zero reruns.  Panning may
    only touch the URL (``history.replaceState`` from zq.js), never the server.
    """
    sent = ws_frames_sent(page)
    frame = open_app(page, app_server)
    toggle_checkbox(page, "layer.metro8_stations")
    expect(sentence(page)).not_to_contain_text("8号线站点", timeout=RERUN_TIMEOUT)
    choose(page, "产业集群", "新材料")
    expect(sentence(page)).to_contain_text("企业 2/4", timeout=RERUN_TIMEOUT)
    page.locator(".st-key-lang").get_by_text("English", exact=True).click()
    frame = wait_for_rebuilt_map(page, "lang", "en")
    expect(sentence(page)).to_contain_text("Firms 2/4", timeout=RERUN_TIMEOUT)
    page.wait_for_function(  # the last rerun's URL update has reached the address bar
        "() => new URL(location.href).searchParams.get('lang') === 'en'", timeout=RERUN_TIMEOUT)
    caption = sentence(page).inner_text()
    expect(page.locator(".st-key-flt-cluster")).to_contain_text("New materials")
    layers_before = map_state(frame)["onMap"]
    shown_before = map_state(frame)["shown"]

    # pan + zoom with the mouse: no rerun, only the URL's v changes
    frames_before = len(sent)
    start = map_state(frame)
    drag_map(page, -180, -120)
    wait_for_moveend(frame, start["lat"], start["lng"])
    wheel_zoom_in(page, frame)
    page.wait_for_function("() => /[?&]v=/.test(location.search)", timeout=RERUN_TIMEOUT)
    page.wait_for_timeout(600)  # a rerun, if any, would have been requested by now
    view = map_state(frame)
    assert len(sent) == frames_before, "panning/zooming sent a message to the server (rerun)"
    assert view["zoom"] > start["zoom"]
    params = url_params(page.url)
    lat, lng, zoom = params["v"].split(",")
    assert abs(float(lat) - view["lat"]) < 1e-4 and abs(float(lng) - view["lng"]) < 1e-4
    assert int(zoom) == view["zoom"]
    assert params["lang"] == "en" and params["f.cluster"].startswith("in:")
    assert "metro8_stations" not in params["layers"]

    shared = page.url
    other = page.context.new_page()  # a new tab = a new Streamlit session
    errors: list[str] = []
    other.on("pageerror", lambda exc: errors.append(str(exc)))
    frame2 = open_app(other, shared)
    assert frame2.evaluate("() => ZQ.cfg.lang") == "en"
    expect(sentence(other)).to_have_text(caption)
    cluster = other.locator(".st-key-flt-cluster")
    expect(cluster).to_contain_text("New materials")
    expect(cluster).not_to_contain_text("新材料")
    expect(cluster.get_by_role("button", name=re.compile("^Remove "))).to_have_count(1)
    restored = map_state(frame2)
    assert restored["onMap"] == layers_before
    assert restored["shown"] == shown_before
    assert abs(restored["lat"] - view["lat"]) < 0.01, (restored, view)
    assert abs(restored["lng"] - view["lng"]) < 0.01, (restored, view)
    assert restored["zoom"] == view["zoom"]
    expect(other.locator(".st-key-layer-metro8_stations input")).not_to_be_checked()
    assert errors == []
    assert page.js_errors == []
    other.close()


# --------------------------------------------------------------------------- f. record


def test_click_feature_fills_the_record(page, app_server):
    """Clicking 中国重汽 on the canvas shows its whole record, with source and accuracy.

    The click reruns the script; the view the user panned to stays in the address bar
    (regression: every rerun re-sent the whole query string and dropped ``v``).
    """
    frame = open_app(page, app_server)
    page.wait_for_function("() => new URL(location.href).searchParams.has('lang')",
                           timeout=RERUN_TIMEOUT)
    start = map_state(frame)
    drag_map(page, 60, 40)
    wait_for_moveend(frame, start["lat"], start["lng"])
    page.wait_for_function("() => /[?&]v=/.test(location.search)", timeout=RERUN_TIMEOUT)
    v = url_params(page.url)["v"]

    x, y = feature_point(page, frame, "firms", FIRM)
    page.mouse.move(x, y)
    page.mouse.click(x, y)

    record = page.get_by_test_id("stDataFrame").first  # the record tab is the open tab
    expect(record).to_contain_text("中国重汽 章丘基地", timeout=RERUN_TIMEOUT)
    text = record.text_content() or ""  # glide grid: a canvas + an accessible table
    for expected in ("名称", "来源", "济南日报", "位置精度", "近似", "误差半径", "1,500 米",
                     "产业集群", "交通装备"):
        assert expected in text, (expected, text[:500])
    expect(page.get_by_role("tabpanel").first).to_contain_text("龙头企业")
    page.wait_for_timeout(300)  # a query-string update from the rerun would have landed
    assert url_params(page.url).get("v") == v, page.url
    assert page.js_errors == []


# --------------------------------------------------------------------------- g. basemap


GAODE_TILES = re.compile(r"^https?://webrd0\d\.is\.autonavi\.com/")


def _switch_to_gaode(page):
    """Abort (and count) Gaode tile requests; everything else still goes through the guard."""
    tiles: list[str] = []
    others: list[tuple[str, str]] = []

    def tile(route) -> None:
        tiles.append(route.request.url)
        route.abort("blockedbyclient")

    def record(req) -> None:
        host = urlsplit(req.url).hostname
        if req.url.startswith(("http://", "https://")) and host not in {"127.0.0.1", "localhost"}:
            others.append((req.resource_type, req.url))

    page.route(GAODE_TILES, tile)  # page routes take precedence over the context's guard
    page.on("request", record)
    choose(page, "底图", "高德地图（GCJ-02）")
    return tiles, others


def test_gaode_basemap_shifts_overlays_and_loads_no_foreign_code(page, app_server):
    """高德 (GCJ-02 tiles): overlays shifted ~+0.006° lon; the only foreign requests are tiles."""
    frame = open_app(page, app_server)
    wgs = feature_latlng(frame, "firms", FIRM)
    tiles, others = _switch_to_gaode(page)
    frame = wait_for_rebuilt_map(page, "shift", "gcj02")
    expect(page.get_by_text("高德底图为GCJ-02坐标")).to_be_visible(timeout=RERUN_TIMEOUT)
    page.wait_for_function("() => new URL(location.href).searchParams.get('bm') === 'gaode'",
                           timeout=RERUN_TIMEOUT)
    gcj = feature_latlng(frame, "firms", FIRM)
    assert 0.005 < gcj[1] - wgs[1] < 0.007, (wgs, gcj)
    assert 0.0 < gcj[0] - wgs[0] < 0.002, (wgs, gcj)
    assert map_state(frame)["shown"] > 40
    frame.wait_for_function("() => document.querySelectorAll('.leaflet-tile').length > 0",
                            timeout=5_000)
    assert tiles, "the Gaode tile layer requested no tiles"
    assert [o for o in others if o[0] != "image" or not GAODE_TILES.match(o[1])] == [], others
    # the blocked tiles log "Failed to load resource" console errors: nothing else may fail
    assert [e for e in page.js_errors if "Failed to load resource" not in e] == []


def test_basemap_switch_keeps_the_view(page, app_server):
    """Pan/zoom, switch to 高德: the (WGS84) centre and zoom stay where the user left them."""
    frame = open_app(page, app_server)
    page.wait_for_function("() => new URL(location.href).searchParams.has('lang')",
                           timeout=RERUN_TIMEOUT)
    start = map_state(frame)
    drag_map(page, -200, -100)
    wait_for_moveend(frame, start["lat"], start["lng"])
    view = wheel_zoom_in(page, frame)
    _switch_to_gaode(page)
    frame = wait_for_rebuilt_map(page, "shift", "gcj02")
    gcj = map_state(frame)
    lng, lat = frame.evaluate("([lng, lat]) => ZQ.gcjToWgs(lng, lat)", [gcj["lng"], gcj["lat"]])
    assert gcj["zoom"] == view["zoom"], (view, gcj)
    assert abs(lat - view["lat"]) < 0.01 and abs(lng - view["lng"]) < 0.01, (view, gcj)
