"""Every accepted format opens, through the real sandboxed child where GDAL drivers matter."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo.ingest import SUPPORTED_EXTENSIONS, Limits, inspect_file, read_file_safely, stage_upload
from tests.ingest import corpus
from tests.ingest.conftest import inline

KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Folder><name>规划点</name><Placemark><name>章丘区</name><description>&lt;b&gt;x&lt;/b&gt;</description>
<Point><coordinates>117.53,36.68</coordinates></Point></Placemark></Folder>
<Folder><name>线</name><Placemark><name>路</name>
<LineString><coordinates>117.5,36.7 117.6,36.8</coordinates></LineString></Placemark></Folder>
</Document></kml>"""


def _frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": corpus.NAMES}, geometry=corpus._points(), crs=4326)


@pytest.mark.parametrize(("ext", "driver"), [(".gpkg", "GPKG"), (".fgb", "FlatGeobuf")])
def test_gdal_formats(tmp, ext, driver):
    path = tmp / f"t{ext}"
    _frame().to_crs(4548).to_file(path, driver=driver)
    res, gdf = inline(path)
    assert res.usable and res.crs == "EPSG:4548" and sorted(gdf["name"]) == sorted(corpus.NAMES)
    assert abs(gdf.geometry.x.min() - corpus.ZQ_LON) < 1e-7  # (FlatGeobuf reorders: spatial index)


def test_gpkg_with_two_layers_says_which_was_read(tmp):
    path = tmp / "t.gpkg"
    _frame().to_file(path, layer="points", driver="GPKG")
    _frame().to_file(path, layer="more", driver="GPKG")
    res, _ = inline(path)
    assert res.layer == "points" and any("only 'points' was read; others: more" in en for _, en in res.warnings)


def test_gpkg_without_crs_asks(tmp):
    path = tmp / "t.gpkg"
    _frame().set_crs(None, allow_override=True).to_file(path, driver="GPKG")
    assert inline(path)[0].error_kind == "crs_missing"


def test_kml_and_kmz_in_the_child(tmp):
    kml = tmp / "t.kml"
    kml.write_text(KML, encoding="utf-8")
    gdf, res = read_file_safely(kml, limits=Limits(timeout_s=30))
    assert res.usable and res.format == "KML" and res.crs == "EPSG:4326"
    assert list(gdf["folder"]) == ["规划点", "线"] and gdf["Name"].iloc[0] == "章丘区"
    assert gdf["Description"].iloc[0] == "<b>x</b>"  # text, shown escaped by the renderer
    kmz = corpus.zip_files(tmp / "t.kmz", {"doc.kml": KML.encode(), "files/icon.png": b"\x89PNG"})
    gdf2, res2 = read_file_safely(kmz, limits=Limits(timeout_s=30))
    assert res2.usable and len(gdf2) == 2 and "doc.kml" in res2.members


def test_kml_with_entities_is_refused(tmp):
    kml = tmp / "t.kml"
    kml.write_text('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   "<kml><Document><name>&x;</name></Document></kml>")
    assert inline(kml)[0].error_kind == "unsafe"


def test_zipped_shapefile_in_subfolder_with_other_files(tmp):
    shp = corpus.write_shp(tmp, "roads", corpus._points())
    files = {f"data/roads{p.suffix}": p.read_bytes() for p in tmp.glob("roads.*")}
    files.update({"readme.txt": b"hi", "__MACOSX/._roads.shp": b"junk"})
    res, gdf = inline(corpus.zip_files(tmp / "u.shp.zip", files))
    assert res.usable and res.layer == "data/roads.shp" and len(gdf) == 3
    assert any("readme.txt" in en for _, en in res.warnings)
    assert shp.exists()


def test_zip_without_dataset(tmp):
    res, _ = inline(corpus.zip_files(tmp / "u.zip", {"readme.txt": b"hi"}))
    assert res.error_kind == "unsupported" and "readme.txt" in res.error[1]


@pytest.mark.parametrize(("ext", "content"), [
    (".geojson", b"PK\x03\x04 not json"), (".shp", b"{}"), (".gpkg", b"{}"), (".fgb", b"{}"),
    (".kml", b"{}"), (".xlsx", b"a,b\n"),
])
def test_content_must_match_extension(tmp, ext, content):
    path = tmp / f"x{ext}"
    path.write_bytes(content)
    res, _ = inline(path)
    assert not res.usable and res.error_kind in ("format", "unsafe") and res.error[1]


def test_stage_upload_of_shapefile_parts(tmp):
    shp = corpus.write_shp(tmp, "parts", corpus._points())
    files = [(f"任意名字{p.suffix}", p.read_bytes()) for p in sorted(tmp.glob("parts.*"))]
    path = stage_upload(files)
    try:
        assert path.name == "upload.shp" and (path.parent / "upload.dbf").exists()
        res = inspect_file(path, lang="en", limits=Limits(timeout_s=30))
        assert res.usable and res.features == 3 and shp.exists()
    finally:
        for p in path.parent.iterdir():
            p.unlink()
        path.parent.rmdir()


def test_supported_extensions_are_lower_case():
    assert all(e == e.lower() and e.startswith(".") for e in SUPPORTED_EXTENSIONS)


def test_json_result_shape(tmp):
    res, _ = inline(corpus.geojson(tmp, [corpus.feature(shapely.geometry.mapping(shapely.Point(1, 2)))]))
    out = res.to_json_dict("zh")
    for key in ("features", "dropped", "encoding", "crs", "crs_candidates", "bounds_wgs84",
                "columns", "sample", "warnings", "steps", "usable", "error"):
        assert key in out
    assert all(isinstance(w, str) for w in out["warnings"])


def test_messages_in_both_languages(tmp):
    res, _ = inline(corpus.write_shp(tmp, "p", [shapely.Point(117.5, 36.7)], prj_epsg=None))
    zh, en = res.messages("zh"), res.messages("en")
    assert len(zh) == len(en) >= 2 and "坐标系" in zh[0] and "CRS" in en[0]
    with pytest.raises(ValueError):
        res.messages("fr")


def test_esri_prj_names_map_to_epsg():
    from pyproj import CRS

    from geo._ingest_crs import choice_of

    for code in (4548, 4527, 4490, 2383):
        esri = CRS.from_epsg(code).to_wkt("WKT1_ESRI")
        assert choice_of(CRS.from_wkt(esri)).key == f"EPSG:{code}"
    assert "CGCS2000_3_Degree_GK_CM_117E" in CRS.from_epsg(4548).to_wkt("WKT1_ESRI")
