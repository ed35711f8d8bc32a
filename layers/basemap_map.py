"""A presenter's basemap package on the map (``static/app/zq-basemap.js``): served tiles in the
app, or — in an exported HTML — inlined as data: URIs or written beside the file.

Part of the one renderer: ``layers.render.add_tiles`` hands package tiles here.
"""

from __future__ import annotations

import base64
import math
from html import escape

from layers import basemap_packages as bp
from layers.basemaps import TileLayer
from layers.map.elements import ScriptCall, js_init

BASEMAP_JS = "/app/static/app/zq-basemap.js"
#: what folium.plugins.VectorGridProtobuf links; the renderer maps it to static/vendor (CDN_MAP.json)
VECTORGRID_JS = "https://unpkg.com/leaflet.vectorgrid@latest/dist/Leaflet.VectorGrid.bundled.js"
EMPTY_PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBg"
             "AAAABQABpfZFQAAAAABJRU5ErkJggg==")
EMPTY_PBF = "data:application/x-protobuf;base64,"
MAX_INLINE_TILES = 4000


def basemap_config(tile: TileLayer, pkg: bp.Package | None = None, tiles: dict | None = None,
                   url: str | None = None) -> dict:
    """zq-basemap.js's cfg (``tiles``: inlined "z/x/y" → data URI; ``url``: another template)."""
    pkg = pkg or bp.find(tile.package)
    b = pkg.bounds if pkg else None
    return {"id": tile.package, "url": url or tile.url, "vector": tile.vector,
            "attribution": escape(tile.attribution), "minNativeZoom": tile.min_zoom,
            "maxNativeZoom": pkg.maxzoom if pkg else tile.max_zoom,
            "bounds": [[b[1], b[0]], [b[3], b[2]]] if b else None, "tiles": tiles,
            "empty": EMPTY_PBF if tile.vector else EMPTY_PNG}


def basemap_element(cfg: dict) -> ScriptCall:
    """``ZQ.addBasemap(map, cfg)``, loading zq-basemap.js (and the vendored VectorGrid)."""
    js = (("vectorGrid", VECTORGRID_JS),) if cfg["vector"] else ()
    return js_init("ZQBasemap", "ZQ.addBasemap", cfg, js=(*js, ("zq_basemap_js", BASEMAP_JS)))


def tile_range(bounds: list[list[float]], z: int) -> tuple[range, range]:
    """Web Mercator tile columns and rows covering WGS84 ``[[s, w], [n, e]]`` at zoom ``z``."""
    (s, w), (n, e) = bounds

    def col(lng: float) -> int:
        return min(max(int((lng + 180) / 360 * 2**z), 0), 2**z - 1)

    def row(lat: float) -> int:
        r = math.radians(max(min(lat, 85.0511), -85.0511))
        return min(max(int((1 - math.asinh(math.tan(r)) / math.pi) / 2 * 2**z), 0), 2**z - 1)

    return range(col(w), col(e) + 1), range(row(n), row(s) + 1)


def package_tiles(pkg: bp.Package, boxes: list[list[list[float]]], max_zoom: int = 16
                  ) -> dict[str, bytes]:
    """The package's tiles over ``boxes`` (WGS84 bounds), from its min zoom to ``max_zoom``.

    ValueError when that would be more than MAX_INLINE_TILES tiles (choose a lower zoom)."""
    keys: dict[str, tuple[int, int, int]] = {}
    for z in range(pkg.minzoom, min(pkg.maxzoom, max_zoom) + 1):
        for box in boxes:
            cols, rows = tile_range(box, z)
            for x in cols:
                for y in rows:
                    keys[f"{z}/{x}/{y}"] = (z, x, y)
            if len(keys) > MAX_INLINE_TILES:
                raise ValueError(f"more than {MAX_INLINE_TILES} tiles up to zoom {max_zoom}")
    out = {}
    for key, (z, x, y) in keys.items():
        data = bp.read_tile(pkg, z, x, y)
        if data:
            out[key] = data
    return out


def data_uris(pkg: bp.Package, tiles: dict[str, bytes]) -> dict[str, str]:
    """The tiles as data: URIs of the package's MIME type (for a self-contained export)."""
    return {k: f"data:{pkg.mime};base64,{base64.b64encode(v).decode()}" for k, v in tiles.items()}
