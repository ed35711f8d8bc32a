"""The one map renderer: layer declarations + frames → a folium map (the only code that knows folium).

Fast path (``shared/notes/performance.md``): each layer is serialised once per process as a
compact pack (``layer_pack``: only the shown properties, column-wise; coordinates as delta-coded
integers of 1e-5°, polygons simplified to ~1 m), which ``static/app/zq.js`` turns back into
GeoJSON features styled from ``feature.properties`` on one canvas renderer.  A filter change
then sends only the visible feature indices (``state_group``), not the features, and the browser
only flips the features' visibility (no re-adding of paths).  Measured by
``python -m bench.bench_explorer`` (bench/README.md).
"""

from __future__ import annotations

import json
import math
import threading
import weakref
from collections import OrderedDict

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import Element, MacroElement
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
    return _format_value(spec.field(field), value, lang)


def _format_value(f, value: object, lang: str) -> str:
    """display_value once the None/NaN/bool cases are out and the Field is known."""
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


# ------------------------------------------------------------------ compact layer pack
#
# What ``ZQ.addLayer`` receives for each layer (decoded by ``unpack`` in static/app/zq.js into
# exactly the features ``feature_collection`` describes)::
#
#   {"type": "ZQPack", "v": 1, "n": <features>, "scale": 100000,
#    "g": [<geometry>, ...],            one per feature, see _encode_geometries
#    "keys": ["__title", "accuracy", ..., "__lbl", "d0", ...],   property order
#    "cols": {key: <column>}}           see _encode_column
#
# ``__i`` (the row position) and ``__l`` (the layer id) are implied.  At 10^4 parcels this is
# ~250 bytes per polygon instead of ~700 for slim GeoJSON, and it has almost no ``_name``
# tokens for streamlit-folium's regex passes over the map script.

PACK_SCALE = 100_000  # integer coordinates in 1e-5° (the rounding of slim_geometries)
_TYPE_CODES = {0: 1, 1: 2, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6}  # shapely type id → pack code


def _encode_geometries(geoms: np.ndarray) -> list[str]:
    """Each geometry as JSON text: ``[code, coords]`` with integer coordinates (1e-5°) coded as
    deltas from the previous coordinate of the same feature (the first one absolute), rings
    without their closing coordinate:

    1 Point ``[1,x,y]``, 2 LineString ``[2,[x,y,dx,dy,..]]``, 3 Polygon ``[3,[ring,..]]``,
    4 MultiPoint ``[4,[x,y,dx,dy,..]]``, 5 MultiLineString ``[5,[line,..]]``, 6 MultiPolygon
    ``[6,[[ring,..],..]]``; missing or empty → ``null``; a GeometryCollection → its GeoJSON.
    """
    n = len(geoms)
    out = ["null"] * n
    tid = shapely.get_type_id(geoms)
    ncoord = shapely.get_num_coordinates(geoms)
    simple = np.flatnonzero((tid >= 0) & (tid <= 6) & (ncoord > 0))
    for i in np.flatnonzero((tid == 7) & (ncoord > 0)):
        out[i] = shapely.to_geojson(geoms[i])
    if not len(simple):
        return out
    sub = geoms[simple]
    parts, part_geom = shapely.get_parts(sub, return_index=True)
    part_n = shapely.get_num_coordinates(parts)
    part_start = np.concatenate([[0], np.cumsum(part_n)[:-1]])
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    ring_n = shapely.get_num_coordinates(rings)
    excl = np.concatenate([[0], np.cumsum(ring_n)[:-1]])
    first_ring = np.searchsorted(ring_part, ring_part, side="left")
    ring_start = part_start[ring_part] + excl - excl[first_ring]
    xy = np.rint(shapely.get_coordinates(parts) * PACK_SCALE).astype(np.int64)
    keep = np.ones(len(xy), dtype=bool)
    keep[ring_start + ring_n - 1] = False  # closing coordinates: re-added by the decoder
    new_pos = np.cumsum(keep) - 1
    kept = xy[keep]
    delta = kept.copy()
    delta[1:] -= kept[:-1]
    geom_first_part = np.searchsorted(part_geom, np.arange(len(sub)), side="left")
    starts = new_pos[part_start[geom_first_part]]
    delta[starts] = kept[starts]
    # All numbers as one text; a run of coordinates is then a slice of it (offsets of each
    # number by cumulative length), not a join per ring.
    numbers = list(map(str, delta.ravel().tolist()))
    offs = np.zeros(len(numbers) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, numbers), dtype=np.int64, count=len(numbers)) + 1, out=offs[1:])
    offs = offs.tolist()
    text = ",".join(numbers)

    def run(start: int, count: int) -> str:  # coordinates [start, start + count) as "x,y,.."
        return text[offs[2 * start]:offs[2 * (start + count)] - 1]

    def seg(start: int, count: int) -> str:
        return "[" + run(start, count) + "]"

    rings_of: dict[int, list[int]] = {}
    for r, p in enumerate(ring_part.tolist()):
        rings_of.setdefault(p, []).append(r)

    def polygon(p: int) -> str:
        return "[" + ",".join(seg(new_pos[ring_start[r]], ring_n[r] - 1)
                              for r in rings_of.get(p, [])) + "]"

    bounds = np.searchsorted(part_geom, np.arange(len(sub) + 1), side="left").tolist()
    sub_tid = tid[simple].tolist()
    for k, i in enumerate(simple.tolist()):
        code = _TYPE_CODES[sub_tid[k]]
        p0, p1 = bounds[k], bounds[k + 1]
        if code == 1:
            body = run(new_pos[part_start[p0]], 1)
        elif code in (2, 4):
            body = seg(new_pos[part_start[p0]], int(part_n[p0:p1].sum()))
        elif code == 3:
            body = polygon(p0)
        elif code == 5:
            body = "[" + ",".join(seg(new_pos[part_start[p]], part_n[p]) for p in range(p0, p1)) + "]"
        else:
            body = "[" + ",".join(polygon(p) for p in range(p0, p1) if p in rings_of) + "]"
        out[i] = f"[{code},{body}]"
    return out


