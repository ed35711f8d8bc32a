"""Highlighted features keep their tooltip in the exported slideshow: the highlight rings' canvas
does not take the pointer, points win over the zone under them, and features at the very same
point (明水经开区 and 中国晶谷 share their zone's point) are named in one tooltip."""

from __future__ import annotations

from pathlib import Path


def test_china_crystal_valley_has_a_tooltip_in_the_exported_html(browser, tmp_path: Path):
    from layers.load import load_layer
    from layers.registry import CATALOG
    from layers.scenes_builtin import shipped_scenes
    from layers.scenes_map import export_html

    frames = {s.id: load_layer(s) for s in CATALOG.layers}
    path = tmp_path / "slides.html"
    path.write_text(export_html(frames, CATALOG, shipped_scenes(), "zh", start=10), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                  else r.abort("blockedbyclient"))
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        pg.goto(path.as_uri())
        pg.wait_for_selector('.leaflet-container[data-zq-settled="11"]', state="attached", timeout=15_000)
        x, y = pg.evaluate("""() => { let at = null; ZQ.layers.parks.layer.eachLayer(l => {
            if (l.feature.properties.__title === '中国晶谷') at = ZQ.map.latLngToContainerPoint(l.getLatLng()); });
            return [at.x, at.y]; }""")
        pg.mouse.move(x - 3, y, steps=3)
        pg.wait_for_timeout(60)
        pg.mouse.move(x, y)
        tip = pg.locator(".zq-tooltip").first
        tip.wait_for(state="visible", timeout=5_000)
        text = tip.inner_text()
        assert "中国晶谷" in text and "明水经济技术开发区" in text
    finally:
        context.close()
    assert not errors
