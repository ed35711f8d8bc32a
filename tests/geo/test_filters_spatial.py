"""Spatial filters of the filter model: tiny synthetic frames in CGCS2000 GK (EPSG:4548) with
known answers (a point exactly 1,000 m away), URL round trips, drawn-shape validation."""

from types import SimpleNamespace

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon

from geo.drawn import check_ring, drawings_frame, drawn_rings
from geo.errors import InvalidFilterError
from geo.filter_params import from_params, to_params
from geo.filters import (
    CategoryFilter,
    FilterSet,
    InsideFilter,
    NearFilter,
    SpatialContext,
    TextFilter,
)

GK = "EPSG:4548"
X0, Y0 = 500_000.0, 4_070_000.0  # on the central meridian 117°E, ~36.8°N (Zhangqiu)

REF = gpd.GeoDataFrame({"name_zh": ["站A", "站B"], "name_en": ["Stop A", "Stop B"]},
                       geometry=[Point(X0, Y0), Point(X0 + 10_000, Y0)], crs=GK)
ROAD = gpd.GeoDataFrame({"name_zh": ["路"]}, geometry=[LineString([(X0, Y0 + 5000), (X0 + 20_000, Y0 + 5000)])],
                        crs=GK)
# distances to the nearest REF point: a 999.9, b 1000 exactly, c 1,500, d 5,000, e 0 (polygon containing A)
SITES = gpd.GeoDataFrame(
    {"name_zh": list("abcde"), "cluster": ["x", "y", "x", "y", "x"]},
    geometry=[Point(X0 + 999.9, Y0), Point(X0, Y0 + 1000), Point(X0 + 10_000, Y0 - 1500),
              Point(X0 + 5000, Y0), Polygon([(X0 - 50, Y0 - 50), (X0 + 50, Y0 - 50), (X0, Y0 + 50)])],
    index=list("abcde"), crs=GK)
FRAMES = {"stops": REF, "road": ROAD, "sites": SITES}
CTX = SpatialContext(FRAMES, names={"stops": ("站点", "stops")})


def _layer(lid, roles=(), kinds=None):
    return SimpleNamespace(id=lid, roles=roles, declared_kinds=lambda: kinds or {"name_zh": "text"})


NEAR = [
    (NearFilter("stops", None, 1000), "abe"),  # 1,000 m exactly is within
    (NearFilter("stops", None, 999.95), "ae"),
    (NearFilter("stops", None, 1000.1), "abe"),
    (NearFilter("stops", None, 1500), "abce"),
    (NearFilter("stops", None, 5000), "abcde"),
    (NearFilter("stops", 1, 1500), "c"),  # one chosen feature: Stop B only
    (NearFilter("stops", 0, 1), "e"),  # the polygon contains A: distance 0
    (NearFilter("road", None, 3999), ""),  # the road runs 5 km north of A; b is 4,000 m from it
    (NearFilter("road", None, 4000), "b"),
]


@pytest.mark.parametrize(("flt", "expected"), NEAR)
def test_near_masks_in_gk(flt, expected):
    bound = flt.bind(CTX)
    assert "".join(SITES.index[bound.mask(SITES).to_numpy()]) == expected


def test_near_measures_in_gk_not_web_mercator():
    # the same frame in lon/lat: the projection to EPSG:4548 gives the same answer
    bound = NearFilter("stops", None, 1000).bind(SpatialContext({"stops": REF.to_crs(4326)}))
    assert "".join(SITES.index[bound.mask(SITES.to_crs(4326)).to_numpy()]) == "abe"


def test_near_needs_binding_and_a_known_reference():
    with pytest.raises(InvalidFilterError):
        NearFilter("stops", None, 1000).mask(SITES)
    with pytest.raises(InvalidFilterError):
        NearFilter("nowhere", None, 1000).bind(CTX)
    with pytest.raises(InvalidFilterError):
        NearFilter("stops", 7, 1000).bind(CTX)


@pytest.mark.parametrize("bad", [dict(metres=0), dict(metres=-5), dict(metres=float("nan")),
                                 dict(metres=1e9), dict(index=-1), dict(index=True), dict(layer="")])
def test_near_rejects(bad):
    args = {"layer": "stops", "index": None, "metres": 1000.0, **bad}
    with pytest.raises(InvalidFilterError):
        NearFilter(**args)


def test_near_wording_and_which_layers():
    whole = NearFilter("stops", None, 2000).bind(CTX)
    assert whole.describe("zh").startswith("距站点直线 ≤ 2 公里")
    assert "within 2 km (straight line) of stops" in whole.describe("en")
    one = NearFilter("stops", 1, 1500).bind(CTX)
    assert "“站点 · 站B”" in one.describe("zh") and "“stops · Stop B”" in one.describe("en")
    assert "1.5 km" in one.describe("en")
    assert not whole.applies(_layer("stops")) and one.applies(_layer("stops"))
    assert whole.applies(_layer("sites")) and not whole.applies(_layer("outline", ("extent",)))


def _ring(x, y, w=0.01):
    return ((x, y), (x + w, y), (x + w, y + w), (x, y + w))


