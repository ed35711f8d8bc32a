"""Upload wiring through Streamlit's AppTest (real ``geo.ingest`` sandbox, private workspace):
upload → (choose encoding/CRS when the file does not say) → preview → add → catalog; removal
asks first; and the export panel offers only what a format can hold."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import Point
from streamlit.testing.v1 import AppTest

from geo.export import CRS_LABELS
from layers.store import open_store, originals_dir
from layers.store.base import Store
from layers.text import t
from tests.export.helpers import HOSTILE

APP = str(Path(__file__).resolve().parents[2] / "app.py")
GEOJSON = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [117.53, 36.70]},
     "properties": {"名称": HOSTILE, "status": "建成", "year": 2024}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [117.55, 36.71]},
     "properties": {"名称": "明水", "status": "在建", "year": 2025}},
]}, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("ZQ_WORKSPACE", str(tmp_path / "ws"))
    return open_store()


def widget(items, key: str):
    return next(w for w in items if w.key == key)


def has(items, key: str) -> bool:
    return any(w.key == key for w in items)


def upload(at: AppTest, name: str, data: bytes, mime: str = "application/octet-stream") -> AppTest:
    widget(at.file_uploader, "imp.file.0").set_value((name, data, mime))
    return at.run()


def submit(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == "添加为图层").click()
    return at.run()


def test_upload_add_and_remove(workspace):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tool"] = "data"
    at = at.run()
    at = upload(at, "../../规划局.geojson", GEOJSON, "application/geo+json")
    assert not at.exception, at.exception
    if has(at.selectbox, "imp.crs"):  # if the reader does not take GeoJSON as WGS84 by definition
        widget(at.selectbox, "imp.crs").set_value("EPSG:4326")
        at = at.run()
    assert not has(at.selectbox, "imp.encoding")  # GeoJSON is UTF-8 by definition: no question
    assert any(HOSTILE in str(df.value.to_numpy()) for df in at.dataframe)  # sample, as text
    widget(at.text_input, "imp.name_zh").set_value("测试导入")
    at = submit(at)
    assert not at.exception, at.exception
    [spec] = workspace.layer_specs()
    assert spec.theme == "imported" and spec.name_zh == "测试导入"
    assert spec.source_zh.startswith("用户导入：规划局.geojson")  # the name as text, no path
    assert widget(at.checkbox, f"layer.{spec.id}").value is True
    assert any("测试导入" in s.value for s in at.success)
    assert sorted(p.name for p in originals_dir(workspace).iterdir()) == [f"{spec.id}.geojson"]
    assert (originals_dir(workspace) / f"{spec.id}.geojson").read_bytes() == GEOJSON
    assert {f.name: f.kind for f in spec.fields if f.filter}.get("year") == "year"
    # removal asks first
    widget(at.button, f"imp.rm.{spec.id}").click()
    at = at.run()
    assert workspace.layer_specs() and any("确定删除" in w.value for w in at.warning)
    widget(at.button, "imp.rm.yes").click()
    at = at.run()
    assert not at.exception and workspace.layer_specs() == []
    assert not has(at.checkbox, f"layer.{spec.id}")
    assert [p.name for p in originals_dir(workspace).iterdir()] == [f"{spec.id}.geojson"]  # kept
    assert [e.action for e in workspace.audit(layer=spec.id)] == ["layer.import", "layer.remove"]


def gbk_shapefile_zip(tmp_path) -> bytes:
    gdf = gpd.GeoDataFrame({"名称": ["章丘区政府", "明水街道"]},
                           geometry=[Point(117.53, 36.70), Point(117.55, 36.71)], crs=4326)
    pyogrio.write_dataframe(gdf, tmp_path / "gbk.shp", encoding="cp936")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for ext in (".shp", ".shx", ".dbf", ".prj"):  # no .cpg: the file does not say
            zf.write(tmp_path / f"gbk{ext}", f"gbk{ext}")
    assert "章丘区政府".encode("gbk") in (tmp_path / "gbk.dbf").read_bytes()
    return buf.getvalue()


def test_encoding_must_be_chosen_when_the_file_does_not_say(workspace, tmp_path):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tool"] = "data"
    at = at.run()
    at = upload(at, "乡镇.zip", gbk_shapefile_zip(tmp_path), "application/zip")
    assert not at.exception, at.exception
    assert has(at.selectbox, "imp.encoding")
    assert widget(at.selectbox, "imp.encoding").value is None  # never assumed
    assert not any(b.label == "添加为图层" for b in at.button)
    widget(at.selectbox, "imp.encoding").set_value("gb18030")
    at = at.run()
    assert any("章丘区政府" in str(df.value.to_numpy()) for df in at.dataframe)
    assert any(b.label == "添加为图层" for b in at.button)
    assert workspace.layer_specs() == []


def test_export_panel_offers_what_formats_hold():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["tool"] = "data"
    at = at.run()
    assert not at.exception
    widget(at.selectbox, "exp.layer").set_value("boundary")
    at = at.run()
    lonlat = t("io.fmt.csv_lonlat", "zh")
    assert lonlat not in widget(at.selectbox, "exp.format.any").options  # polygons: no lon/lat
    widget(at.selectbox, "exp.format.any").set_value("kml")
    at = at.run()
    assert widget(at.selectbox, "exp.crs.geo").options == [
        CRS_LABELS[c][0] for c in ("EPSG:4326", "EPSG:4490", "gcj02")]  # KML: lon/lat only
    widget(at.selectbox, "exp.layer").set_value("towns")
    at = at.run()
    assert lonlat in widget(at.selectbox, "exp.format.pt").options
    assert not at.exception


def _two_layer_gpkg(tmp_path: Path) -> bytes:
    path = tmp_path / "plan.gpkg"
    for layer, names in (("zoning", ["z1", "z2"]), ("control_lines", ["c1", "c2", "c3"])):
        gpd.GeoDataFrame({"名称": names}, geometry=[Point(117.5 + i / 100, 36.7) for i in range(len(names))],
                         crs=4326).to_file(path, layer=layer, driver="GPKG")
    return path.read_bytes()


def test_a_multi_layer_geopackage_asks_which_layer_or_all(workspace, tmp_path):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tool"] = "data"
    at = upload(at.run(), "plan.gpkg", _two_layer_gpkg(tmp_path))
    choice = widget(at.selectbox, "imp.layer")
    assert choice.options == ["zoning", "control_lines", "全部图层（各成一层）"] and choice.value == "zoning"
    at = choice.set_value("control_lines").run()
    assert not at.exception
    at = submit(at)
    assert [(s.name_zh, len(gpd.read_file(s.path, layer=s.gpkg_layer))) for s in workspace.layer_specs()] == [
        ("plan", 3)]
    next(w for w in at.file_uploader if w.key.startswith("imp.file.")).set_value(  # a fresh uploader
        ("plan.gpkg", _two_layer_gpkg(tmp_path), "application/octet-stream"))
    at = widget(at.run().selectbox, "imp.layer").set_value("*").run()
    at = next(b for b in at.button if b.key == "imp.add_all").click().run()
    assert not at.exception
    names = sorted(s.name_zh for s in workspace.layer_specs())
    assert names == ["plan", "plan · control_lines", "plan · zoning"]
