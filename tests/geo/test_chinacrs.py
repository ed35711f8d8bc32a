"""GCJ-02 / BD-09 conversions against published reference pairs, round trips and geometry."""

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon

from geo import chinacrs as cc
from geo.errors import NonFiniteError, NotDegreesError, UnsupportedInputError

# Reference pairs computed once with coord-convert 0.2.1 (PyPI, coord_convert.transform; the
# same Krasovsky formula and a = 6378245.0). It iterates GCJ->WGS only to 1e-6 degrees, so
# those rows get a 2e-6 tolerance; all other rows agree to float precision.
COORD_CONVERT_0_2_1 = [
    ("wgs84_to_gcj02", (117.5, 36.7), (117.50605184431947, 36.700292919274624), 1e-9),
    ("wgs84_to_gcj02", (117.2, 36.45), (117.20598501542582, 36.4501958896088), 1e-9),
    ("wgs84_to_gcj02", (117.75, 36.98), (117.75605478893527, 36.980493425590474), 1e-9),
    ("wgs84_to_gcj02", (116.404, 39.915), (116.41024449916938, 39.91640428150164), 1e-9),
    ("wgs84_to_gcj02", (121.4737, 31.2304), (121.47822305927693, 31.22845773757727), 1e-9),
    ("wgs84_to_gcj02", (113.2644, 23.1291), (113.26972959210308, 23.126423339922844), 1e-9),
    ("gcj02_to_wgs84", (117.5, 36.7), (117.49392598184606, 36.699689089635086), 2e-6),
    ("gcj02_to_wgs84", (121.4737, 31.2304), (121.46916226346737, 31.232329239140196), 2e-6),
    ("gcj02_to_bd09", (117.5, 36.7), (117.50642841704646, 36.70617108606304), 1e-9),
    ("gcj02_to_bd09", (116.404, 39.915), (116.41036949371029, 39.92133699351021), 1e-9),
    ("bd09_to_gcj02", (117.5, 36.7), (117.49360238019078, 36.69373780343676), 1e-9),
    ("bd09_to_gcj02", (113.2644, 23.1291), (113.25794621350208, 23.122967171141923), 1e-9),
    ("wgs84_to_bd09", (117.5, 36.7), (117.51251286091258, 36.70636015827665), 1e-9),
    ("wgs84_to_bd09", (116.404, 39.915), (116.41662724378733, 39.922699552216216), 1e-9),
    ("bd09_to_wgs84", (117.5, 36.7), (117.48750593321762, 36.69341187072858), 2e-6),
    ("bd09_to_wgs84", (116.404, 39.915), (116.39138609591716, 39.90725543297976), 2e-6),
]

# The test vector published in the README of wandergis/coordTransform (and the npm package
# coordtransform). Its gcj02towgs84 is the one-step approximation, ~0.06 m from the exact
# inverse used here, hence 1e-6 degrees for that row.
WANDERGIS = [
    ("bd09_to_gcj02", (116.404, 39.915), (116.39762729119315, 39.90865673957631), 1e-12),
    ("gcj02_to_wgs84", (116.404, 39.915), (116.39775550083061, 39.91359571849836), 1e-6),
]

REFERENCE = COORD_CONVERT_0_2_1 + WANDERGIS


@pytest.mark.parametrize(("func", "src", "expected", "tol"), REFERENCE)
def test_reference_pairs(func, src, expected, tol):
    lon, lat = getattr(cc, func)(*src)
    assert lon == pytest.approx(expected[0], abs=tol)
    assert lat == pytest.approx(expected[1], abs=tol)


def test_exact_inverse_is_tighter_than_one_step_approximation():
    lon, lat = cc.gcj02_to_wgs84(116.404, 39.915)
    back = cc.wgs84_to_gcj02(lon, lat)
    assert back == pytest.approx((116.404, 39.915), abs=1e-9)


def test_zhangqiu_offset_sanity():
    lon, lat = cc.wgs84_to_gcj02(117.5, 36.7)
    assert lon - 117.5 == pytest.approx(0.0060, abs=1e-4)
    assert lat - 36.7 == pytest.approx(0.0003, abs=1e-4)


# eviltransform 0.1.1 (PyPI) also leaves BD-09 unchanged outside China, as done here.
@pytest.mark.parametrize("func", ["wgs84_to_gcj02", "gcj02_to_wgs84", "gcj02_to_bd09",
                                  "bd09_to_gcj02", "wgs84_to_bd09", "bd09_to_wgs84"])
@pytest.mark.parametrize("point", [(139.69, 35.69), (2.35, 48.86), (-74.0, 40.7), (117.5, 60.0)])
def test_outside_china_unchanged(func, point):
    assert getattr(cc, func)(*point) == point


def _metres(dlon, dlat, lat):
    return np.hypot(dlon * 111_320 * np.cos(np.radians(lat)), dlat * 110_574)


@pytest.fixture(scope="module")
def zhangqiu_grid():
    lon, lat = np.meshgrid(np.linspace(117.2, 117.75, 56), np.linspace(36.45, 36.98, 54))
    return lon, lat


def test_round_trip_wgs_gcj_wgs_over_zhangqiu(zhangqiu_grid):
    lon, lat = zhangqiu_grid
    back = cc.gcj02_to_wgs84(*cc.wgs84_to_gcj02(lon, lat))
    err = _metres(back[0] - lon, back[1] - lat, lat)
    assert err.max() < 0.5
    assert err.max() < 1e-3  # in fact sub-millimetre


