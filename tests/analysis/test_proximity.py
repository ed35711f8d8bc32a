"""Straight-line proximity in CGCS2000 GK: known answers and honest wording."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from geo import proximity as px
from geo.gk import ANALYSIS_CRS

STATION = Point(117.43285, 36.67017)  # 山东大学站 (as in the data), WGS84


def station_gk() -> Point:
    return gpd.GeoSeries([STATION], crs=4326).to_crs(ANALYSIS_CRS).iloc[0]


def ref(geoms, names=None, acc=None, acc_m=None) -> px.Reference:
    n = len(geoms)
    return px.Reference("t", "参照", "ref", np.asarray(geoms, dtype=object),
                        tuple(names or [f"r{i}" for i in range(n)]),
                        tuple(acc or ["exact"] * n), tuple(acc_m or [math.nan] * n))


def test_a_point_exactly_1_km_from_a_station():
    s = station_gk()
    target = Point(s.x + 600, s.y + 800)  # 3-4-5: exactly 1,000 m in GK
    other = Point(s.x + 5000, s.y)
    dist, idx = px.nearest(np.array([target], dtype=object), ref([other, s], ["远站", "山东大学站"]))
    assert dist[0] == pytest.approx(1000.0, abs=1e-6)
    assert idx[0] == 1
    # and the same point built from lon/lat: to_analysis → GK, then 1 km again
    back = gpd.GeoSeries([target], crs=ANALYSIS_CRS).to_crs(4326)
    again = px.to_analysis(back)
    d2, _ = px.nearest(again, ref([s]))
    assert d2[0] == pytest.approx(1000.0, abs=1e-3)


def test_within_is_inclusive_and_uses_gk_metres():
    s = station_gk()
    targets = np.array([Point(s.x + 1000, s.y), Point(s.x + 1001, s.y), None], dtype=object)
    assert px.within(targets, np.array([s], dtype=object), 1000).tolist() == [True, False, False]


def test_polygons_measure_from_their_edge_and_lines_from_the_nearest_point():
    sq = box(0, 0, 1000, 1000)
    line = LineString([(0, 2000), (5000, 2000)])
    targets = np.array([Point(500, 500), Point(1500, 500), Point(2500, 2300)], dtype=object)
    d_sq, _ = px.nearest(targets, ref([sq]))
    d_line, _ = px.nearest(targets, ref([line]))
    assert d_sq.tolist() == pytest.approx([0, 500, math.hypot(1500, 1300)])
    assert d_line.tolist() == pytest.approx([1500, 1500, 300])


def test_missing_geometries_give_nan_not_zero():
    dist, idx = px.nearest(np.array([None, Point(0, 0)], dtype=object), ref([Point(3, 4)]))
    assert math.isnan(dist[0]) and idx[0] == -1
    assert dist[1] == pytest.approx(5)


def test_inside_a_drawn_polygon():
    area = box(0, 0, 100, 100)
    targets = np.array([Point(50, 50), Point(150, 50), LineString([(90, 50), (200, 50)])], dtype=object)
    assert px.inside(targets, area).tolist() == [True, False, True]
    assert px.inside(targets, shapely.Polygon()).tolist() == [False, False, False]


@pytest.mark.parametrize(("a", "ma", "b", "mb", "expected"), [
    ("exact", math.nan, "exact", 30.0, 0.0),
    ("approximate", 1500.0, "approximate", 1000.0, 2500.0),
    ("approximate", 1500.0, "exact", 30.0, 1500.0),
    ("schematic", math.nan, "approximate", 1000.0, None),
])
def test_error_radius_adds_both_ends(a, ma, b, mb, expected):
    assert px.error_radius(a, ma, b, mb) == expected


def test_distance_wording_says_straight_line_and_the_error():
    # issue 9.6: whole metres everywhere (km alongside from 1,000 m), one formatter px.metres
    assert px.distance_phrase(2300, 2500, "zh") == "≈ 2,300 m（2.3 km，直线，位置近似±2,500 m）"
    assert px.distance_phrase(2300, 2500, "en") == "≈ 2,300 m (2.3 km, straight line, positions ±2,500 m)"
    assert px.distance_phrase(2314, 0.0, "zh") == "2,314 m（2.3 km，直线）"
    assert px.distance_phrase(850, 0.0, "en") == "850 m (straight line)"
    assert px.distance_phrase(49, 1400, "zh") == "≈ 49 m（直线，位置近似±1,400 m）"
    schematic = px.distance_phrase(3100, None, "zh", schematic=True)
    assert "直线" in schematic and "示意" in schematic and "代表点" in schematic
    assert "representative point" in px.distance_phrase(3100, None, "en", schematic=True)
    assert px.distance_phrase(0.0, 800, "zh").startswith("0 m（直线")
    assert px.distance_phrase(math.nan, 0, "zh") == ""
    # an approximate position with no stated radius: the error is unknown, never taken as 0
    assert math.isnan(px.error_radius("approximate", math.nan, "approximate", 1000.0))
    assert px.distance_phrase(2300, math.nan, "zh") == "≈ 2,300 m（2.3 km，直线，位置误差未知）"
    assert px.distance_phrase(2300, math.nan, "en") == "≈ 2,300 m (2.3 km, straight line, position error unknown)"
    assert px.distance_phrase(0.0, math.nan, "zh") == "0 m（直线，相交或位于其内，位置误差未知）"
