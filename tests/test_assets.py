"""Offline assets: every folium CDN URL we use maps to a vendored, licensed file."""

from __future__ import annotations

import hashlib
import re

import folium
import folium.plugins as plugins
import pytest
from branca.colormap import LinearColormap

from layers import assets, assets_inline
from layers.assets import (
    BLANK_TILE_URL,
    CDN_TO_VENDORED,
    STATIC_URL_PREFIX,
    VENDOR_DIR,
    UnvendoredAssetError,
    asset_paths,
    localize_url,
)
from layers.assets_inline import inline_assets
from layers.map.offline import assert_offline_component_args, component_links, localize, offline_map

USED_CLASSES = [folium.Map, plugins.Fullscreen, plugins.MeasureControl, plugins.Draw, plugins.MiniMap,
                plugins.VectorGridProtobuf]
CDN_HOSTS = ["cdn.jsdelivr", "cdnjs", "unpkg", "code.jquery.com", "netdna", "d3js.org"]
SCRIPT_OR_LINK_URL = re.compile(
    r"""<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']*)["']""", re.IGNORECASE
)
PLUGINS = {
    "fullscreen": lambda: plugins.Fullscreen(),
    "measure": lambda: plugins.MeasureControl(),
    "draw": lambda: plugins.Draw(export=True),
    "minimap": lambda: plugins.MiniMap(tile_layer=folium.TileLayer(BLANK_TILE_URL, attr=" ")),
    "vectorgrid": lambda: plugins.VectorGridProtobuf("/tiles/layers/x/{z}/{x}/{y}.pbf", "x"),
}


def full_map() -> folium.Map:
    m = offline_map(location=[36.7, 117.5], zoom_start=11)
    for make in PLUGINS.values():
        make().add_to(m)
    folium.Marker([36.7, 117.5], tooltip="default icon").add_to(m)
    folium.Marker([36.71, 117.51], icon=folium.Icon(icon="home")).add_to(m)  # glyphicon
    folium.Marker([36.72, 117.52], icon=folium.Icon(icon="house", prefix="fa", angle=30)).add_to(m)
    folium.GeoJson(
        {
            "type": "Polygon",
            "coordinates": [[[117.5, 36.6], [117.6, 36.6], [117.6, 36.7], [117.5, 36.6]]],
        }
    ).add_to(m)
    return m


def script_and_link_urls(html: str) -> list[str]:
    return SCRIPT_OR_LINK_URL.findall(html)


# ----------------------------------------------------------------- mapping and files


@pytest.mark.parametrize("cls", USED_CLASSES, ids=lambda c: c.__name__)
def test_every_folium_url_we_use_is_mapped(cls):
    urls = [url for _, url in [*cls.default_js, *cls.default_css]]
    assert urls, f"{cls.__name__} has no default links any more: update layers/assets.py"
    missing = [u for u in urls if u not in CDN_TO_VENDORED]
    assert not missing, f"{cls.__name__} URLs not in CDN_TO_VENDORED: {missing}"


def test_every_vendored_asset_exists_and_is_not_empty():
    paths = asset_paths()
    for rel in CDN_TO_VENDORED.values():
        assert VENDOR_DIR / rel in paths
    for path in paths:
        assert path.is_file(), f"missing {path}: run scripts/vendor_assets.sh"
        assert path.stat().st_size > 0, f"empty {path}"
    # fonts and images referenced by the CSS are part of it
    suffixes = {p.suffix for p in paths}
    assert {".js", ".css", ".png", ".svg", ".woff2"} <= suffixes


