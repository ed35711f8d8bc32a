"""Lengths/areas in GK CM 117°E with known answers, geodesic cross-checks, formatters."""

import math

import geopandas as gpd
import pytest
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon, box

from geo import measure as ms
from geo.errors import CRSMissingError, NonFiniteError
from geo.gk import ANALYSIS_CRS, CGCS2000, WGS84

_TO_GK = Transformer.from_crs(WGS84, ANALYSIS_CRS, always_xy=True)
X0, Y0 = _TO_GK.transform(117.5, 36.7)


def _wgs84(geoms, index=None):
    gk = gpd.GeoSeries(geoms, crs=ANALYSIS_CRS, index=index)
    return gk.to_crs(WGS84)


@pytest.fixture(scope="module")
def segment():
    return _wgs84([LineString([(X0 - 500, Y0), (X0 + 500, Y0)])])


@pytest.fixture(scope="module")
def square():
    return _wgs84([box(X0 - 500, Y0 - 500, X0 + 500, Y0 + 500)])


def test_one_km_segment(segment):
    assert ms.lengths_m(segment).iloc[0] == pytest.approx(1000.0, abs=0.01)


def test_one_km_square(square):
    m2 = ms.areas_m2(square).iloc[0]
    assert m2 == pytest.approx(1_000_000.0, abs=0.01)
    assert ms.m2_to_ha(m2) == pytest.approx(100.0, abs=0.01)
    assert ms.m2_to_mu(m2) == pytest.approx(1500.0, abs=0.01)


def test_unit_constants():
    assert ms.m2_to_mu(10_000 / 15) == pytest.approx(1.0, abs=1e-12)
    assert ms.HA_PER_M2 * 10_000 == 1.0


def test_geodesic_agrees_with_gk(segment, square):
    assert ms.geodesic_length_m(segment.iloc[0]) == pytest.approx(1000.0, rel=1e-3)
    assert ms.geodesic_area_m2(square.iloc[0]) == pytest.approx(1e6, rel=1e-3)


def test_not_web_mercator(square):
    mercator = square.to_crs("EPSG:3857").area.iloc[0]
    expected_inflation = 1 / math.cos(math.radians(36.7)) ** 2
    assert mercator / 1e6 == pytest.approx(expected_inflation, rel=0.01)  # ~1.55
    assert ms.areas_m2(square).iloc[0] / mercator == pytest.approx(1 / expected_inflation, rel=0.01)


def test_accepts_cgcs2000_geodataframe_and_keeps_index():
    gdf = gpd.GeoDataFrame({"k": [1, 2]}, index=["x", "y"],
                           geometry=_wgs84([LineString([(X0, Y0), (X0, Y0 + 250)]), Point(X0, Y0)]).values)
    gdf = gdf.set_crs(WGS84).to_crs(CGCS2000)
    lengths = ms.lengths_m(gdf)
    assert list(lengths.index) == ["x", "y"] and lengths.name == "length_m"
    assert lengths.tolist() == pytest.approx([250.0, 0.0], abs=0.01)
    assert ms.areas_m2(gdf).tolist() == [0.0, 0.0]


def test_accepts_analysis_crs_directly():
    gs = gpd.GeoSeries([box(0, 0, 100, 200)], crs=ANALYSIS_CRS)
    assert ms.areas_m2(gs).iloc[0] == pytest.approx(20_000.0)
    assert ms.lengths_m(gs).iloc[0] == pytest.approx(600.0)


def test_refuses_missing_crs_and_non_finite():
    with pytest.raises(CRSMissingError):
        ms.areas_m2(gpd.GeoSeries([box(0, 0, 1, 1)]))
    with pytest.raises(NonFiniteError):
        ms.lengths_m(gpd.GeoSeries([Point(544_680, 4_063_335)], crs="EPSG:4527"))  # 6-digit as prefixed


def test_geodesic_area_is_positive_for_clockwise_rings_with_holes():
    outer = [(117.4, 36.6), (117.4, 36.8), (117.6, 36.8), (117.6, 36.6)]  # clockwise
    hole = [(117.45, 36.65), (117.55, 36.65), (117.55, 36.75), (117.45, 36.75)]
    full = ms.geodesic_area_m2(Polygon(outer))
    holed = ms.geodesic_area_m2(Polygon(outer, [hole]))
    assert full > 0 and 0 < holed < full
    assert holed == pytest.approx(full * 0.75, rel=0.01)


@pytest.mark.parametrize(("m", "lang", "text"), [
    (850, "zh", "850 米"), (850, "en", "850 m"), (0, "en", "0 m"),
    (1250, "zh", "1.25 公里"), (1250, "en", "1.25 km"), (1000, "en", "1.00 km"),
    (123_456, "en", "123.46 km"),
])
def test_format_length(m, lang, text):
    assert ms.format_length(m, lang) == text


@pytest.mark.parametrize(("m2", "lang", "text"), [
    (1_000_000, "zh", "100.0 公顷（1,500 亩）"),
    (1_000_000, "en", "100.0 ha (1,500 mu)"),
    (500, "zh", "500 平方米（0.75 亩）"),
    (500, "en", "500 m² (0.75 mu)"),
    (25_000_000, "en", "2,500.0 ha (37,500 mu)"),
])
def test_format_area(m2, lang, text):
    assert ms.format_area(m2, lang) == text


def test_format_bad_lang():
    with pytest.raises(ValueError):
        ms.format_area(1.0, "de")