def _affixes(values: list[str]) -> tuple[str, str]:
    """The longest prefix and suffix every value shares (not overlapping in any value)."""
    shortest = min(len(v) for v in values)
    lo, hi = min(values), max(values)
    pre = 0
    while pre < shortest and lo[pre] == hi[pre]:
        pre += 1
    suf = 0
    first = values[0]
    while suf < shortest - pre and all(v[-1 - suf] == first[-1 - suf] for v in values):
        suf += 1
    return first[:pre], first[len(first) - suf:] if suf else ""


def _encode_column(values: list) -> str:
    """One property column as JSON text, the smallest of: ``{"k": v}`` (constant),
    ``{"c": [..]}`` (plain) or ``{"d": [distinct..], "i": [index..]}`` (dictionary), string
    columns with a common ``"p"`` prefix / ``"x"`` suffix taken out."""
    n = len(values)
    try:  # typed keys: 1, 1.0 and True stay distinct
        distinct = dict.fromkeys((v.__class__, v) for v in values)
    except TypeError:  # unhashable values (lists)
        return '{"c":' + safe_json(values) + "}"
    if n == 0 or len(distinct) == 1:
        return '{"k":' + safe_json(values[0] if n else None) + "}"
    head = ""
    if n > 8 and all(t is str for t, _ in distinct):
        pre, suf = _affixes([v for _, v in distinct])
        if pre or suf:
            cut = slice(len(pre), -len(suf) if suf else None)
            values = [v[cut] for v in values]
            distinct = dict.fromkeys((str, v) for v in values)
            head = ('"p":' + safe_json(pre) + "," if pre else "") + (
                '"x":' + safe_json(suf) + "," if suf else "")
    plain = safe_json(values)
    if len(distinct) * 2 <= n:
        index = {k: j for j, k in enumerate(distinct)}
        coded = '"d":' + safe_json([v for _, v in distinct]) + ',"i":' + safe_json(
            [index[(v.__class__, v)] for v in values])
        if len(coded) < len(plain) + 4:
            return "{" + head + coded + "}"
    return "{" + head + '"c":' + plain + "}"


def _column(gdf: gpd.GeoDataFrame, name: str) -> list:
    if name not in gdf.columns or name == gdf.geometry.name:
        return [None] * len(gdf)
    return gdf[name].tolist()


def _displayed(spec: LayerSpec, name: str, values: list, lang: str) -> list[str]:
    """display_value over a column (the field looked up once; each distinct value once)."""
    try:
        f = spec.field(name)
    except KeyError:  # raised by display_value for the first value that needs the field
        f = None
    memo: dict = {}
    out = []
    for v in values:
        key = (v.__class__, v)  # typed: True and 1 label differently
        try:
            text = memo.get(key)
        except TypeError:  # unhashable (a list): not memoised
            key, text = None, None
        if text is None:
            if (f is None or v is None or v is True or v is False or isinstance(v, np.bool_)
                    or (isinstance(v, float) and math.isnan(v))):
                text = display_value(spec, name, v, lang)
            else:
                text = _format_value(f, v, lang)
            if key is not None:
                memo[key] = text
        out.append(text)
    return out


