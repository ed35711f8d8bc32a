"""CGCS2000 Gauss-Krüger tables (checked against pyproj), zone detection, checked to_crs."""

import geopandas as gpd
import numpy as np
import pytest
from pyproj import CRS, Transformer
from shapely.geometry import Point

from geo import gk
from geo.errors import CRSMissingError, NonFiniteError

TABLE_ROWS = (
    [(epsg, f"CGCS2000 / 3-degree Gauss-Kruger zone {z}", 3 * z, z * 1e6 + 5e5)
     for z, epsg in gk.GK3_PREFIXED.items()]
    + [(epsg, f"CGCS2000 / 3-degree Gauss-Kruger CM {cm}E", cm, 5e5) for cm, epsg in gk.GK3_CM.items()]
    + [(epsg, f"CGCS2000 / Gauss-Kruger zone {z}", 6 * z - 3, z * 1e6 + 5e5)
       for z, epsg in gk.GK6_PREFIXED.items()]
    + [(epsg, f"CGCS2000 / Gauss-Kruger CM {cm}E", cm, 5e5) for cm, epsg in gk.GK6_CM.items()]
)


def test_table_sizes_and_ranges():
    assert sorted(gk.GK3_PREFIXED.values()) == list(range(4513, 4534))
    assert sorted(gk.GK3_CM.values()) == list(range(4534, 4555))
    assert sorted(gk.GK6_PREFIXED.values()) == list(range(4491, 4502))
    assert sorted(gk.GK6_CM.values()) == list(range(4502, 4513))


def _param(crs: CRS, name: str) -> float:
    return next(p.value for p in crs.coordinate_operation.params if p.name == name)


@pytest.mark.parametrize(("epsg", "name", "cm", "false_easting"), TABLE_ROWS)
def test_table_entry_matches_pyproj(epsg, name, cm, false_easting):
    crs = CRS.from_epsg(epsg)
    assert crs.name == name
    assert crs.geodetic_crs.name == "China Geodetic Coordinate System 2000"
    assert _param(crs, "Longitude of natural origin") == cm
    assert _param(crs, "False easting") == false_easting


def test_constants():
    assert CRS(gk.ANALYSIS_CRS).name == "CGCS2000 / 3-degree Gauss-Kruger CM 117E"
    assert CRS(gk.ZONE39_PREFIXED).name == "CGCS2000 / 3-degree Gauss-Kruger zone 39"
    assert CRS(gk.CGCS2000).is_geographic and CRS(gk.WGS84).is_geographic
    assert gk.GK3_CM[117] == 4548 and gk.GK3_PREFIXED[39] == 4527


@pytest.mark.parametrize(("lon", "zone"), [(117.5, 39), (117.2, 39), (117.75, 39), (115.5, 39),
                                           (118.49, 39), (118.51, 40), (75.0, 25), (135.0, 45)])
def test_gk3_zone_for_lon(lon, zone):
    assert gk.gk3_zone_for_lon(lon) == zone


def test_gk6_zone_for_lon():
    assert gk.gk6_zone_for_lon(117.5) == 20
    assert gk.GK6_PREFIXED[20] == 4498


def _project(epsg, lons=(117.5, 117.3, 117.7), lats=(36.7, 36.5, 36.9)):
    t = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)
    return t.transform(np.array(lons), np.array(lats))


def test_detect_prefixed_zone_39():
    x, y = _project(4527)
    assert x.min() > 39_400_000 and x.max() < 39_700_000
    (cand,) = gk.detect_gk_candidates(x, y)
    assert (cand.epsg, cand.width, cand.zone, cand.cm, cand.prefixed) == (4527, 3, 39, 117, True)
    assert not cand.axes_swapped and "39" in cand.reason_zh and "39" in cand.reason_en


def test_detect_prefixed_6_degree_zone_20():
    (cand,) = gk.detect_gk_candidates(*_project(4498))
    assert (cand.epsg, cand.width, cand.zone, cand.cm, cand.prefixed) == (4498, 6, 20, 117, True)


