"""read_vector (Arrow first, recorded fallback) and to_wgs84, the one reprojection for display."""

import geopandas as gpd
import numpy as np
import pyarrow as pa
import pyogrio
import pytest
from pyproj import Transformer
from shapely.geometry import Point, Polygon

from geo import io as gio
from geo.errors import CRSMissingError, NonFiniteError, NotDegreesError, UnsupportedInputError
from geo.gk import ANALYSIS_CRS


@pytest.fixture
def gpkg(tmp_path):
    path = tmp_path / "points.gpkg"
    gdf = gpd.GeoDataFrame({"name": ["甲", "乙"], "n": [1, 2]},
                           geometry=[Point(117.5, 36.7), Point(117.6, 36.8)], crs="EPSG:4326")
    pyogrio.write_dataframe(gdf, path)
    return path


def test_read_vector_arrow(gpkg):
    gdf = gio.read_vector(gpkg)
    assert gdf["name"].tolist() == ["甲", "乙"] and gdf.crs == "EPSG:4326"
    assert gdf.attrs[gio.READ_WARNINGS_ATTR] == []


def test_read_vector_falls_back_on_unsupported_arrow_type(gpkg, monkeypatch):
    real = pyogrio.read_dataframe
    calls = []

    def fake(path, use_arrow, **kwargs):
        calls.append(use_arrow)
        if use_arrow:
            raise pa.ArrowNotImplementedError("Unsupported cast from list<item: string>")
        return real(path, use_arrow=use_arrow, **kwargs)

    monkeypatch.setattr(gio.pyogrio, "read_dataframe", fake)
    gdf = gio.read_vector(gpkg, columns=["name"])
    assert calls == [True, False]
    assert list(gdf.columns) == ["name", "geometry"]
    (warning,) = gdf.attrs[gio.READ_WARNINGS_ATTR]
    zh, en = warning
    assert "Arrow" in zh and "without Arrow" in en


def test_read_vector_other_errors_propagate(tmp_path, monkeypatch):
    calls = []

    def fake(path, use_arrow, **kwargs):
        calls.append(use_arrow)
        raise RuntimeError("boom")

    monkeypatch.setattr(gio.pyogrio, "read_dataframe", fake)
    with pytest.raises(RuntimeError, match="boom"):
        gio.read_vector(tmp_path / "x.gpkg")
    assert calls == [True]


def test_read_vector_missing_file(tmp_path):
    with pytest.raises(pyogrio.errors.DataSourceError):
        gio.read_vector(tmp_path / "missing.gpkg")


@pytest.mark.parametrize("path", ["https://example.com/x.geojson", "/vsicurl/http://x/y.shp",
                                  "/vsizip//tmp/a.zip", "file:///etc/passwd"])
def test_read_vector_refuses_remote_and_vsi(path):
    with pytest.raises(UnsupportedInputError) as info:
        gio.read_vector(path)
    assert info.value.zh and info.value.en


def _zhangqiu(crs="EPSG:4326", geoms=None):
    geoms = geoms or [Point(117.5, 36.7), Point(117.6, 36.8)]
    return gpd.GeoDataFrame({"name": [f"n{i}" for i in range(len(geoms))]}, geometry=geoms, crs=crs)


def test_to_wgs84_refuses_missing_crs():
    with pytest.raises(CRSMissingError) as info:
        gio.to_wgs84(_zhangqiu(crs=None))
    assert "坐标系" in info.value.zh and "CRS" in info.value.en


def test_to_wgs84_refuses_projected_numbers_labelled_geographic():
    gdf = _zhangqiu(geoms=[Point(39_544_680, 4_063_335)])
    with pytest.raises(NotDegreesError) as info:
        gio.to_wgs84(gdf)
    assert info.value.en.startswith("Longitude of data's center is outside of WGS84 bounds. Is data projected?")
    assert "投影" in info.value.zh


def test_to_wgs84_reprojects_gk():
    t = Transformer.from_crs("EPSG:4326", ANALYSIS_CRS, always_xy=True)
    gdf = _zhangqiu(crs=ANALYSIS_CRS, geoms=[Point(*t.transform(117.5, 36.7))])
    out = gio.to_wgs84(gdf)
    assert out.crs == "EPSG:4326"
    assert (out.geometry.iloc[0].x, out.geometry.iloc[0].y) == pytest.approx((117.5, 36.7), abs=1e-9)
    assert gdf.crs == ANALYSIS_CRS


def test_to_wgs84_prefixed_under_4548_is_non_finite():
    gdf = _zhangqiu(crs=ANALYSIS_CRS, geoms=[Point(39_544_680, 4_063_335)])
    with pytest.raises(NonFiniteError):
        gio.to_wgs84(gdf)


def test_to_wgs84_cgcs2000_and_copy():
    gdf = _zhangqiu(crs="EPSG:4490")
    out = gio.to_wgs84(gdf)
    assert out.crs == "EPSG:4326" and gdf.crs == "EPSG:4490"
    same = _zhangqiu()
    copy = gio.to_wgs84(same)
    assert copy is not same
    copy.loc[0, "name"] = "changed"
    assert same.loc[0, "name"] == "n0"


def test_to_wgs84_ignores_null_and_empty_geometries():
    gdf = _zhangqiu(geoms=[Point(117.5, 36.7), Polygon(), None])
    out = gio.to_wgs84(gdf)
    assert len(out) == 3


def test_to_wgs84_refuses_nan_coordinates():
    with pytest.raises(NonFiniteError):
        gio.to_wgs84(_zhangqiu(geoms=[Point(np.nan, 39.9), Point(117.5, 36.7)]))