def test_round_trip_gcj_wgs_gcj_over_zhangqiu(zhangqiu_grid):
    lon, lat = zhangqiu_grid
    back = cc.wgs84_to_gcj02(*cc.gcj02_to_wgs84(lon, lat))
    err = _metres(back[0] - lon, back[1] - lat, lat)
    assert err.max() < 0.5
    assert err.max() < 1e-3


def test_round_trip_bd_over_zhangqiu(zhangqiu_grid):
    lon, lat = zhangqiu_grid
    back = cc.bd09_to_wgs84(*cc.wgs84_to_bd09(lon, lat))
    assert _metres(back[0] - lon, back[1] - lat, lat).max() < 0.5


def test_shapes_and_types():
    lon, lat = cc.wgs84_to_gcj02(117.5, 36.7)
    assert isinstance(lon, float) and isinstance(lat, float)
    arr = np.full((2, 3), 117.5)
    out = cc.gcj02_to_wgs84(arr, np.full((2, 3), 36.7))
    assert out[0].shape == (2, 3) and out[0].dtype == float
    ints = cc.wgs84_to_bd09([117, 118], [36, 37])
    assert ints[0].dtype == float and ints[0].shape == (2,)


def test_inputs_not_mutated():
    lon, lat = np.array([117.5, 117.6]), np.array([36.7, 36.8])
    cc.gcj02_to_wgs84(lon, lat)
    assert lon.tolist() == [117.5, 117.6] and lat.tolist() == [36.7, 36.8]


def test_nan_passes_through_arrays():
    lon, _lat = cc.wgs84_to_gcj02(np.array([np.nan, 117.5]), np.array([36.7, 36.7]))
    assert np.isnan(lon[0]) and np.isfinite(lon[1])


def _geoseries():
    poly = Polygon([(117.4, 36.6), (117.6, 36.6), (117.6, 36.8), (117.4, 36.8)],
                   [[(117.45, 36.65), (117.5, 36.65), (117.5, 36.7)]])
    geoms = [Point(117.5, 36.7), LineString([(117.3, 36.5), (117.7, 36.9)]), poly,
             Point(117.5, 36.7, 123.0), None]
    return gpd.GeoSeries(geoms, index=["p", "l", "a", "z", "n"], crs="EPSG:4326", name="geom")


def test_transform_geometry_array_matches_pointwise():
    gs = _geoseries()
    before = gs.to_wkt().tolist()
    out = cc.transform_geometry_array(gs, "wgs84", "gcj02")
    assert gs.to_wkt().tolist() == before
    assert list(out.index) == list(gs.index) and out.crs == gs.crs and out.name == "geom"
    src = shapely.get_coordinates(gs.values)
    got = shapely.get_coordinates(out.values)
    exp = np.column_stack(cc.wgs84_to_gcj02(src[:, 0], src[:, 1]))
    np.testing.assert_allclose(got, exp, rtol=0, atol=1e-12)
    assert out["z"].has_z and out["z"].z == 123.0
    assert out["n"] is None
    assert len(out["a"].interiors) == 1


@pytest.mark.parametrize(("src", "dst"), [("wgs84", "bd09"), ("bd09", "wgs84"), ("gcj02", "bd09")])
def test_transform_geometry_array_round_trips(src, dst):
    arr = np.asarray(_geoseries().values)
    there = cc.transform_geometry_array(arr, src, dst)
    back = cc.transform_geometry_array(there, dst, src)
    assert isinstance(back, np.ndarray)
    np.testing.assert_allclose(shapely.get_coordinates(back), shapely.get_coordinates(arr), atol=1e-8)


def test_transform_same_system_is_copy():
    gs = _geoseries()
    out = cc.transform_geometry_array(gs, "gcj02", "gcj02")
    assert out is not gs and out.to_wkt().tolist() == gs.to_wkt().tolist()


def test_transform_rejects_unknown_system():
    with pytest.raises(UnsupportedInputError) as info:
        cc.transform_geometry_array(_geoseries(), "wgs84", "mars")
    assert "mars" in info.value.message("zh")


def test_transform_rejects_non_finite():
    with pytest.raises(NonFiniteError) as info:
        cc.transform_geometry_array(np.array([Point(np.nan, 36.7), Point(117.5, 36.7)]), "gcj02", "wgs84")
    assert "1" in info.value.en


def _frame(crs="EPSG:4326"):
    return gpd.GeoDataFrame({"name": ["a", "b"]},
                            geometry=[Point(117.5, 36.7), Point(117.6, 36.8)], crs=crs)


def test_convert_frame_returns_new_frame():
    gdf = _frame()
    out = cc.convert_frame(gdf, "gcj02", "wgs84")
    assert out is not gdf
    assert gdf.geometry.iloc[0].x == 117.5
    assert out["name"].tolist() == ["a", "b"] and out.crs == gdf.crs
    assert out.geometry.iloc[0].x == pytest.approx(117.49392598184606, abs=2e-6)


def test_convert_frame_keeps_geometry_column_name_and_sets_crs_when_missing():
    gdf = _frame(crs=None).rename_geometry("shape")
    out = cc.convert_frame(gdf, "wgs84", "gcj02")
    assert out.geometry.name == "shape" and out.crs == "EPSG:4326"


def test_convert_frame_refuses_projected_crs():
    with pytest.raises(NotDegreesError) as info:
        cc.convert_frame(_frame().to_crs("EPSG:4548"), "gcj02", "wgs84")
    assert info.value.zh and info.value.en


def test_convert_frame_refuses_projected_looking_coordinates():
    gdf = gpd.GeoDataFrame(geometry=[Point(39_544_680, 4_063_335)], crs=None)
    with pytest.raises(NotDegreesError, match="projected"):
        cc.convert_frame(gdf, "gcj02", "wgs84")