def test_inside_union_of_polygons():
    sites = SITES.to_crs(4326)
    a = sites.geometry["a"]
    d = sites.geometry["d"]
    one = InsideFilter((_ring(a.x - 0.001, a.y - 0.001, 0.002),)).bind(CTX)
    assert "".join(sites.index[one.mask(sites).to_numpy()]) == "a"
    two = InsideFilter((_ring(a.x - 0.001, a.y - 0.001, 0.002), _ring(d.x - 0.001, d.y - 0.001, 0.002)))
    assert "".join(sites.index[two.mask(sites).to_numpy()]) == "ad"
    assert "2" in two.describe("zh") and "2 areas" in two.describe("en")
    assert not two.applies(_layer("outline", ("extent", "context"))) and two.applies(_layer("stops"))


DEGENERATE = [
    [(117.5, 36.7), (117.51, 36.7)],  # two points
    [(117.5, 36.7), (117.51, 36.7), (117.5, 36.7)],  # closed, still two distinct
    [(117.5, 36.7), (117.51, 36.71), (117.52, 36.72)],  # collinear: 0 m²
    [(117.5, 36.7), (117.5, 36.7), (117.5, 36.7), (117.5, 36.7)],
]


@pytest.mark.parametrize("ring", DEGENERATE)
def test_degenerate_shapes_are_refused_with_a_message(ring):
    with pytest.raises(InvalidFilterError) as info:
        check_ring(ring)
    assert "重新绘制" in info.value.zh and "draw it again" in info.value.en


def test_self_crossing_shape_is_refused():
    bowtie = [(117.5, 36.7), (117.51, 36.71), (117.51, 36.7), (117.5, 36.71)]
    with pytest.raises(InvalidFilterError) as info:
        check_ring(bowtie)
    assert "自相交" in info.value.zh and "crosses itself" in info.value.en
    with pytest.raises(InvalidFilterError):
        InsideFilter((bowtie,))


def test_drawn_rings_keep_every_usable_polygon_and_say_why_not():
    def feat(coords, kind="Polygon"):
        return {"type": "Feature", "geometry": {"type": kind, "coordinates": coords}}

    good = [list(p) for p in _ring(117.5, 36.7)] + [[117.5, 36.7]]
    flat = [[117.5, 36.7], [117.51, 36.7], [117.5, 36.7]]
    feats = [feat([good]), feat([[117.5, 36.7], [117.6, 36.7]], "LineString"), feat([flat]), feat([good])]
    rings, problems = drawn_rings(feats)
    assert len(rings) == 2 and [n for n, _ in problems] == [3]
    frame = drawings_frame(feats)
    assert list(frame["problem_en"] != "") == [False, False, True, False]


def test_check_ring_rounds_and_opens():
    ring = check_ring(Polygon(_ring(117.1234567, 36.7654321)))
    assert ring[0] == (117.123457, 36.765432) and ring[0] != ring[-1] and len(ring) == 4


ROUND_TRIP = [
    FilterSet((NearFilter("metro8_stations", None, 2000.0), CategoryFilter("cluster", ("x",)))),
    FilterSet((NearFilter("parks", 3, 1500.0),)),
    FilterSet((NearFilter("a:b|c", None, 1234.5),)),
    FilterSet((InsideFilter((_ring(117.5, 36.7), _ring(117.6, 36.75, 0.02))), TextFilter(("name_zh",), "圣泉"))),
]


@pytest.mark.parametrize("fs", ROUND_TRIP)
def test_url_round_trip(fs):
    params = to_params(fs)
    back, ignored = from_params(params, {"cluster": "category", "name_zh": "text"})
    assert ignored == [] and back == fs
    assert to_params(back) == params


def test_url_forms_are_the_documented_ones():
    with pytest.raises(InvalidFilterError):  # one distance filter at a time
        FilterSet((NearFilter("a", None, 1), NearFilter("b", None, 2)))
    assert to_params(FilterSet((NearFilter("metro8_stations", None, 2000),))) == {
        "f.@near": "near:metro8_stations:*:2000"}
    assert to_params(FilterSet((NearFilter("g309", 2, 750.5),))) == {"f.@near": "near:g309:2:750.5"}
    inside = to_params(FilterSet((InsideFilter((_ring(117.5, 36.7), _ring(117.6, 36.7))),)))
    assert inside["f.@inside"].startswith("inside:117.5,36.7;117.51,36.7;") and inside["f.@inside"].count("|") == 1


@pytest.mark.parametrize("raw", [
    {"f.@near": "near:stops:*"}, {"f.@near": "near:stops:x:100"}, {"f.@near": "near:stops:*:-1"},
    {"f.@near": "inside:1,2;3,4;5,6"}, {"f.@inside": "inside:117.5,36.7;117.51,36.7"},
    {"f.@inside": "inside:a,b;c,d;e,f"}, {"f.@inside": "inside:117.5,36.7;117.51,36.71;117.51,36.7;117.5,36.71"},
    {"f.@near": "near:stops:*:1e999"},
])
def test_bad_spatial_params_are_ignored_and_reported(raw):
    fs, ignored = from_params(raw, {})
    assert fs == FilterSet(()) and [i.key for i in ignored] == list(raw)
    assert all(i.reason_zh and i.reason_en for i in ignored)


def test_inside_area_is_in_gk():
    flt = InsideFilter((_ring(117.5, 36.7),))
    assert 800_000 < flt.area.area < 1_000_000  # ~0.01° × 0.01° at 36.7°N ≈ 891 m × 1,112 m
    assert shapely.get_srid(flt.area) == 0 and np.isfinite(shapely.get_coordinates(flt.area)).all()
