"""The renderer's element for a tiled layer: Leaflet.VectorGrid over the app's own tile routes.

Part of the one renderer (folium only here and in ``layers/render.py``): a tiled layer emits
``ZQ.addTiledLayer(spec, cfg)`` (``static/app/zq-tiles.js``) instead of inline GeoJSON. The tiles
carry ``zq_id`` plus the styling fields; ``ZQ.apply`` receives ``{"mask": URL, "shown": n}`` for
it (:func:`tiled_state`) and the browser fetches the packed mask, never geometry.
"""

from __future__ import annotations

import numpy as np
from folium.elements import JSCSSMixin
from jinja2 import Template

from layers.i18n import t
from layers.render import _TextMacro, layer_js_spec, safe_json
from layers.spec import LayerSpec
from layers.tiled import URL_PREFIX, TileInfo

TILES_JS = "/app/static/app/zq-tiles.js"
#: what folium.plugins.VectorGridProtobuf links; localize() maps it to static/vendor (CDN_MAP.json)
VECTORGRID_JS = "https://unpkg.com/leaflet.vectorgrid@latest/dist/Leaflet.VectorGrid.bundled.js"


def tiled_config(spec: LayerSpec, info: TileInfo, lang: str) -> dict:
    """What zq-tiles.js needs: URLs, zoom range, labels (every string shown via textContent)."""
    base = f"{URL_PREFIX}/{spec.id}"
    return {"tiles": base + "/{z}/{x}/{y}.pbf", "feature": base + "/feature/{id}.json?lang=" + lang,
            "minZoom": info.minzoom, "maxNativeZoom": info.maxzoom, "features": info.features,
            "zoomIn": t("tiles_zoom_in", lang, name=spec.name(lang), z=info.minzoom,
                        n=f"{info.features:,}"),
            "loading": t("tiles_loading", lang), "failed": t("tiles_failed", lang)}


class TiledLayer(JSCSSMixin, _TextMacro):
    """``ZQ.addTiledLayer(spec, cfg)``, loading the vendored VectorGrid and zq-tiles.js."""

    default_js = [("vectorGrid", VECTORGRID_JS), ("zq_tiles_js", TILES_JS)]
    _template = Template("""{% macro script(this, kwargs) %}
ZQ.addTiledLayer({{ this.spec }}, {{ this.cfg }});
{% endmacro %}""")

    def __init__(self, spec: LayerSpec, info: TileInfo, lang: str):
        super().__init__()
        self._name = "ZQTiledLayer"
        self.spec = safe_json(layer_js_spec(spec, lang))
        self.cfg = safe_json(tiled_config(spec, info, lang))


def tiled_state(layer_id: str, mask: np.ndarray, token: str) -> dict | str:
    """The ``ZQ.apply`` entry of a tiled layer: "all", or the mask URL and the exact count."""
    mask = np.asarray(mask, dtype=bool)
    if mask.all():
        return "all"
    return {"mask": f"{URL_PREFIX}/{layer_id}/mask/{token}.bin", "shown": int(mask.sum())}
