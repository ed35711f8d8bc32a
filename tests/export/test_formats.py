"""Format details: Shapefile names/encoding/splitting, CSV formula neutralisation, KML escaping,
the GCJ-02 note, and every bundled layer in every format."""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET
import zipfile

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import GeometryCollection, Point

from geo.errors import UnsupportedInputError
from geo.export import (
    EXTENSIONS,
    FORMATS,
    FORMULA_START,
    cut_utf8,
    neutralise,
    shp_field_names,
    write_vector,
)
from layers.export import download_name, vector_bytes
from layers.load import load_layer
from layers.registry import LAYERS
from tests.export.helpers import HOSTILE, LONG_ZH, nasty_frame

KML = "{http://www.opengis.net/kml/2.2}"


# -- Shapefile -------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("abc", 10, "abc"), ("规划用地面积", 10, "规划用"), ("ab规划", 4, "ab"), ("", 10, ""),
])
def test_cut_utf8_never_splits_a_character(text, limit, expected):
    assert cut_utf8(text, limit) == expected


def test_shp_field_names_short_unique_and_stable():
    cols = ["name_zh", "规划用地面积（亩）", "规划用地面积（公顷）", "description", "DESCRIPTIO",
            "a_very_long_english_name", "a_very_long_english_other", "规划用"]
    names = shp_field_names(cols)
    assert list(names) == cols
    assert names["name_zh"] == "name_zh" and names["规划用"] == "规划用"  # fitting names kept
    assert all(len(n.encode("utf-8")) <= 10 for n in names.values())
    assert len({n.casefold() for n in names.values()}) == len(cols)
    for n in names.values():
        n.encode("utf-8").decode("utf-8")  # whole characters only


def test_shapefile_zip_contents(tmp_path):
    path = tmp_path / "x.zip"
    warnings = write_vector(nasty_frame(), path, "shp", "EPSG:4548", layer_name="parks")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        for kind in ("point", "line", "polygon"):
            for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
                assert f"parks_{kind}{ext}" in names
        assert zf.read("parks_point.cpg").decode().strip().upper() in ("UTF-8", "UTF8")
        mapping = pd.read_csv(zf.open("fields_mapping.csv"), encoding="utf-8-sig", dtype=str)
    assert LONG_ZH in set(mapping["original_name"])
    assert all(len(s.encode("utf-8")) <= 10 for s in mapping["short_name"])
    assert "fields_mapping.csv" in " ".join(en for _, en in warnings)
    assert any("3" in en and "one geometry type" in en for _, en in warnings)


def test_single_type_shapefile_has_one_layer_and_no_mapping(tmp_path):
    gdf = nasty_frame()[["row", "name_zh", "geometry"]].iloc[[0, 5]]
    path = tmp_path / "x.zip"
    assert write_vector(gdf, path, "shp", layer_name="towns") == []
    assert sorted(zipfile.ZipFile(path).namelist()) == [
        f"towns{e}" for e in (".cpg", ".dbf", ".prj", ".shp", ".shx")]


def test_shapefile_cuts_long_text_at_a_character_and_says_so(tmp_path):
    gdf = gpd.GeoDataFrame({"quote": ["规" * 200, "short"]},
                           geometry=[Point(117.5, 36.7), Point(117.6, 36.7)], crs=4326)
    path = tmp_path / "x.zip"
    warnings = write_vector(gdf, path, "shp")
    back = pyogrio.read_dataframe(path)
    assert back["quote"][0] == "规" * 84  # 252 bytes: the 85th character would need 255
    assert back["quote"][1] == "short"
    assert any("254" in zh and "GeoPackage" in en for zh, en in warnings)


def test_shapefile_refuses_geometry_collections(tmp_path):
    gdf = gpd.GeoDataFrame({"a": [1]}, geometry=[GeometryCollection([Point(117.5, 36.7)])], crs=4326)
    with pytest.raises(UnsupportedInputError) as exc:
        write_vector(gdf, tmp_path / "x.zip", "shp")
    assert "GeoPackage" in exc.value.zh and "GeoPackage" in exc.value.en


def test_case_variant_columns_are_renamed_for_gpkg(tmp_path):
    gdf = gpd.GeoDataFrame({"Name": ["a"], "name": ["b"]}, geometry=[Point(117.5, 36.7)], crs=4326)
    path = tmp_path / "x.gpkg"
    warnings = write_vector(gdf, path, "gpkg")
    back = pyogrio.read_dataframe(path)
    assert list(back["Name"]) == ["a"] and list(back["name_1"]) == ["b"]
    assert warnings and "name_1" in warnings[0][1]


# -- CSV -------------------------------------------------------------------------------------
@pytest.mark.parametrize("start", FORMULA_START)
def test_neutralise(start):
    assert neutralise(start + "HYPERLINK(\"http://x\")") == "'" + start + "HYPERLINK(\"http://x\")"


