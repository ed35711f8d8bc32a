"""Measuring drawn shapes: CGCS2000 GK against the GRS80 geodesic and the map's ruler.

The map's ruler is folium's MeasureControl = leaflet-measure 2.1.7 (geocrunch): haversine
lengths and spherical-excess areas on a sphere of R = 6 371 000 m.  geo.drawn re-implements
those formulas (checked against the vendored bundle below) so the comparison is a test.

Figures near Zhangqiu (centre 117.5°E, 36.7°N; shapes built exactly in EPSG:4548):

=====================  ==============  ===============  ==================
shape                  GK (EPSG:4548)  geodesic GRS80   leaflet-measure
=====================  ==============  ===============  ==================
1 km² square           1,000,000 m²    999,951 m²       999,641 m² (-0.036 %)
  (= 1,500 亩 = 100 公顷)
10 km east-west line   10,000 m        9,999.75 m       9,976.6 m (-0.23 %)
10 km north-south      10,000 m        9,999.75 m       10,019.8 m (+0.20 %)
=====================  ==============  ===============  ==================

So the ruler is off by ~23 m per 10 km depending on direction (its sphere is too small
east-west and too large north-south at 36.7°N), and its areas by ~0.04 %; GK and the geodesic
agree to < 3e-5 (the GK scale factor 44 km from the central meridian).  Web Mercator would
inflate the square to ~1.55 km².  The app reports the GK figures.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, box

from geo.drawn import (
    LEAFLET_MEASURE_RADIUS_M,
    drawings_frame,
    leaflet_measure_area_m2,
    leaflet_measure_length_m,
    measure,
)
from geo.gk import ANALYSIS_CRS
from geo.measure import format_area, m2_to_ha, m2_to_mu

VENDORED = Path(__file__).resolve().parents[2] / "static/vendor/leaflet-measure@2.1.7/dist/leaflet-measure.min.js"


def centre():
    return gpd.GeoSeries(gpd.points_from_xy([117.5], [36.7]), crs=4326).to_crs(ANALYSIS_CRS).iloc[0]


def to_wgs(geom):
    return gpd.GeoSeries([geom], crs=ANALYSIS_CRS).to_crs(4326).iloc[0]


def test_one_square_kilometre_is_1500_mu_and_100_ha():
    c = centre()
    m = measure(to_wgs(box(c.x - 500, c.y - 500, c.x + 500, c.y + 500)))
    assert m.area_gk_m2 == pytest.approx(1e6, rel=1e-9)
    assert m2_to_mu(m.area_gk_m2) == pytest.approx(1500, rel=1e-9)
    assert m2_to_ha(m.area_gk_m2) == pytest.approx(100, rel=1e-9)
    assert format_area(m.area_gk_m2, "zh") == "100.0 公顷（1,500 亩）"
    assert m.length_gk_m == pytest.approx(4000, rel=1e-9)
    # GK vs the GRS80 geodesic: the GK scale factor here (~1 + 2.5e-5)
    assert m.area_geodesic_m2 == pytest.approx(999_951, abs=5)
    assert abs(m.area_geodesic_m2 / m.area_gk_m2 - 1) < 1e-4
    # the map's ruler (spherical): 0.036 % small
    assert m.area_ruler_m2 == pytest.approx(999_641, abs=5)
    assert -4.0e-4 < m.area_ruler_m2 / m.area_gk_m2 - 1 < -3.0e-4


@pytest.mark.parametrize(("dx", "dy", "ruler"), [(10_000, 0, 9_976.6), (0, 10_000, 10_019.8)])
def test_a_10_km_line_near_zhangqiu(dx, dy, ruler):
    c = centre()
    m = measure(to_wgs(LineString([(c.x - dx / 2, c.y - dy / 2), (c.x + dx / 2, c.y + dy / 2)])))
    assert m.length_gk_m == pytest.approx(10_000, abs=0.01)
    assert m.length_geodesic_m == pytest.approx(10_000, abs=0.5)  # GK scale error 2.5e-5
    assert m.length_ruler_m == pytest.approx(ruler, abs=0.5)  # ±0.2 %: the sphere, not GK
    assert m.area_gk_m2 == 0


def test_web_mercator_would_inflate_the_square():
    c = centre()
    sq = gpd.GeoSeries([box(c.x - 500, c.y - 500, c.x + 500, c.y + 500)], crs=ANALYSIS_CRS)
    assert sq.to_crs(3857).area.iloc[0] / 1e6 == pytest.approx(1.55, abs=0.01)


def test_the_reimplemented_ruler_matches_the_vendored_bundle():
    js = VENDORED.read_text(encoding="utf-8")
    assert "EARTHRADIUS:6371e3" in js and LEAFLET_MEASURE_RADIUS_M == 6371e3
    assert "2+Math.sin(f.degrees.toRadians(d[1]))+Math.sin(f.degrees.toRadians(g[1]))" in js
    assert "2*e*Math.atan2(Math.sqrt(k),Math.sqrt(1-k))" in js  # haversine
    # one degree of latitude on that sphere, and a degree-square area by hand
    assert leaflet_measure_length_m([(117, 36), (117, 37)]) == pytest.approx(6371e3 * 3.14159265 / 180, rel=1e-6)
    import math
    expected = math.radians(1) * (math.sin(math.radians(37)) - math.sin(math.radians(36))) * 6371e3 ** 2
    ring = [(117, 36), (118, 36), (118, 37), (117, 37), (117, 36)]
    assert leaflet_measure_area_m2(ring) == pytest.approx(expected, rel=1e-9)


def test_drawings_from_the_map_component():
    feats = [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [117.5, 36.7]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString",
                                                           "coordinates": [[117.5, 36.7], [117.6, 36.7]]}},
        {"type": "Feature", "geometry": None},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
            [[117.5, 36.7], [117.6, 36.7], [117.5, 36.8], [117.6, 36.8], [117.5, 36.7]]]}},  # bow-tie
    ]
    frame = drawings_frame(feats)
    assert frame["n"].tolist() == [2, 4]
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.iloc[1].is_valid and frame.geometry.iloc[1].area > 0
    assert drawings_frame(None).empty
    with pytest.raises(ValueError):
        measure(frame.geometry.iloc[0].centroid)
