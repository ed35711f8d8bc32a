"""Smoke: a throwaway Streamlit app shows an offline_map() with zero external requests.

Runs against a tiny app written to a temp dir (until app.py exists), next to a copy of
.streamlit/config.toml and a symlink to the repo's static/ folder.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from layers.assets_inline import inline_assets

from .conftest import REPO_ROOT, wait_for_map, wait_for_painted_vectors

pytestmark = pytest.mark.browser

SMOKE_APP = textwrap.dedent(
    """
    import folium
    import folium.plugins as plugins
    import streamlit as st
    from streamlit_folium import st_folium

    from layers.assets import BLANK_TILE_URL
    from layers.map.offline import offline_map

    m = offline_map(location=[36.70, 117.55], zoom_start=12)
    folium.GeoJson(
        {"type": "Polygon", "coordinates": [[[117.50, 36.67], [117.60, 36.67],
                                             [117.60, 36.73], [117.50, 36.73], [117.50, 36.67]]]},
        style_function=lambda f: {"color": "#d62728", "fillColor": "#d62728", "fillOpacity": 0.5},
    ).add_to(m)
    folium.Marker([36.70, 117.55]).add_to(m)  # Leaflet default icon (imagePath)
    folium.Marker([36.71, 117.57], icon=folium.Icon(icon="home")).add_to(m)  # glyphicon
    folium.Marker([36.69, 117.53], icon=folium.Icon(icon="house", prefix="fa")).add_to(m)
    for plugin in (plugins.Fullscreen(), plugins.MeasureControl(), plugins.Draw(),
                   plugins.MiniMap(tile_layer=folium.TileLayer(BLANK_TILE_URL, attr=" "))):
        plugin.add_to(m)
    st.title("smoke")
    st_folium(m, height=500, returned_objects=[])
    """
)

FONTS_LOADED_JS = """families => {
  const loaded = new Set([...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/"/g, '')));
  return families.every(f => loaded.has(f));
}"""
MARKER_IMAGES_JS = """() => [...document.querySelectorAll('img.leaflet-marker-icon, img.leaflet-marker-shadow')]
  .map(img => img.complete && img.naturalWidth > 0)"""
CONTROLS = {
    "fullscreen": ".leaflet-control-zoom-fullscreen",
    "measure": ".leaflet-control-measure",
    "draw": ".leaflet-draw",
    "minimap": ".leaflet-control-minimap",
    "scale": ".leaflet-control-scale",
}


@pytest.fixture(scope="module")
def smoke_app(start_app, tmp_path_factory) -> str:
    app_dir = tmp_path_factory.mktemp("smoke_app")
    (app_dir / ".streamlit").mkdir()
    shutil.copy(REPO_ROOT / ".streamlit" / "config.toml", app_dir / ".streamlit" / "config.toml")
    (app_dir / "static").symlink_to(REPO_ROOT / "static", target_is_directory=True)
    script = app_dir / "smoke_app.py"
    script.write_text(SMOKE_APP, encoding="utf-8")
    return start_app(script)


def check_map_frame(frame) -> None:
    """Vectors painted, markers' images and icon fonts loaded, plugin controls present."""
    assert wait_for_painted_vectors(frame) > 100
    frame.wait_for_function(
        "() => { const s = [...document.querySelectorAll('img.leaflet-marker-icon')];"
        " return s.length > 0 && s.every(i => i.complete); }",
        timeout=10_000,
    )
    images = frame.evaluate(MARKER_IMAGES_JS)
    assert images and all(images), f"default marker images did not load: {images}"
    frame.wait_for_function(
        FONTS_LOADED_JS, arg=["Font Awesome 6 Free", "Glyphicons Halflings"], timeout=10_000
    )
    for name, selector in CONTROLS.items():
        assert frame.locator(selector).count() >= 1, f"{name} control missing"


def test_streamlit_map_is_visible_and_offline(page, smoke_app):
    page.goto(smoke_app, wait_until="domcontentloaded")
    frame = wait_for_map(page)
    check_map_frame(frame)
    iframe_height = page.locator('iframe[title*="st_folium"]').first.bounding_box()["height"]
    assert iframe_height > 400
    assert page.js_errors == []
    assert page.bad_responses == []
    # page fixture teardown asserts page.external_requests == []


def test_inlined_export_works_from_file_url(page, tmp_path):
    import folium
    import folium.plugins as plugins

    from layers.assets import BLANK_TILE_URL
    from layers.map.offline import offline_map

    m = offline_map(location=[36.70, 117.55], zoom_start=12)
    folium.GeoJson(
        {"type": "Polygon", "coordinates": [[[117.50, 36.67], [117.60, 36.67], [117.60, 36.73],
                                             [117.50, 36.67]]]},
    ).add_to(m)  # fmt: skip
    folium.Marker([36.70, 117.55]).add_to(m)
    folium.Marker([36.71, 117.57], icon=folium.Icon(icon="home")).add_to(m)
    folium.Marker([36.69, 117.53], icon=folium.Icon(icon="house", prefix="fa")).add_to(m)
    for plugin in (plugins.Fullscreen(), plugins.MeasureControl(), plugins.Draw(),
                   plugins.MiniMap(tile_layer=folium.TileLayer(BLANK_TILE_URL, attr=" "))):
        plugin.add_to(m)  # fmt: skip
    export = tmp_path / "export.html"
    export.write_text(inline_assets(m.get_root().render()), encoding="utf-8")

    page.goto(Path(export).as_uri())
    page.locator(".leaflet-container").first.wait_for(state="visible", timeout=10_000)
    check_map_frame(page.main_frame)
    assert page.js_errors == []
    requested = []
    page.on("request", lambda req: requested.append(req.url))
    page.mouse.move(700, 450)
    page.mouse.wheel(0, -300)  # zoom: no tile or asset request may follow
    page.wait_for_timeout(300)
    assert [u for u in requested if not u.startswith(("data:", "blob:", "file:"))] == []