def test_manifest_lists_licence_and_checksums_for_every_package():
    manifest = assets.manifest()
    packages = {p["name"]: p for p in manifest["packages"]}
    expected = {
        "leaflet": "1.9.4",
        "jquery": "3.7.1",
        "bootstrap": "5.2.2",
        "@fortawesome/fontawesome-free": "6.2.0",
        "drmonty-leaflet-awesome-markers": "2.0.2",
        "leaflet.fullscreen": "3.0.0",
        "leaflet-measure": "2.1.7",
        "leaflet-draw": "1.0.2",
        "leaflet-minimap": "3.6.1",
        "leaflet.vectorgrid": "1.3.0",
        "folium": folium.__version__,
    }
    versions = {(p["name"], p["version"]) for p in manifest["packages"]}
    assert set(expected.items()) <= versions
    assert ("bootstrap", "3.4.1") in versions  # glyphicons
    listed = set()
    for pkg in manifest["packages"]:
        where = f"{pkg['name']}@{pkg['version']}"
        assert pkg["license"].strip(), f"{where}: no licence id"
        licence = VENDOR_DIR / pkg["license_file"]
        assert licence.is_file() and licence.stat().st_size > 200, f"{where}: no licence text"
        for entry in pkg["files"]:
            path = VENDOR_DIR / entry["path"]
            assert entry["path"].startswith(where + "/")
            data = path.read_bytes()
            assert len(data) == entry["bytes"], f"{path} changed since vendoring"
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], f"{path} was edited"
            listed.add(path)
        assert licence in listed
    assert packages["leaflet"]["license"] == "BSD-2-Clause"
    # nothing unlisted in static/vendor, nothing vendored that no map uses
    on_disk = {p for p in VENDOR_DIR.rglob("*")
               if p.is_file() and p.name not in ("MANIFEST.json", "CDN_MAP.json")}
    assert on_disk == listed
    licences = {VENDOR_DIR / p["license_file"] for p in manifest["packages"]}
    assert listed - licences == set(asset_paths())


def test_no_source_maps_and_small_total_size():
    files = [p for p in VENDOR_DIR.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix == ".map"]
    for path in files:
        if path.suffix in {".js", ".css"}:
            assert "sourceMappingURL" not in path.read_text(encoding="utf-8"), path
    assert sum(p.stat().st_size for p in files) < 3 * 1024 * 1024


# ----------------------------------------------------------------- localize / offline_map


