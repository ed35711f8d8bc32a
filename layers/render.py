"""The one map renderer: layer declarations + frames → a folium map (folium lives here and in
``layers/map/``, its parts: codec, cache, elements).

Fast path (``shared/notes/performance.md``): each layer is serialised once per process as a
compact pack (``layers.map.codec.layer_pack``: only the shown properties, column-wise; coordinates as delta-coded
integers of 1e-5°, polygons simplified to ~1 m), which ``static/app/zq.js`` turns back into
GeoJSON features styled from ``feature.properties`` on one canvas renderer.  A filter change
then sends only the visible feature indices (``state_group``), not the features, and the browser
only flips the features' visibility (no re-adding of paths).  Measured by
``python -m bench.bench_explorer`` (bench/README.md).
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement
from folium.plugins import Fullscreen, MeasureControl

from geo.chinacrs import transform_geometry_array
from layers import vocab
from layers.basemap_map import basemap_config, basemap_element
from layers.basemaps import Basemap, TileLayer
from layers.map.cache import layer_payload
from layers.map.elements import ScriptCall, js_init
from layers.map.jstext import safe_json
from layers.map.offline import offline_map
from layers.spec import LayerSpec
from layers.text import t

APP_JS = "/app/static/app/zq.js"
APP_CSS = "/app/static/app/zq.css"
LABELS_JS = "/app/static/app/zq-labels.js"
ZHANGQIU_VIEW = (36.72, 117.50, 10)

MAP_WORDS = ("schematic", "approximate", "schematic_short", "legend", "note_dash")  # catalog "map.*"


def map_words(lang: str) -> dict[str, str]:
    """The words zq.js shows (legend title, accuracy notes), from the catalog's "map." keys."""
    return {k: t(f"map.{k}", lang) for k in MAP_WORDS}


def layer_js_spec(spec: LayerSpec, lang: str) -> dict:
    """What ZQ.addLayer needs besides the data: id, order, kind, style, tooltip labels, name."""
    kinds = set(spec.geometry_types)
    return {
        "id": spec.id, "z": spec.z, "interactive": spec.interactive,
        "kind": "point" if kinds == {"Point"} else "shape",
        "style": spec.style.to_js(), "labelNames": spec.label_names, "labelRank": spec.label_rank,
        "tooltip": [[f"d{j}", spec.field(n).label(lang)] for j, n in enumerate(spec.tooltip)],
        "name": spec.name(lang),
    }


def legend_config(specs: list[LayerSpec], lang: str) -> dict:
    """The legend of zq.js: one row per layer, rows for a palette where it is expanded, notes.

    Every row carries its ``layer`` id: zq.js shows a row only while that layer has features
    drawn (``ZQ.legendSync``)."""
    items = []
    for s in specs:
        kinds = set(s.geometry_types)
        kind = "point" if kinds == {"Point"} else "line" if "LineString" in kinds else "area"
        items.append({"label": s.legend(lang), "color": s.style.color, "kind": kind,
                      "fill": s.style.fill_color or s.style.color, "dash": False, "layer": s.id})
        if s.style.by and s.style.palette:  # coloured by a field: one row per declared colour
            for value, color in s.style.palette:
                items.append({"label": vocab.label(value, lang), "color": color,
                              "kind": kind, "fill": color, "dash": False, "sub": True, "layer": s.id})
    return {"title": t("map.legend", lang), "items": items, "notes": [t("map.note_dash", lang)]}


def add_tiles(m: folium.Map, tiles: tuple[TileLayer, ...]) -> None:
    """Add the basemap's tile layers to ``m``."""
    for tile in tiles:
        if tile.package:  # a presenter's offline package: layers/basemap_map.py
            basemap_element(basemap_config(tile)).add_to(m)
            continue
        kw = {"subdomains": tile.subdomains} if tile.subdomains else {}
        folium.TileLayer(tile.url, attr=tile.attribution, max_zoom=tile.max_zoom, **kw).add_to(m)


def build_map(frames: dict[str, gpd.GeoDataFrame], specs: list[LayerSpec], basemap: Basemap,
              tiles: tuple[TileLayer, ...], lang: str,
              view: tuple[float, float, int] | None = None,
              extras: tuple[MacroElement, ...] = (),
              tiled: Mapping[str, MacroElement] | None = None) -> folium.Map:
    """The base map: tiles, controls and every layer's data (drawn hidden until ZQ.apply).

    ``frames`` are EPSG:4326; with a GCJ-02 basemap they are shifted here, and ``view`` (WGS84)
    is shifted too.  Rebuilt only when language, basemap or data change.  ``tiled`` maps
    layer ids to their ``layers.render_tiled.tiled_layer`` element, drawn instead of inline data.
    """
    lat, lon, zoom = view or ZHANGQIU_VIEW
    if basemap.shift != "wgs84":
        g = transform_geometry_array(np.array([shapely.Point(lon, lat)]), "wgs84", basemap.shift)[0]
        lon, lat = g.x, g.y
    m = offline_map(location=[lat, lon], zoom_start=zoom)
    # Only Leaflet itself: jQuery, Bootstrap and the icon fonts folium loads by default are
    # unused here and cost ~1 MB on a cold start.
    m.default_js = [(n, u) for n, u in m.default_js if n == "leaflet"]
    m.default_css = [(n, u) for n, u in m.default_css if n == "leaflet_css"]
    add_tiles(m, tiles)
    Fullscreen(position="topleft", title=t("map.fullscreen", lang),
               title_cancel=t("map.fullscreen_exit", lang)).add_to(m)
    MeasureControl(position="topleft", primary_length_unit="meters",
                   secondary_length_unit="kilometers", primary_area_unit="hectares",
                   secondary_area_unit="sqmeters", localization=t("map.measure_locale", lang)).add_to(m)
    cfg = {"i18n": map_words(lang), "legend": legend_config(specs, lang), "shift": basemap.shift,
           "background": "#eef1f4" if not tiles else None, "lang": lang}
    js_init("ZQSetup", "ZQ.init", cfg, js=(("zq_js", APP_JS), ("zq_labels_js", LABELS_JS)), css=(("zq_css", APP_CSS),)).add_to(m)
    from_tiles = dict(tiled or {})
    for spec in sorted(specs, key=lambda s: s.z):
        if spec.id in from_tiles:
            from_tiles[spec.id].add_to(m)
            continue
        data = layer_payload(spec, frames[spec.id], lang, basemap.shift)
        ScriptCall("ZQLayer", "ZQ.addLayer", safe_json(layer_js_spec(spec, lang)), data).add_to(m)
    for element in extras:  # feature add-ons (analysis tools, presenter scenes) after the layers
        element.add_to(m)
    return m


def state_group(visible: dict[str, list[int] | str],
                link: dict[str, str] | None = None) -> folium.FeatureGroup:
    """What streamlit-folium adds on a filter change: the visible indices, nothing else.

    ``link``: the address parameters Python wrote in this run (ui/link.py); they make the
    state differ whenever the address was written, so ``ZQ.apply`` runs and zq-view.js puts
    the view back."""
    state = {"visible": visible, **({"link": link} if link else {})}
    fg = folium.FeatureGroup(name="zq-state", control=False)
    ScriptCall("ZQState", "ZQ.apply", safe_json(state)).add_to(fg)
    return fg


def visible_indices(mask: np.ndarray) -> list[int] | str:
    """Compact form of a boolean mask: "all" or the list of kept row positions."""
    mask = np.asarray(mask, dtype=bool)
    return "all" if mask.all() else np.flatnonzero(mask).tolist()