def layer_pack(spec: LayerSpec, gdf: gpd.GeoDataFrame, lang: str, shift: str = "wgs84") -> str:
    """The compact JSON text of one layer (same features and properties as
    ``feature_collection``; see the comment above ``PACK_SCALE`` for the format)."""
    n = len(gdf)
    slim = slim_geometries(gdf, shift)
    title_field = "name_zh" if lang == "zh" else "name_en"
    titles = _displayed(spec, title_field, _column(gdf, title_field), lang)
    fallback = _column(gdf, "name_zh") if "name_zh" in gdf.columns else [""] * n
    cols: dict[str, list] = {"__title": [t or str(f)
                                         for t, f in zip(titles, fallback, strict=True)]}
    keep = list(dict.fromkeys(["accuracy", "accuracy_m", *([spec.style.by] if spec.style.by else [])]))
    for k in keep:
        cols[k] = [None if v is None or (isinstance(v, float) and math.isnan(v)) else v
                   for v in _column(gdf, k)]
    schematic = np.asarray([a == "schematic" for a in cols["accuracy"]], dtype=bool)
    labelled = np.flatnonzero(schematic & (shapely.get_type_id(slim) >= 3))
    labels = {}
    if len(labelled):
        pts = shapely.point_on_surface(slim[labelled])
        labels = {str(i): [round(p.y, 5), round(p.x, 5)] for i, p in zip(labelled.tolist(), pts,
                                                                         strict=True)}
    for j, name in enumerate(spec.tooltip):
        cols[f"d{j}"] = _displayed(spec, name, _column(gdf, name), lang)
    keys = ["__title", *keep, "__lbl", *(f"d{j}" for j in range(len(spec.tooltip)))]
    encoded: dict[str, str] = {}
    for key in keys:
        if key == "__lbl":
            encoded[key] = '{"s":' + safe_json(labels) + "}"
            continue
        text = _encode_column(cols[key])
        same = next((k for k, t in encoded.items() if t == text), None)
        encoded[key] = '{"r":' + safe_json(same) + "}" if same else text
    return ('{"type":"ZQPack","v":1,"n":' + str(n) + ',"scale":' + str(PACK_SCALE)
            + ',"g":[' + ",".join(_encode_geometries(slim)) + "],"
            + '"keys":' + safe_json(keys) + ',"cols":{'
            + ",".join(safe_json(k) + ":" + encoded[k] for k in keys) + "}}")


def js_string(text: str) -> str:
    """``text`` as a single-quoted JavaScript string literal (for ``JSON.parse('...')``, which
    V8 parses faster than the same data as an object literal). ``text`` comes from safe_json:
    no raw '<', line or paragraph separators."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


_PAYLOADS: OrderedDict = OrderedDict()
_PAYLOADS_LOCK = threading.Lock()
_PAYLOADS_MAX = 64


def layer_payload(spec: LayerSpec, gdf: gpd.GeoDataFrame, lang: str, shift: str = "wgs84") -> str:
    """The data argument of ``ZQ.addLayer`` for one layer: ``JSON.parse('<layer_pack>')``.

    Cached per (layer declaration, frame, language, shift) for as long as the frame lives:
    frames are read-only (st.cache_resource in app.py), so a rerun reuses the text instead of
    simplifying and serialising again.  The frame is held by a weak reference, so an entry
    never outlives (nor is mistaken for) its frame.
    """
    key = (spec.id, id(gdf), lang, shift)
    with _PAYLOADS_LOCK:
        hit = _PAYLOADS.get(key)
        if hit is not None and hit[0]() is gdf and hit[1] == spec and hit[2] == len(gdf):
            _PAYLOADS.move_to_end(key)
            return hit[3]
    text = "JSON.parse(" + js_string(layer_pack(spec, gdf, lang, shift)) + ")"

    def drop(_ref, key=key) -> None:
        with _PAYLOADS_LOCK:
            entry = _PAYLOADS.get(key)
            if entry is not None and entry[0] is _ref:
                del _PAYLOADS[key]

    with _PAYLOADS_LOCK:
        _PAYLOADS[key] = (weakref.ref(gdf, drop), spec, len(gdf), text)
        _PAYLOADS.move_to_end(key)
        while len(_PAYLOADS) > _PAYLOADS_MAX:
            _PAYLOADS.popitem(last=False)
    return text


def layer_js_spec(spec: LayerSpec, lang: str) -> dict:
    kinds = set(spec.geometry_types)
    return {
        "id": spec.id, "z": spec.z, "interactive": spec.interactive,
        "kind": "point" if kinds == {"Point"} else "shape",
        "style": spec.style.to_js(), "labelNames": spec.label_names,
        "tooltip": [[f"d{j}", spec.field(n).label(lang)] for j, n in enumerate(spec.tooltip)],
        "name": spec.name(lang),
    }


class _Raw(Element):
    """Text that is already rendered (see _TextMacro)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:  # noqa: ARG002
        return self._text


class _TextMacro(MacroElement):
    """A MacroElement whose rendered header/html/script go into the figure as text.

    MacroElement.render wraps each in ``Element(text)``, which compiles the text as a Jinja
    template: a few ms per element on every render (st_folium renders the map twice per
    rerun), 1.2 s for the script of 10^4 parcels, and wrong for data containing ``{{``.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html),
                             ("script", figure.script)):
            macro = macros.get(part)
            if macro is not None:
                target.add_child(_Raw(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class _Setup(JSCSSMixin, _TextMacro):
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


class _Layer(_TextMacro):
    _template = Template("""{% macro script(this, kwargs) %}
ZQ.addLayer({{ this.spec }}, {{ this.data }});
{% endmacro %}""")

    def __init__(self, spec_js: dict, data: str):
        super().__init__()
        self._name = "ZQLayer"
        self.spec = safe_json(spec_js)
        self.data = data


class _State(_TextMacro):
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
        data = layer_payload(spec, frames[spec.id], lang, basemap.shift)
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
