"""The one map renderer: layer declarations + frames → a folium map (the only code that knows folium).

Fast path (``shared/notes/performance.md``): each layer is serialised once as slim GeoJSON
(only the shown properties, coordinates rounded to 1e-5°, polygons simplified to ~1 m),
styled from ``feature.properties`` in ``static/app/zq.js`` on one canvas renderer.  A filter
change then sends only the visible feature indices (``state_element``), not the features.
"""

from __future__ import annotations

import json
import math

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import Fullscreen, MeasureControl
from jinja2 import Template

from geo.chinacrs import transform_geometry_array
from layers import vocab
from layers.assets import offline_map
from layers.basemaps import Basemap, TileLayer
from layers.spec import LayerSpec

APP_JS = "/app/static/app/zq.js"
APP_CSS = "/app/static/app/zq.css"
ZHANGQIU_VIEW = (36.72, 117.50, 10)
SIMPLIFY_DEG = 1e-5  # ~1 m at this latitude

I18N = {
    "zh": {"schematic": "示意位置/范围（非实际边界）", "approximate": "近似位置（虚线圈为误差半径）",
           "schematic_short": "示意", "legend": "图例",
           "note_dash": "虚线与虚线圈：近似位置（圈 = 误差半径）；点线：示意，不是实际位置或边界。"},
    "en": {"schematic": "Schematic (not a real position or boundary)",
           "approximate": "Approximate position (dashed ring = error radius)",
           "schematic_short": "schematic", "legend": "Legend",
           "note_dash": "Dashed lines and rings: approximate (ring = error radius); dotted: schematic."},
}


def safe_json(obj: object) -> str:
    """JSON safe to place inside a <script>: no '<', '>', '&', U+2028/2029 left literal."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def display_value(spec: LayerSpec, field: str, value: object, lang: str) -> str:
    """A value as the tooltip/table shows it: vocabulary label, number with its unit."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value is np.bool_(True) or value is True:
        return "是" if lang == "zh" else "yes"
    if value is np.bool_(False) or value is False:
        return "否" if lang == "zh" else "no"
    f = spec.field(field)
    if f.kind == "year" and isinstance(value, int | float | np.integer | np.floating):
        return str(int(value))
    if f.kind == "number" and isinstance(value, int | float | np.integer | np.floating):
        num = float(value)
        text = f"{num:,.0f}" if num.is_integer() else f"{num:,.2f}".rstrip("0").rstrip(".")
        unit = f.unit_zh if lang == "zh" else f.unit_en
        return f"{text} {unit}".strip()
    return vocab.label(value, lang)


def slim_geometries(gdf: gpd.GeoDataFrame, shift: str = "wgs84") -> np.ndarray:
    """Geometries ready to send: shifted for a GCJ-02 basemap, simplified, rounded to 1e-5°."""
    geoms = gdf.geometry.values
    if shift != "wgs84":
        geoms = transform_geometry_array(geoms, "wgs84", shift)
    geoms = np.asarray(geoms)
    poly = shapely.get_type_id(geoms) >= 3
    if poly.any():
        geoms = geoms.copy()
        geoms[poly] = shapely.simplify(geoms[poly], SIMPLIFY_DEG, preserve_topology=True)
    return shapely.transform(geoms, lambda c: np.round(c, 5))


