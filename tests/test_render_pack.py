"""The compact layer pack (layers/map/codec.py layer_pack) holds exactly what feature_collection says.

``unpack`` below mirrors ``ZQ.unpack`` in static/app/zq.js line by line; the browser side of
the same equivalence (L.LatLng, options, toGeoJSON) is checked by bench/bench_map.py's runs.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely

from layers.load import load_layer
from layers.map.cache import layer_payload
from layers.map.codec import feature_collection, layer_pack
from layers.map.elements import TextMacro as _TextMacro
from layers.map.jstext import js_string
from layers.registry import CATALOG
from layers.spec import Field, LayerSpec, Style


def _column(c: dict, cols: dict, n: int):
    if "r" in c:
        return _column(cols[c["r"]], cols, n)
    if "s" in c:
        return {int(k): v for k, v in c["s"].items()}
    if "k" in c:
        vals = [c["k"]] * n
    elif "d" in c:
        vals = [c["d"][i] for i in c["i"]]
    else:
        vals = list(c["c"])
    if c.get("p") or c.get("x"):
        vals = [c.get("p", "") + v + c.get("x", "") for v in vals]
    return vals


def _geometry(g, scale: int):
    if not isinstance(g, list):
        return g
    cur = [0, 0]

    def pts(flat, close=False):
        out = []
        for i in range(0, len(flat), 2):
            cur[0] += flat[i]
            cur[1] += flat[i + 1]
            out.append([cur[0] / scale, cur[1] / scale])
        if close and out:
            out.append(list(out[0]))
        return out

    code = g[0]
    if code == 1:
        return {"type": "Point", "coordinates": [g[1] / scale, g[2] / scale]}
    if code in (2, 4):
        return {"type": "LineString" if code == 2 else "MultiPoint", "coordinates": pts(g[1])}
    if code == 3:
        return {"type": "Polygon", "coordinates": [pts(r, True) for r in g[1]]}
    if code == 5:
        return {"type": "MultiLineString", "coordinates": [pts(r) for r in g[1]]}
    return {"type": "MultiPolygon", "coordinates": [[pts(r, True) for r in p] for p in g[1]]}


def unpack(text: str, layer_id: str) -> dict:
    p = json.loads(text)
    assert p["type"] == "ZQPack" and p["v"] == 1
    n = p["n"]
    cols = {k: _column(p["cols"][k], p["cols"], n) for k in p["keys"]}
    feats = []
    for i in range(n):
        props = {"__i": i, "__l": layer_id}
        for k in p["keys"]:
            col = cols[k]
            if isinstance(col, dict):
                if i in col:
                    props[k] = col[i]
            else:
                props[k] = col[i]
        feats.append({"type": "Feature", "geometry": _geometry(p["g"][i], p["scale"]),
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def expected(spec, gdf, lang, shift) -> dict:
    # feature_collection writes a missing geometry as Python's None (a JS ReferenceError); the
    # pack writes null for missing and empty geometries (Leaflet skips those features).
    text = feature_collection(spec, gdf, lang, shift).replace('"geometry":None', '"geometry":null')
    fc = json.loads(text)

    def empty(c) -> bool:
        return not c or (isinstance(c, list) and all(isinstance(x, list) and empty(x) for x in c))

    for f in fc["features"]:
        g = f["geometry"]
        if g is not None and g["type"] != "GeometryCollection" and empty(g["coordinates"]):
            f["geometry"] = None
    return fc


@pytest.mark.parametrize("spec", CATALOG.layers, ids=lambda s: s.id)
@pytest.mark.parametrize(("lang", "shift"), [("zh", "wgs84"), ("en", "gcj02")])
def test_pack_equals_feature_collection(spec, lang, shift):
    gdf = load_layer(spec)
    assert unpack(layer_pack(spec, gdf, lang, shift), spec.id) == expected(spec, gdf, lang, shift)


ODD = LayerSpec(
    id="odd_layer", name_zh="怪", name_en="Odd", theme="projects", file="none.geojson",
    geometry_types=("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                    "MultiPolygon", "GeometryCollection"),
    style=Style(by="cat"),
    fields=(Field("name_zh", "名称", "Name", "text"), Field("cat", "类", "Cat", "category"),
            Field("n", "数", "N", "number", unit_zh="米", unit_en="m"),
            Field("flag", "是否", "Flag", "category"), Field("year", "年", "Year", "year"),
            Field("accuracy", "精度", "Accuracy", "category")),
    tooltip=("name_zh", "cat", "n", "flag", "year", "accuracy"), legend_zh="怪", legend_en="Odd",
)


def odd_frame() -> gpd.GeoDataFrame:
    sq = shapely.Polygon([(117.5, 36.7), (117.6, 36.7), (117.6, 36.8), (117.5, 36.8)],
                         [[(117.52, 36.72), (117.53, 36.72), (117.53, 36.73)]])
    geoms = [
        shapely.Point(117.5, 36.7), None, shapely.Polygon(), sq,
        shapely.MultiPolygon([sq, shapely.box(117.7, 36.7, 117.8, 36.8)]),
        shapely.LineString([(117.5, 36.7), (117.6, 36.75), (117.7, 36.7)]),
        shapely.MultiLineString([[(117.5, 36.7), (117.6, 36.75)], [(117.7, 36.7), (117.8, 36.7)]]),
        shapely.MultiPoint([(117.5, 36.7), (117.6, 36.8)]),
        shapely.GeometryCollection([shapely.Point(117.5, 36.7), shapely.LineString([(0, 0), (1, 1)])]),
        shapely.Point(117.123456789, 36.987654321),
    ]
    n = len(geoms)
    names = ["</script><script>alert(1)</script>", "it's \\ \"q\"", "{{'x'}} {% y %}",
             "a\u2028b\u2029c\nd", None, float("nan"), "", "图斑 1", "图斑 2", "图斑 3"]
    return gpd.GeoDataFrame({
        "name_zh": names,
        "cat": ["a;b", "a", None, "b", "a", "a", "a", "a", "a", "a"],
        "n": [1, 1.0, 2.5, None, float("nan"), 1e9, -3, 0, 7, 7],
        "flag": [True, False, 1, 0, None, True, True, True, True, True],
        "year": [2020, 2021.0, None, 2020, 2020, 2020, 2020, 2020, 2020, 2020],
        "accuracy": ["schematic", "exact", "approximate", "schematic", "schematic", None, "exact",
                     "exact", "exact", "exact"],
    }, geometry=gpd.GeoSeries(geoms), crs="EPSG:4326").iloc[:n]


@pytest.mark.parametrize("shift", ["wgs84", "gcj02"])
def test_pack_handles_every_geometry_and_value_kind(shift):
    gdf = odd_frame()
    assert unpack(layer_pack(ODD, gdf, "zh", shift), ODD.id) == expected(ODD, gdf, "zh", shift)


def test_payload_is_a_safe_js_string_literal_and_is_cached():
    gdf = odd_frame()
    text = layer_payload(ODD, gdf, "zh")
    assert text.startswith("JSON.parse('") and text.endswith("')")
    body = text[len("JSON.parse('"):-2]
    for bad in ("<", "\u2028", "\u2029", "\n"):
        assert bad not in body
    assert "'" not in body.replace("\\'", "")
    assert layer_payload(ODD, gdf, "zh") is text  # cached per frame
    copy = gdf.copy()
    assert layer_payload(ODD, copy, "zh") is not text  # another frame: not mistaken for it
    assert layer_payload(ODD, gdf, "en") != text


def test_js_string_round_trips():
    for s in ['{"a":"it\'s \\\\ \\"q\\""}', "{}", '"\\u2028"']:
        lit = js_string(s)
        assert lit[0] == lit[-1] == "'"
        # what a JS engine reads back from the literal
        assert lit[1:-1].replace("\\\\", "\x00").replace("\\'", "'").replace("\x00", "\\") == s


def test_text_macro_keeps_jinja_syntax_in_data_literal():
    import folium

    class Probe(_TextMacro):
        from jinja2 import Template

        _template = Template("{% macro script(this, kwargs) %}var x = {{ this.v }};{% endmacro %}")

        def __init__(self, v):
            super().__init__()
            self.v = v

    m = folium.Map(tiles=None)
    Probe("'{{ 1 + 1 }}'").add_to(m)
    html = m.get_root().render()
    assert "var x = '{{ 1 + 1 }}';" in html


def test_rounding_matches_slim_geometries():
    gdf = odd_frame()
    pts = [f["geometry"] for f in unpack(layer_pack(ODD, gdf, "zh"), ODD.id)["features"]]
    assert pts[-1]["coordinates"] == [round(117.123456789, 5), round(36.987654321, 5)]
    assert np.isclose(pts[0]["coordinates"][0], 117.5)
