"""B3/B4/B5/B7: the CRS is read, checked against the coordinates, asked for - never assumed."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo._ingest_crs import parse_user_crs
from geo.chinacrs import gcj02_to_wgs84
from geo.errors import IngestError
from tests.ingest import corpus
from tests.ingest.conftest import inline


def _shp_xy(tmp, xy, prj_epsg):
    return corpus.write_shp(tmp, "p", [shapely.Point(x, y) for x, y in xy], prj_epsg=prj_epsg)


def _near_zhangqiu(gdf, tol=1e-6):
    lon, lat = gdf.geometry.x.to_numpy(), gdf.geometry.y.to_numpy()
    want = corpus.ZQ_LON + 0.01 * np.arange(len(gdf)), corpus.ZQ_LAT + 0.01 * np.arange(len(gdf))
    return np.allclose(lon, want[0], atol=tol) and np.allclose(lat, want[1], atol=tol)


def test_b3_no_prj_degrees_asks_with_four_candidates(tmp):
    res, gdf = inline(corpus.write_shp(tmp, "p", [shapely.Point(117.5, 36.7)], prj_epsg=None))
    assert gdf is None and not res.usable and res.error_kind == "crs_missing"
    assert res.crs is None and res.bounds_wgs84 is None
    assert [c["crs"] for c in res.crs_candidates] == ["EPSG:4326", "EPSG:4490", "gcj02", "bd09"]
    assert "declares no CRS" in res.error[1] and "gcj02" in res.error[1]
    assert res.features == 1  # what is there is still reported
    assert [s["step"] for s in res.steps] == ["read", "geometry"]


@pytest.mark.parametrize(("epsg", "first"), [(4527, "EPSG:4527"), (4548, "EPSG:4548")])
def test_b4_projected_without_crs_asks(tmp, epsg, first):
    res, _ = inline(_shp_xy(tmp, corpus.projected_xy(epsg), None))
    assert res.error_kind == "crs_missing" and res.crs is None
    assert res.crs_candidates[0]["crs"] == first
    if epsg == 4527:  # 8 digits: the zone number is in the easting, one candidate
        assert len(res.crs_candidates) == 1 and "zone number 39" in res.crs_candidates[0]["reason_en"]
    else:  # 6 digits: the central meridian must be chosen
        assert len(res.crs_candidates) > 1 and "must be chosen" in res.crs_candidates[0]["reason_en"]
    bounds = res.crs_candidates[0]["bounds_wgs84"]
    assert abs(bounds[0] - corpus.ZQ_LON) < 1e-3 and abs(bounds[1] - corpus.ZQ_LAT) < 1e-3


@pytest.mark.parametrize("epsg", [4527, 4548])
def test_b4_choosing_the_candidate_reads_correctly(tmp, epsg):
    res, gdf = inline(_shp_xy(tmp, corpus.projected_xy(epsg), None), crs=str(epsg))
    assert res.usable and res.crs == f"EPSG:{epsg}" and _near_zhangqiu(gdf)


def test_b5_prefixed_eastings_under_cm_only_prj_are_corrected(tmp):
    res, gdf = inline(_shp_xy(tmp, corpus.projected_xy(4527), 4548))
    assert res.usable and res.crs == "EPSG:4527"
    assert any("says EPSG:4548" in en and "EPSG:4527" in en for _, en in res.warnings)
    assert _near_zhangqiu(gdf)


def test_b5_plain_eastings_under_prefixed_prj_are_corrected(tmp):
    res, gdf = inline(_shp_xy(tmp, corpus.projected_xy(4548), 4527))
    assert res.usable and res.crs == "EPSG:4548" and _near_zhangqiu(gdf)


def test_b5_user_choice_that_contradicts_is_refused_with_the_fix(tmp):
    res, _ = inline(_shp_xy(tmp, corpus.projected_xy(4527), None), crs="EPSG:4548")
    assert res.error_kind == "crs_missing" and "does not fit" in res.error[1]
    assert [c["crs"] for c in res.crs_candidates] == ["EPSG:4527"]


def test_prefix_of_another_zone_is_refused(tmp):
    xy = [(x + 1e6, y) for x, y in corpus.projected_xy(4527)]  # zone 40 under CM 117E
    res, _ = inline(_shp_xy(tmp, xy, 4548))
    assert res.error_kind == "crs_missing" and "zone prefix 40" in res.error[1]


def test_degrees_under_projected_prj_are_refused(tmp):
    res, _ = inline(corpus.write_shp(tmp, "p", [shapely.Point(117.5, 36.7)], prj_epsg=4548))
    assert res.error_kind == "crs_missing" and "are degrees" in res.error[1]
    assert res.crs_candidates[0]["crs"] == "EPSG:4326"


def test_projected_under_geographic_prj_are_refused(tmp):
    res, _ = inline(_shp_xy(tmp, corpus.projected_xy(4527), 4326))
    assert res.error_kind == "crs_missing" and "not degrees" in res.error[1]
    assert res.crs_candidates[0]["crs"] == "EPSG:4527"


def test_b7_gcj02_choice_converts_with_chinacrs(tmp):
    lons, lats = corpus.gcj_points([corpus.ZQ_LON], [corpus.ZQ_LAT])
    path = corpus.geojson(tmp, [corpus.feature(corpus.point(lons[0], lats[0]), name="x")])
    res, gdf = inline(path, crs="gcj02")
    assert res.usable and res.crs == "gcj02"
    assert _near_zhangqiu(gdf, tol=1e-7)
    as_is, _ = inline(path)  # RFC 7946: WGS84 by definition, with a hint about AMap/Baidu
    assert as_is.crs == "EPSG:4326" and any("gcj02" in en for _, en in as_is.warnings)


def test_bd09_choice(tmp):
    from geo.chinacrs import wgs84_to_bd09

    x, y = wgs84_to_bd09(corpus.ZQ_LON, corpus.ZQ_LAT)
    res, gdf = inline(corpus.geojson(tmp, [corpus.feature(corpus.point(x, y))]), crs="bd09")
    assert res.crs == "bd09" and _near_zhangqiu(gdf, tol=1e-6)


def test_legacy_geojson_crs_member(tmp):
    (x, y), = corpus.projected_xy(4527, 1)
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4527"}}
    res, gdf = inline(corpus.geojson(tmp, [corpus.feature(corpus.point(x, y))], crs=crs))
    assert res.usable and res.crs == "EPSG:4527" and _near_zhangqiu(gdf)


def test_geojson_without_crs_but_projected_asks(tmp):
    (x, y), = corpus.projected_xy(4527, 1)
    res, _ = inline(corpus.geojson(tmp, [corpus.feature(corpus.point(x, y))]))
    assert res.error_kind == "crs_missing" and "RFC 7946" in res.error[1]
    assert res.crs_candidates[0]["crs"] == "EPSG:4527"


def test_swapped_lat_lon_is_offered_not_done(tmp):
    res, _ = inline(corpus.geojson(tmp, [corpus.feature(corpus.point(36.68, 117.53))]))
    assert not res.usable and "swapped" in res.error[1]
    assert res.crs_candidates and all(c["swap_xy"] for c in res.crs_candidates)
    fixed, gdf = inline(corpus.geojson(tmp, [corpus.feature(corpus.point(36.68, 117.53))]), swap_xy=True)
    assert fixed.usable and abs(gdf.geometry.x[0] - 117.53) < 1e-9
    assert any("swapped as requested" in en for _, en in fixed.warnings)


@pytest.mark.parametrize(("text", "key"), [
    ("EPSG:4527", "EPSG:4527"), ("4527", "EPSG:4527"), ("epsg:4548", "EPSG:4548"),
    ("gcj02", "gcj02"), ("GCJ-02", "gcj02"), ("bd09", "bd09"), ("wgs84", "EPSG:4326"),
    ("cgcs2000", "EPSG:4490"),
])
def test_user_crs_forms(text, key):
    assert parse_user_crs(text).key == key


@pytest.mark.parametrize("text", ["+proj=longlat", "/etc/passwd", "http://x/crs", "EPSG:1", "zzz"])
def test_user_crs_refuses_anything_else(text):
    with pytest.raises(IngestError) as info:
        parse_user_crs(text)
    assert info.value.kind == "crs_invalid"


def test_unknown_crs_string_is_a_clear_error(tmp):
    res, _ = inline(corpus.geojson(tmp, [corpus.feature(corpus.point(117.5, 36.7))]), crs="nonsense")
    assert res.error_kind == "crs_invalid" and "EPSG code" in res.error[1]


def test_gcj_inverse_is_what_chinacrs_says():
    lon, lat = gcj02_to_wgs84(117.5, 36.7)
    assert abs(lon - 117.5) > 1e-3  # GCJ-02 really moves points near Zhangqiu


@pytest.mark.parametrize(("xy", "words"), [
    ((1e9, 4e6), "infinite/NaN"),  # PROJ gives inf: never drawn
    ((5e5, 1e12), "outside the valid range"),  # PROJ wraps to a finite, wrong place
])
def test_impossible_coordinates_under_a_declared_crs_are_errors(tmp, xy, words):
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4548"}}
    res, gdf = inline(corpus.geojson(tmp, [corpus.feature(corpus.point(*xy))], crs=crs))
    assert gdf is None and res.error_kind == "crs_invalid" and words in res.error[1]


def test_data_far_from_the_crs_area_of_use_is_flagged(tmp):
    (x, y), = corpus.projected_xy(4548, 1)
    res, _ = inline(_shp_xy(tmp, [(x, y)], 27700))  # British National Grid: lands near the pole
    assert res.usable and any("outside the area where EPSG:27700" in en for _, en in res.warnings)