def test_csv_neutralises_cells_and_headers_but_not_numbers(tmp_path):
    gdf = gpd.GeoDataFrame({
        "=cmd": ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "\tx", "\ry", "安全", None],
        "num": [-1.5, 2.0, -3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    }, geometry=[Point(117.5, 36.7)] * 8, crs=4326)
    path = tmp_path / "x.csv"
    write_vector(gdf, path, "csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel opens Chinese correctly
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False, na_values=[""])
    assert list(back.columns) == ["'=cmd", "num", "WKT"]
    assert list(back["'=cmd"][:7]) == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@SUM(A1)", "'\tx", "'\ry", "安全"]
    assert pd.isna(back["'=cmd"][7])
    assert back["num"][0] == "-1.5"  # a number is not a formula


# -- KML -------------------------------------------------------------------------------------
def test_kml_shows_hostile_text_literally(tmp_path):
    path = tmp_path / "x.kml"
    write_vector(nasty_frame(), path, "kml", "gcj02")
    root = ET.parse(path).getroot()  # well-formed XML
    marks = root.findall(f".//{KML}Placemark")
    assert len(marks) == 6
    assert marks[1].find(f"{KML}name").text == HOSTILE  # <name> is plain text
    desc = marks[1].find(f"{KML}description").text  # HTML-escaped: a viewer shows characters
    assert "<img" not in desc and "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;" in desc
    assert "<script" not in marks[0].find(f"{KML}description").text
    assert "GCJ-02" in root.find(f"{KML}Document/{KML}description").text


# -- GCJ-02 note -----------------------------------------------------------------------------
def test_gcj02_output_says_so_in_the_file(tmp_path):
    gdf = nasty_frame()
    write_vector(gdf, tmp_path / "x.geojson", "geojson", "gcj02")
    assert "GCJ-02" in json.loads((tmp_path / "x.geojson").read_text(encoding="utf-8"))["description"]
    write_vector(gdf, tmp_path / "x.gpkg", "gpkg", "gcj02", layer_name="lyr")
    with sqlite3.connect(tmp_path / "x.gpkg") as con:
        (desc,) = con.execute("SELECT description FROM gpkg_contents WHERE table_name='lyr'").fetchone()
    assert "GCJ-02" in desc
    write_vector(gdf, tmp_path / "x.zip", "shp", "gcj02")
    assert "GCJ-02" in zipfile.ZipFile(tmp_path / "x.zip").read("CRS_NOTE.txt").decode("utf-8")


# -- the bundled layers ----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("spec", LAYERS, ids=lambda s: s.id)
def test_bundled_layers_export(tmp_path, spec, fmt):
    gdf = load_layer(spec)
    path = tmp_path / f"{spec.id}{EXTENSIONS[fmt]}"
    write_vector(gdf, path, fmt, "EPSG:4548" if fmt != "kml" else "gcj02", layer_name=spec.id)
    if fmt == "csv":
        n = len(pd.read_csv(path, encoding="utf-8-sig"))
    elif fmt == "shp":
        n = sum(pyogrio.read_info(path, layer=name)["features"] for name, _ in pyogrio.list_layers(path))
    else:
        n = pyogrio.read_info(path)["features"]
    assert n == len(gdf)


# -- the bytes the export panel offers -------------------------------------------------------
@pytest.mark.parametrize(("fmt", "magic"), [("shp", b"PK"), ("gpkg", b"SQLite format 3"),
                                            ("geojson", b"{"), ("csv", b"\xef\xbb\xbf"),
                                            ("kml", b"<?xml")])
def test_vector_bytes(fmt, magic):
    data = vector_bytes(nasty_frame(), fmt, "gcj02" if fmt == "kml" else "EPSG:4548",
                        layer_name="parks")
    assert data.startswith(magic)


@pytest.mark.parametrize(("args", "name"), [
    (("parks", "shp", "EPSG:4548"), "zhangqiu_parks_EPSG4548_shp.zip"),
    (("towns", "csv", "gcj02", "lonlat"), "zhangqiu_towns_GCJ02_lonlat.csv"),
    (("imp_0a1b2c3d", "geojson", "EPSG:4326"), "zhangqiu_imp_0a1b2c3d_EPSG4326.geojson"),
])
def test_download_name_says_the_crs(args, name):
    assert download_name(*args) == name


def test_kml_stays_well_formed_with_control_characters(tmp_path):
    gdf = gpd.GeoDataFrame({"a\x01b": ["x\x00y\x1fz", "ok\tfine"]},
                           geometry=[Point(117.5, 36.7), Point(117.6, 36.7)], crs=4326)
    write_vector(gdf, tmp_path / "x.kml", "kml")
    ET.parse(tmp_path / "x.kml")  # parses: no character XML 1.0 forbids
    back = pyogrio.read_dataframe(tmp_path / "x.kml")
    assert list(back["ab"]) == ["xyz", "ok\tfine"]