def test_detect_plain_cm_only_ranks_cm117_first_and_asks():
    x, y = _project(4548)
    assert x.min() > 400_000 and x.max() < 600_000
    cands = gk.detect_gk_candidates(x, y)
    assert len(cands) == len(gk.GK3_CM) + len(gk.GK6_CM)
    assert {c.epsg for c in cands} == set(gk.GK3_CM.values()) | set(gk.GK6_CM.values())
    first, second = cands[:2]
    assert (first.epsg, first.width, first.cm, first.prefixed, first.zone) == (4548, 3, 117, False, None)
    assert (second.epsg, second.width, second.cm) == (gk.GK6_CM[117], 6, 117)
    assert "must be chosen" in first.reason_en and "选择" in first.reason_zh
    assert [(c.width, c.cm) for c in cands[2:4]] == [(3, 114), (3, 120)]


def test_detect_plain_wide_spread_prefers_6_degree():
    x = np.array([200_000.0, 800_000.0])
    y = np.array([4_000_000.0, 4_100_000.0])
    cands = gk.detect_gk_candidates(x, y)
    assert cands[0].width == 6 and cands[0].cm == 117
    assert cands[1].width == 3 and cands[1].cm == 117


def test_detect_cm_hint():
    cands = gk.detect_gk_candidates(*_project(4548), cm_hint=120)
    assert cands[0].cm == 120 and cands[0].epsg == gk.GK3_CM[120]


@pytest.mark.parametrize("epsg", [4527, 4548])
def test_detect_swapped_axes_are_reported_not_swapped(epsg):
    x, y = _project(epsg)
    cands = gk.detect_gk_candidates(y, x)
    assert cands and cands[0].epsg == epsg and cands[0].axes_swapped
    assert "swapped" in cands[0].reason_en and "对调" in cands[0].reason_zh


def test_detect_degrees():
    (cand,) = gk.detect_gk_candidates([117.5, 117.6], [36.7, 36.8])
    assert (cand.epsg, cand.width, cand.axes_swapped) == (4326, 0, False)
    assert "GCJ-02" in cand.reason_en


def test_detect_swapped_degrees():
    (cand,) = gk.detect_gk_candidates([36.7, 36.8], [117.5, 117.6])
    assert cand.epsg == 4326 and cand.axes_swapped and "swapped" in cand.reason_en


@pytest.mark.parametrize(("x", "y"), [
    ([], []),
    ([np.nan], [np.nan]),
    ([5.0], [1e9]),
    ([39_500_000.0, 40_500_000.0], [4e6, 4e6]),  # two zones mixed
    ([99_500_000.0], [4e6]),  # zone 99 does not exist
    ([500_000.0, 117.5], [4e6, 36.7]),  # mixed magnitudes
])
def test_detect_nothing_plausible(x, y):
    assert gk.detect_gk_candidates(x, y) == []


def test_detect_ignores_non_finite():
    x, y = _project(4527)
    cands = gk.detect_gk_candidates(np.append(x, np.nan), np.append(y, np.inf))
    assert cands[0].epsg == 4527


def test_candidate_is_frozen():
    cand = gk.detect_gk_candidates([117.5], [36.7])[0]
    with pytest.raises(AttributeError):
        cand.epsg = 1


def _points(epsg, crs):
    x, y = _project(epsg)
    return gpd.GeoDataFrame({"i": [0, 1, 2]}, geometry=[Point(a, b) for a, b in zip(x, y, strict=True)], crs=crs)


def test_to_crs_checked_good():
    out = gk.to_crs_checked(_points(4527, "EPSG:4527"), gk.WGS84)
    assert out.geometry.iloc[0].x == pytest.approx(117.5, abs=1e-9)
    assert out.geometry.iloc[0].y == pytest.approx(36.7, abs=1e-9)


def test_prefixed_read_as_4548_is_non_finite():
    wrong = _points(4527, gk.ANALYSIS_CRS)
    assert not np.isfinite(wrong.to_crs(gk.WGS84).geometry.x).any()  # pyproj does not raise
    with pytest.raises(NonFiniteError) as info:
        gk.to_crs_checked(wrong, gk.WGS84)
    assert "3 feature" in info.value.en and "3 个要素" in info.value.zh


def test_to_crs_checked_geoseries_and_missing_crs():
    gs = _points(4548, gk.ANALYSIS_CRS).geometry
    assert isinstance(gk.to_crs_checked(gs, gk.CGCS2000), gpd.GeoSeries)
    with pytest.raises(CRSMissingError):
        gk.to_crs_checked(gs.set_crs(None, allow_override=True), gk.WGS84)
