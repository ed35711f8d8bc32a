"""What the audience sees, measured in the browser at projector sizes: every built-in scene keeps
its highlighted features clear of the legend, the caption panel and the tools, labels them, and
no two visible labels collide or leave the map; a scene opened from a link is framed as the same
scene stepped into.  And the explorer's legend at first sight: small, only the shown layers.

One page per size steps through all scenes client-side (``ZQSlides.go``), boxes in the map
container's pixels.
"""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import expect

from .conftest import wait_for_map
from .zqpage import RERUN_TIMEOUT, map_state, open_app, toggle_checkbox, wait_for_map_state

SIZES = [(1920, 1080), (1366, 768), (1024, 768)]

# Everything in container pixels: the highlighted features' box, what covers the map, labels.
MEASURE_JS = """() => {
  const S = ZQSlides, map = ZQ.map, box = map.getContainer(), c = box.getBoundingClientRect();
  const rel = r => ({l: r.left - c.left, t: r.top - c.top, r: r.right - c.left, b: r.bottom - c.top});
  const shown = e => e && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden';
  const sc = S.scenes[S.i], feats = [];
  Object.keys(sc.highlight).forEach(id => {
    if (!S.state().visible[id]) return;
    sc.highlight[id].forEach(row => {
      const l = ZQ.layers[id].layer._zqAll.find(x => x._zqIndex === row);
      if (l.getLatLng) {
        const p = map.latLngToContainerPoint(l.getLatLng()), r = l.options.radius || 7;
        feats.push({l: p.x - r, t: p.y - r, r: p.x + r, b: p.y + r});
      } else {
        const b = l.getBounds(), a = map.latLngToContainerPoint(b.getNorthWest()),
              z = map.latLngToContainerPoint(b.getSouthEast());
        feats.push({l: a.x, t: a.y, r: z.x, b: z.y});
      }
    });
  });
  const covers = [...box.querySelectorAll('.zq-legend, .zq-sl-panel, .zq-sl-tools')]
    .filter(shown).map(e => Object.assign(rel(e.getBoundingClientRect()), {what: e.className}));
  const labels = [...box.querySelectorAll('.zq-name-label, .zq-schematic-label, .zq-hl-label')]
    .filter(shown).map(e => Object.assign(rel(e.getBoundingClientRect()), {text: e.textContent,
      hl: e.classList.contains('zq-hl-label')}));
  const m = map.getCenter();
  return {scene: S.i + 1, feats, covers, labels, w: box.clientWidth, h: box.clientHeight,
          n: feats.length, view: [m.lat, m.lng, map.getZoom()]};
}"""


def _hits(a, b) -> bool:
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


def _settle(frame, k: int) -> dict:
    frame.wait_for_selector(f'.leaflet-container[data-zq-settled="{k}"]', state="attached",
                            timeout=15_000)
    frame.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return frame.evaluate(MEASURE_JS)


def _problems(m: dict) -> list[str]:
    out = []
    bad = [(f, c["what"]) for f in m["feats"] for c in m["covers"] if _hits(f, c)]
    out += [f"{what} covers a highlighted feature {f}" for f, what in bad]
    out += [f"highlighted feature out of the map {f}" for f in m["feats"]
            if f["l"] < 0 or f["t"] < 0 or f["r"] > m["w"] or f["b"] > m["h"]]
    labels = m["labels"]
    for i, a in enumerate(labels):
        if a["l"] < 0 or a["t"] < 0 or a["r"] > m["w"] or a["b"] > m["h"]:
            out.append(f"label {a['text']!r} cut by the map edge {a}")
        out += [f"labels {a['text']!r} and {b['text']!r} collide: {a} {b}" for b in labels[i + 1:]
                if _hits(a, b)]
    n_hl = sum(1 for a in labels if a["hl"])
    if n_hl != m["n"]:
        out.append(f"{m['n']} highlighted features but {n_hl} highlight labels shown")
    return out


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_scene_keeps_its_features_clear_and_its_labels_apart(browser, app_server, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{app_server}/?mode=present&scene=11&lang=zh", wait_until="domcontentloaded")
        frame = wait_for_map(page)
        linked = _settle(frame, 11)
        frame.wait_for_timeout(300)  # a late resize (iframe grown to the window, fonts) refits
        linked = frame.evaluate(MEASURE_JS)
        found = {}
        for k in range(1, 12):
            frame.evaluate(f"() => ZQSlides.go({k - 1}, false)")
            m = _settle(frame, k)
            found[k] = _problems(m)
        stepped, (lat, lng, zoom) = m["view"], linked["view"]
        px = 256 * 2 ** zoom / 360  # screen pixels per degree of longitude
        off = (abs(lng - stepped[1]) * px, abs(lat - stepped[0]) * px / math.cos(math.radians(lat)))
        assert zoom == stepped[2] and max(off) < 2, ("opened from a link vs stepped into", linked["view"],
                                                      stepped, off)
        assert not {k: v for k, v in found.items() if v}, found
        assert not errors
    finally:
        context.close()


LEGEND_JS = """() => { const box = ZQ.map.getContainer(), lg = box.querySelector('.zq-legend');
  const r = lg.getBoundingClientRect();
  const rows = [...lg.querySelectorAll('.zq-legend-row')].filter(e => e.style.display !== 'none')
    .map(e => e.dataset.layer);
  return {share: r.width * r.height / (box.clientWidth * box.clientHeight), rows: [...new Set(rows)]}; }"""


def test_explorer_legend_is_small_at_first_sight_and_lists_only_shown_layers(browser, app_server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda e: page.js_errors.append(str(e)))
    try:
        frame = open_app(page, f"{app_server}/?lang=zh")
        first = frame.evaluate(LEGEND_JS)
        assert first["share"] <= 0.15, first
        before = map_state(frame)
        assert sorted(first["rows"]) == sorted(before["onMap"]), (first, before)
        toggle_checkbox(page, "layer.metro8_stations")
        wait_for_map_state(frame, before["state"])
        after = frame.evaluate(LEGEND_JS)
        assert "metro8_stations" not in after["rows"] and "metro8" in after["rows"], after
        head = frame.locator(".zq-legend-title")
        head.click()  # the user's choice wins: open (or closed) it stays
        opened = frame.evaluate("() => ZQ._legend.open")
        frame.evaluate("() => ZQ.map.fire('resize')")
        assert frame.evaluate("() => ZQ._legend.open") == opened
        expect(head).to_be_visible(timeout=RERUN_TIMEOUT)
        assert not page.js_errors
    finally:
        context.close()
