"""The renderer's element for a tiled layer: Leaflet.VectorGrid over the app's own tile routes.

Part of the one renderer (its folium elements come from ``layers/map/elements.py``): a tiled layer emits
``ZQ.addTiledLayer(spec, cfg)`` (``static/app/zq-tiles.js``) instead of inline GeoJSON. The tiles
carry ``zq_id`` plus the styling fields; ``ZQ.apply`` receives ``{"mask": URL, "shown": n}`` for
it (:func:`layers.tiled_store.tiled_state`) and the browser fetches the packed mask, never geometry.
"""

from __future__ import annotations

from layers.map.elements import ScriptCall
from layers.map.jstext import safe_json
from layers.render import layer_js_spec
from layers.spec import LayerSpec
from layers.text import t
from layers.tiled import URL_PREFIX, TileInfo

TILES_JS = "/app/static/app/zq-tiles.js"
#: what folium.plugins.VectorGridProtobuf links; localize() maps it to static/vendor (CDN_MAP.json)
VECTORGRID_JS = "https://unpkg.com/leaflet.vectorgrid@latest/dist/Leaflet.VectorGrid.bundled.js"


def tiled_config(spec: LayerSpec, info: TileInfo, lang: str) -> dict:
    """What zq-tiles.js needs: URLs, zoom range, labels (every string shown via textContent)."""
    base = f"{URL_PREFIX}/{spec.id}"
    return {"tiles": base + "/{z}/{x}/{y}.pbf", "at": base + "/at.json?lang=" + lang,
            "minZoom": info.minzoom, "maxNativeZoom": info.maxzoom, "features": info.features,
            "zoomIn": t("tiles_zoom_in", lang, name=spec.name(lang), z=info.minzoom,
                        n=f"{info.features:,}"),
            "failed": t("tiles_failed", lang)}


def tiled_layer(spec: LayerSpec, info: TileInfo, lang: str) -> ScriptCall:
    """``ZQ.addTiledLayer(spec, cfg)``, loading the vendored VectorGrid and zq-tiles.js."""
    return ScriptCall("ZQTiledLayer", "ZQ.addTiledLayer", safe_json(layer_js_spec(spec, lang)),
                      safe_json(tiled_config(spec, info, lang)),
                      js=(("vectorGrid", VECTORGRID_JS), ("zq_tiles_js", TILES_JS)))

