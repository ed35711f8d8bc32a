"""The map-data codec: one layer as slim GeoJSON (``feature_collection``) or as the compact
pack (``layer_pack``) that ``static/app/zq.js`` decodes into exactly the same features."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely

from layers.display import display_value, format_value
from layers.map.geometry import PACK_SCALE, encode_geometries, slim_geometries
from layers.map.jstext import safe_json
from layers.spec import LayerSpec


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
#    "g": [<geometry>, ...],            one per feature, see geometry.encode_geometries
#    "keys": ["__title", "accuracy", ..., "__lbl", "d0", ...],   property order
#    "cols": {key: <column>}}           see _encode_column
#
# ``__i`` (the row position) and ``__l`` (the layer id) are implied.  At 10^4 parcels this is
# ~250 bytes per polygon instead of ~700 for slim GeoJSON, and it has almost no ``_name``
# tokens for streamlit-folium's regex passes over the map script.


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
                text = format_value(f, v, lang)
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
            + ',"g":[' + ",".join(encode_geometries(slim)) + "],"
            + '"keys":' + safe_json(keys) + ',"cols":{'
            + ",".join(safe_json(k) + ":" + encoded[k] for k in keys) + "}}")