def feature_collection(spec: LayerSpec, gdf: gpd.GeoDataFrame, lang: str,
                       shift: str = "wgs84") -> str:
    """Slim GeoJSON text of one layer: geometry + the tooltip fields as display strings."""
    slim = slim_geometries(gdf, shift)
    geoms = shapely.to_geojson(slim)
    label_pts = shapely.point_on_surface(slim)
    title_field = "name_zh" if lang == "zh" else "name_en"
    keep = list(dict.fromkeys(["accuracy", "accuracy_m", *([spec.style.by] if spec.style.by else [])]))
    records = gdf.to_dict("records")
    parts = []
    for i, (g, rec) in enumerate(zip(geoms, records, strict=True)):
        props = {"__i": i, "__l": spec.id, "__title": display_value(spec, title_field, rec.get(title_field), lang)
                 or str(rec.get("name_zh", ""))}
        for k in keep:
            v = rec.get(k)
            props[k] = None if v is None or (isinstance(v, float) and math.isnan(v)) else v
        if rec.get("accuracy") == "schematic" and shapely.get_type_id(slim[i]) >= 3:
            p = label_pts[i]
            props["__lbl"] = [round(p.y, 5), round(p.x, 5)]
        for j, name in enumerate(spec.tooltip):
            props[f"d{j}"] = display_value(spec, name, rec.get(name), lang)
        parts.append(f'{{"type":"Feature","geometry":{g},"properties":{safe_json(props)}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def layer_js_spec(spec: LayerSpec, lang: str) -> dict:
    kinds = set(spec.geometry_types)
    return {
        "id": spec.id, "z": spec.z, "interactive": spec.interactive,
        "kind": "point" if kinds == {"Point"} else "shape",
        "style": spec.style.to_js(), "labelNames": spec.label_names,
        "tooltip": [[f"d{j}", spec.field(n).label(lang)] for j, n in enumerate(spec.tooltip)],
        "name": spec.name(lang),
    }


class _Setup(JSCSSMixin, MacroElement):
    """Loads zq.js/zq.css and runs ZQ.init(map, cfg)."""

    default_js = [("zq_js", APP_JS)]
    default_css = [("zq_css", APP_CSS)]
    _template = Template("""{% macro script(this, kwargs) %}
ZQ.init({{ this._parent.get_name() }}, {{ this.cfg }});
{% endmacro %}""")

    def __init__(self, cfg: dict):
        super().__init__()
        self._name = "ZQSetup"
        self.cfg = safe_json(cfg)


class _Layer(MacroElement):
    _template = Template("""{% macro script(this, kwargs) %}
ZQ.addLayer({{ this.spec }}, {{ this.data }});
{% endmacro %}""")

    def __init__(self, spec_js: dict, data: str):
        super().__init__()
        self._name = "ZQLayer"
        self.spec = safe_json(spec_js)
        self.data = data


class _State(MacroElement):
    _template = Template("""{% macro script(this, kwargs) %}
ZQ.apply({{ this.state }});
{% endmacro %}""")

    def __init__(self, state: dict):
        super().__init__()
        self._name = "ZQState"
        self.state = safe_json(state)


def legend_config(specs: list[LayerSpec], lang: str) -> dict:
    items = []
    for s in specs:
        kinds = set(s.geometry_types)
        kind = "point" if kinds == {"Point"} else "line" if "LineString" in kinds else "area"
        items.append({"label": s.legend(lang), "color": s.style.color, "kind": kind,
                      "fill": s.style.fill_color or s.style.color, "dash": False})
        if s.style.by and s.style.palette and s.id == "g309":
            for value, color in s.style.palette:
                items.append({"label": "  " + vocab.label(value, lang), "color": color,
                              "kind": "line", "fill": color, "dash": False})
    return {"title": I18N[lang]["legend"], "items": items, "notes": [I18N[lang]["note_dash"]]}


def add_tiles(m: folium.Map, tiles: tuple[TileLayer, ...]) -> None:
    for t in tiles:
        kw = {"subdomains": t.subdomains} if t.subdomains else {}
        folium.TileLayer(t.url, attr=t.attribution, max_zoom=t.max_zoom, **kw).add_to(m)


def build_map(frames: dict[str, gpd.GeoDataFrame], specs: list[LayerSpec], basemap: Basemap,
              tiles: tuple[TileLayer, ...], lang: str,
              view: tuple[float, float, int] | None = None,
              extras: tuple[MacroElement, ...] = ()) -> folium.Map:
    """The base map: tiles, controls and every layer's data (drawn hidden until ZQ.apply).

    ``frames`` are EPSG:4326; with a GCJ-02 basemap they are shifted here, and ``view`` (WGS84)
    is shifted too.  Rebuilt only when language, basemap or data change.
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
    Fullscreen(position="topleft", title="全屏" if lang == "zh" else "Full screen",
               title_cancel="退出全屏" if lang == "zh" else "Exit full screen").add_to(m)
    MeasureControl(position="topleft", primary_length_unit="meters",
                   secondary_length_unit="kilometers", primary_area_unit="hectares",
                   secondary_area_unit="sqmeters").add_to(m)
    cfg = {"i18n": I18N[lang], "legend": legend_config(specs, lang), "shift": basemap.shift,
           "background": "#eef1f4" if not tiles else None, "lang": lang}
    _Setup(cfg).add_to(m)
    for spec in sorted(specs, key=lambda s: s.z):
        data = feature_collection(spec, frames[spec.id], lang, basemap.shift)
        _Layer(layer_js_spec(spec, lang), data).add_to(m)
    for element in extras:  # feature add-ons (analysis tools, presenter scenes) after the layers
        element.add_to(m)
    return m


def state_group(visible: dict[str, list[int] | str]) -> folium.FeatureGroup:
    """What streamlit-folium adds on a filter change: the visible indices, nothing else."""
    fg = folium.FeatureGroup(name="zq-state", control=False)
    _State({"visible": visible}).add_to(fg)
    return fg


def visible_indices(mask: np.ndarray) -> list[int] | str:
    """Compact form of a boolean mask: "all" or the list of kept row positions."""
    mask = np.asarray(mask, dtype=bool)
    return "all" if mask.all() else np.flatnonzero(mask).tolist()