def test_offline_map_defaults():
    m = offline_map(location=[36.7, 117.5])
    assert m.options["maxZoom"] == 18
    assert m.options["prefer_canvas"] is True
    assert m.control_scale is True
    assert not [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert offline_map(max_zoom=16, min_zoom=8).options.items() >= {"maxZoom": 16, "minZoom": 8}.items()
    assert isinstance(m, folium.Map)


@pytest.mark.parametrize("plugin", [*PLUGINS, "all"])
def test_rendered_map_loads_nothing_from_other_hosts(plugin):
    if plugin == "all":
        m = full_map()
    else:
        m = offline_map(location=[36.7, 117.5])
        PLUGINS[plugin]().add_to(m)  # added after offline_map(): localized at render
    html = m.get_root().render()
    urls = script_and_link_urls(html)
    assert urls
    for url in urls:
        assert url.startswith(STATIC_URL_PREFIX + "/"), url
        assert (VENDOR_DIR / url[len(STATIC_URL_PREFIX) + 1 :]).is_file(), url
    assert not [u for u in urls if re.match(r"^(https?:)?//", u)]
    for host in CDN_HOSTS:
        assert host not in html
    assert f'L.Icon.Default.imagePath = "{STATIC_URL_PREFIX}/leaflet@1.9.4/dist/images/"' in html
    # what st_folium would send to its iframe
    js_links, css_links = component_links(m)
    assert js_links[0].endswith("/leaflet.js")
    assert_offline_component_args(js_links, css_links)


def test_folium_classes_are_never_mutated():
    before = {cls: (list(cls.default_js), list(cls.default_css)) for cls in USED_CLASSES}
    full_map().get_root().render()
    localize(folium.Map(tiles=None))
    for cls in USED_CLASSES:
        assert (cls.default_js, cls.default_css) == before[cls]
    html = folium.Map(tiles=None).get_root().render()
    assert "cdn.jsdelivr.net/npm/leaflet@1.9.3" in html  # plain folium maps are unaffected


def test_localize_plain_map_is_idempotent_and_sets_icon_path_first():
    m = folium.Map(tiles=None)
    folium.Marker([0, 0]).add_to(m)
    assert localize(localize(m)) is m
    names = list(m._children)
    assert names[0] == "offline_icon_image_path"
    assert names.count("offline_icon_image_path") == 1
    html = m.get_root().render()
    assert html.index("L.Icon.Default.imagePath") < html.index("L.marker(")
    assert not [u for u in script_and_link_urls(html) if not u.startswith(STATIC_URL_PREFIX)]


def test_unknown_url_raises():
    with pytest.raises(UnvendoredAssetError):
        localize_url("https://example.com/lib.js")
    with pytest.raises(UnvendoredAssetError):
        localize_url(f"{STATIC_URL_PREFIX}/nope@1.0.0/missing.js")
    with pytest.raises(UnvendoredAssetError):
        localize_url(f"{STATIC_URL_PREFIX}/../../layers/assets.py")
    m = offline_map()
    plugins.MarkerCluster().add_to(m)  # not vendored: must not render a silently blank map
    with pytest.raises(UnvendoredAssetError, match="markercluster"):
        m.get_root().render()
    other = offline_map()
    el = folium.MacroElement()
    el.default_js = [("x", "https://example.com/x.js")]
    other.add_child(el)
    with pytest.raises(UnvendoredAssetError, match="example.com"):
        localize(other)


def test_colormap_is_refused():
    m = offline_map()
    LinearColormap(["red", "blue"], vmin=0, vmax=1).add_to(m)
    with pytest.raises(UnvendoredAssetError, match="colormap"):
        localize(m)
    js_links, css_links = component_links(m)  # st_folium would add d3 from CDNs
    with pytest.raises(UnvendoredAssetError, match="d3"):
        assert_offline_component_args(js_links, css_links)


def test_assert_offline_component_args():
    assert_offline_component_args([f"{STATIC_URL_PREFIX}/leaflet@1.9.4/dist/leaflet.js"], [])
    with pytest.raises(UnvendoredAssetError):
        assert_offline_component_args([], ["https://cdn.jsdelivr.net/npm/x.css"])
    with pytest.raises(UnvendoredAssetError):
        assert_offline_component_args(["//unpkg.com/x.js"], [])
    with pytest.raises(UnvendoredAssetError, match="missing"):
        assert_offline_component_args([f"{STATIC_URL_PREFIX}/leaflet@9/leaflet.js"], [])


# ----------------------------------------------------------------- inline export


def test_inline_assets_makes_a_self_contained_page():
    out = inline_assets(full_map().get_root().render())
    assert "/app/static" not in out
    assert not script_and_link_urls(out), "no <script src> / <link href> may remain"
    # (an <a href="https://leafletjs.com"> attribution link inside leaflet.js is fine: not loaded)
    assert not re.search(r"""\bsrc\s*=\s*["']?(?:https?:)?//""", out)
    for host in CDN_HOSTS:
        assert host not in out
    assert "L.Icon.Default.mergeOptions(" in out and "data:image/png;base64," in out
    assert "data:font/woff2;base64," in out
    assert "data:font/ttf" not in out  # woff2 only, keeps exports small
    assert "window.L=" in out or "window.L =" in out  # Leaflet itself is inline
    assert len(out) < 4_000_000


def test_app_own_static_files_are_accepted_and_inlined(tmp_path, monkeypatch):
    static = tmp_path / "static"
    (static / "app" / "img").mkdir(parents=True)
    (static / "vendor").symlink_to(VENDOR_DIR, target_is_directory=True)
    (static / "app" / "zq.js").write_text("window.ZQ = 1;")
    (static / "app" / "zq.css").write_text(".zq{background:url(img/dot.png)}")
    (static / "app" / "img" / "dot.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    monkeypatch.setattr(assets, "STATIC_DIR", static)
    try:
        assert localize_url("/app/static/app/zq.js") == "/app/static/app/zq.js"
        with pytest.raises(UnvendoredAssetError):
            localize_url("/app/static/app/missing.js")
        assert_offline_component_args(["/app/static/app/zq.js"], ["/app/static/app/zq.css"])
        out = inline_assets(
            '<script src="/app/static/app/zq.js"></script>'
            '<link rel="stylesheet" href="/app/static/app/zq.css"/>'
        )
        assert "window.ZQ = 1;" in out and "data:image/png;base64," in out
        assert "/app/static" not in out
    finally:
        for cached in (assets_inline._data_uri, assets_inline._inlined_css, assets_inline._inlined_js):
            cached.cache_clear()


def test_inline_assets_refuses_what_it_cannot_inline():
    with pytest.raises(UnvendoredAssetError):
        inline_assets('<script src="https://example.com/x.js"></script>')
    with pytest.raises(UnvendoredAssetError):
        inline_assets('<link rel="stylesheet" href="/app/static/other/x.css"/>')
    with pytest.raises(UnvendoredAssetError):
        inline_assets('<img src="/app/static/tiles/1/1/1.png">')
    # a CDN URL that is vendored is inlined too (e.g. a plain folium map saved earlier)
    cdn = "https://code.jquery.com/jquery-3.7.1.min.js"
    assert "jQuery" in inline_assets(f'<script src="{cdn}"></script>')
