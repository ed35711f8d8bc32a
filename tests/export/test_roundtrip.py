"""Every format × every CRS: write with ``geo.export.write_vector``, read back with pyogrio /
pandas, and prove the feature count, every attribute and every geometry survive."""

from __future__ import annotations

import pyogrio
import pytest
from pyproj import CRS

from geo.errors import UnsupportedInputError
from geo.export import EXTENSIONS, FORMATS, GCJ02, TARGET_CRS, write_vector
from geo.gk import to_crs_checked
from tests.export.helpers import (
    assert_attributes_equal,
    gcj_back_to_wgs84_metres,
    max_distance,
    nasty_frame,
    points_frame,
    read_csv_back,
    read_kml_back,
    read_shp_zip,
)

PROJECTED = ("EPSG:4527", "EPSG:4548")
TOL_M = 0.01
TOL_DEG = 1e-7
TOL_GCJ_M = 0.5


def read_back(path, fmt: str, to_crs: str, csv_geometry: str = "wkt"):
    label = "EPSG:4326" if to_crs == GCJ02 else to_crs
    if fmt == "shp":
        return read_shp_zip(path)[0]
    if fmt == "csv":
        return read_csv_back(path, csv_geometry, label)
    if fmt == "kml":
        return read_kml_back(path)
    return pyogrio.read_dataframe(path)


def check_geometry(orig, back, to_crs: str) -> None:
    if to_crs == GCJ02:
        assert gcj_back_to_wgs84_metres(back.geometry, orig.geometry) <= TOL_GCJ_M
        # and it really is GCJ-02, not WGS84 under another name (~540 m apart near Zhangqiu)
        assert max_distance(back.geometry.set_crs(4326, allow_override=True), orig.geometry) > 0.003
        return
    expected = to_crs_checked(orig, to_crs)
    tol = TOL_M if to_crs in PROJECTED else TOL_DEG
    assert max_distance(back.geometry, expected.geometry) <= tol


def check_crs(back, fmt: str, to_crs: str) -> None:
    if fmt == "csv":
        return  # CSV has no CRS: named in the file name by the UI
    label = 4326 if to_crs == GCJ02 or fmt == "kml" else int(to_crs.split(":")[1])
    assert back.crs is not None and back.crs.to_epsg() == label, back.crs


@pytest.mark.parametrize("to_crs", TARGET_CRS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(tmp_path, fmt, to_crs):
    orig = nasty_frame()
    path = tmp_path / f"out{EXTENSIONS[fmt]}"
    if fmt == "kml" and to_crs in PROJECTED:
        with pytest.raises(UnsupportedInputError) as exc:
            write_vector(orig, path, fmt, to_crs)
        assert "KML" in exc.value.zh and "KML" in exc.value.en
        return
    warnings = write_vector(orig, path, fmt, to_crs, layer_name="测试 layer!")
    back = read_back(path, fmt, to_crs).sort_values("row", key=lambda s: s.astype(int))
    back = back.reset_index(drop=True)
    assert len(back) == len(orig)
    assert_attributes_equal(orig, back)
    check_geometry(orig, back, to_crs)
    check_crs(back, fmt, to_crs)
    if to_crs == GCJ02:
        assert any("GCJ-02" in zh and "GCJ-02" in en for zh, en in warnings)
    assert orig.equals(nasty_frame()), "the input frame was modified"


@pytest.mark.parametrize("to_crs", TARGET_CRS)
def test_csv_lonlat_round_trip(tmp_path, to_crs):
    orig = points_frame()
    path = tmp_path / "points.csv"
    write_vector(orig, path, "csv", to_crs, csv_geometry="lonlat")
    header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[-2:] == (["x", "y"] if to_crs in PROJECTED else ["lon", "lat"])
    back = read_back(path, "csv", to_crs, "lonlat")
    assert len(back) == len(orig)
    assert_attributes_equal(orig, back)
    check_geometry(orig, back, to_crs)


def test_csv_lonlat_refuses_lines(tmp_path):
    with pytest.raises(UnsupportedInputError) as exc:
        write_vector(nasty_frame(), tmp_path / "x.csv", "csv", csv_geometry="lonlat")
    assert "WKT" in exc.value.zh and "WKT" in exc.value.en


def test_refuses_data_not_in_wgs84(tmp_path):
    with pytest.raises(UnsupportedInputError):
        write_vector(nasty_frame().to_crs(4548), tmp_path / "x.gpkg", "gpkg")


@pytest.mark.parametrize("bad", [dict(fmt="dxf"), dict(to_crs="EPSG:3857"),
                                 dict(csv_geometry="xy")])
def test_refuses_unknown_options(tmp_path, bad):
    args = dict(fmt="csv", to_crs="EPSG:4326", csv_geometry="wkt") | bad
    with pytest.raises(UnsupportedInputError):
        write_vector(nasty_frame(), tmp_path / "x.out", **args)


def test_projected_geojson_declares_its_crs(tmp_path):
    path = tmp_path / "x.geojson"
    write_vector(nasty_frame(), path, "geojson", "EPSG:4548")
    text = path.read_text(encoding="utf-8")
    assert "urn:ogc:def:crs:EPSG::4548" in text
    assert CRS.from_user_input(pyogrio.read_info(path)["crs"]).to_epsg() == 4548


def test_wgs84_geojson_is_rfc7946(tmp_path):
    path = tmp_path / "x.geojson"
    write_vector(nasty_frame(), path, "geojson")
    text = path.read_text(encoding="utf-8")
    assert '"crs"' not in text and "章丘区政府" in text  # no crs member; UTF-8, not \\u escapes
