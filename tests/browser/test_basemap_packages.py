"""A presenter's own basemap package in a real browser: served by the app's own server
(``streamlit run serve.py``), shown under the explorer and the slideshow with its attribution,
and inlined into the exported slideshow that opens from file:// with every request blocked."""

from __future__ import annotations

import pytest

from tests.presenter import tilepkg

from .conftest import REPO_ROOT, wait_for_map

LOADED_TILES = """pid => [...document.querySelectorAll('.leaflet-tile-pane img.leaflet-tile-loaded')]
  .filter(i => i.naturalWidth === 256 && (i.src.includes('/tiles/basemaps/' + pid + '/')
                                           || i.src.startsWith('data:image/png'))).length"""
PAINTED_CANVAS = """() => [...document.querySelectorAll('.leaflet-tile-pane canvas')].some(c => {
  if (!c.width) return false;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 3; i < d.length; i += 40) if (d[i]) return true;
  return false; })"""


@pytest.fixture(scope="module")
def served(start_app, tmp_path_factory):
    folder = tmp_path_factory.mktemp("basemaps")
    tilepkg.mbtiles(folder / "raster.mbtiles", range(8, 14))
    tilepkg.mbtiles(folder / "vector.mbtiles", range(8, 14), vector=True)
    ws = tmp_path_factory.mktemp("zq-workspace-bm")
    return start_app(REPO_ROOT / "serve.py", env={"ZQ_BASEMAPS": str(folder), "ZQ_WORKSPACE": str(ws)})


def _attribution(frame) -> str:
    return frame.locator(".leaflet-control-attribution").inner_text()


def test_explorer_shows_a_raster_package_from_the_apps_own_server(page, served):
    page.goto(f"{served}/?bm=pkg-raster&lang=zh", wait_until="domcontentloaded")
    frame = wait_for_map(page)
    frame.wait_for_function(LOADED_TILES, arg="pkg-raster", timeout=20_000)
    assert "测试底图 © 示例测绘院" in _attribution(frame)
    assert frame.locator(".leaflet-control-attribution b").count() == 0, "attribution is plain text"
    page.wait_for_function("() => new URL(location.href).searchParams.get('bm') === 'pkg-raster'")
    assert not page.bad_responses and not page.js_errors


def test_explorer_draws_a_vector_package(page, served):
    page.goto(f"{served}/?bm=pkg-vector&lang=zh", wait_until="domcontentloaded")
    frame = wait_for_map(page)
    frame.wait_for_function(PAINTED_CANVAS, timeout=20_000)
    assert not page.bad_responses and not page.js_errors


def test_slideshow_uses_the_package(page, served):
    page.goto(f"{served}/?mode=present&scene=2&lang=zh&bm=pkg-raster", wait_until="domcontentloaded")
    frame = wait_for_map(page)
    frame.wait_for_selector('.leaflet-container[data-zq-settled="2"]', state="attached", timeout=15_000)
    frame.wait_for_function(LOADED_TILES, arg="pkg-raster", timeout=20_000)
    assert "测试底图" in _attribution(frame)
    assert not page.bad_responses and not page.js_errors


def test_exported_slideshow_inlines_the_package(browser, tmp_path, monkeypatch):
    from layers.load import load_layer
    from layers.registry import CATALOG
    from layers.scenes_builtin import shipped_scenes
    from layers.scenes_map import export_html

    monkeypatch.setenv("ZQ_BASEMAPS", str(tmp_path))
    tilepkg.mbtiles(tmp_path / "raster.mbtiles", range(8, 13))
    frames = {s.id: load_layer(s) for s in CATALOG.layers}
    path = tmp_path / "slides.html"
    path.write_text(export_html(frames, CATALOG, shipped_scenes()[:3], "zh", basemap_id="pkg-raster"),
                    encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []

    def gate(route):
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", gate)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        pg.goto(path.as_uri())
        pg.wait_for_selector('.leaflet-container[data-zq-settled="1"]', state="attached", timeout=15_000)
        pg.wait_for_function(LOADED_TILES, arg="pkg-raster", timeout=20_000)
        assert "测试底图" in pg.locator(".leaflet-control-attribution").inner_text()
    finally:
        context.close()
    assert not blocked and not errors
