"""``python -m layers import|list|remove`` round trip with a GBK shapefile that has no .prj."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest

from bench.parcels import make_parcels
from layers import tiled
from layers.load import load_layer
from layers.store import IMPORT_META_PREFIX, open_store
from layers.store.base import LOCAL

REPO = Path(__file__).resolve().parents[2]


def cli(workspace: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ZQ_WORKSPACE": str(workspace)}
    proc = subprocess.run([sys.executable, "-m", "layers", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def gbk_parcels(tmp_path_factory) -> Path:
    """300 parcels in CGCS2000 GK zone 39 (with the zone prefix), GBK .dbf, no .prj, no .cpg."""
    folder = tmp_path_factory.mktemp("gbk")
    gdf = make_parcels(300, seed=11)[["bsm", "dlbm", "dlmc", "qsdwmc", "zldwmc", "geometry"]]
    path = folder / "dltb.shp"
    pyogrio.write_dataframe(gdf.to_crs(4527), path, encoding="GBK")
    for side in (".prj", ".cpg"):
        path.with_suffix(side).unlink(missing_ok=True)
    return path


def test_import_asks_for_crs_then_list_and_remove(gbk_parcels, tmp_path):
    asked = cli(tmp_path, "import", gbk_parcels)
    assert asked.returncode == 2 and "--crs" in asked.stderr
    assert "EPSG:4527" in asked.stderr  # the candidate the coordinates fit
    assert not open_store(root=tmp_path).layer_specs()
    done = cli(tmp_path, "import", gbk_parcels, "--crs", "EPSG:4527", "--name-zh", "地类图斑",
               "--name-en", "Land-use parcels")
    assert done.returncode == 0, done.stderr
    layer_id = done.stdout.strip()
    listed = json.loads(cli(tmp_path, "list", "--json").stdout)
    assert [(r["id"], r["features"], r["name_zh"], r["tiled"]) for r in listed] == [
        (layer_id, 300, "地类图斑", False)]
    spec = open_store(root=tmp_path).layer_specs()[0]
    frame = load_layer(spec)
    assert set(frame.dlmc) <= {"水田", "水浇地", "旱地", "果园", "乔木林地", "工业用地",
                               "城镇住宅用地", "农村宅基地", "农村道路", "坑塘水面"}  # GBK read right
    assert 117.3 < frame.total_bounds[0] < frame.total_bounds[2] < 117.8
    meta = open_store(root=tmp_path).get(IMPORT_META_PREFIX + layer_id)
    assert meta["crs"] == "EPSG:4527" and meta["features"] == 300
    assert (tmp_path / "originals" / f"{layer_id}.dbf").is_file()
    assert cli(tmp_path, "remove", layer_id).returncode == 0
    assert json.loads(cli(tmp_path, "list", "--json").stdout) == []
    assert (tmp_path / "originals" / f"{layer_id}.dbf").is_file()  # kept: the trail can restore it
    assert cli(tmp_path, "remove", layer_id).returncode == 2
    actions = [e["action"] for e in json.loads(cli(tmp_path, "audit", "--json").stdout)]
    assert actions == ["layer.import", "layer.remove"]


def test_tiled_import_prepares_tiles_and_remove_deletes_them(tmp_path, monkeypatch):
    """In-process (fast): a layer over the threshold gets tiles; remove takes them away."""
    from layers import cli as layers_cli

    monkeypatch.setenv("ZQ_WORKSPACE", str(tmp_path))
    monkeypatch.setattr(tiled, "THRESHOLD", 100)
    src = tmp_path / "in.fgb"
    pyogrio.write_dataframe(make_parcels(400, seed=5), src, driver="FlatGeobuf")
    assert layers_cli.main(["import", str(src)]) == 0
    (row,) = layers_cli.layer_rows(open_store(root=tmp_path))
    assert row["tiled"] and row["features"] == 400 and row["zooms"][1] == 15
    assert tiled.tiles_path(tmp_path, row["id"]).is_file()
    assert layers_cli.main(["remove", row["id"]]) == 0
    assert not tiled.tiles_path(tmp_path, row["id"]).exists()


def test_layer_of_a_single_layer_file_is_refused_clearly(tmp_path, gbk_parcels):
    """--layer chooses among a GeoPackage's layers or a zip's datasets (tests/ingest/test_layer_choice.py);
    a shapefile has one: asking for a named layer of it is an error that says so, nothing is stored."""
    proc = cli(tmp_path, "import", gbk_parcels, "--layer", "DLTB", "--crs", "EPSG:4527")
    assert proc.returncode == 2 and "--layer" in proc.stderr and "single layer" in proc.stderr
    assert not open_store(root=tmp_path).layer_specs()


def test_tiles_follow_their_layer_not_the_whole_workspace(tmp_path, monkeypatch):
    """Writing another workspace document (a scene, a note) must not remake 10^6-parcel tiles."""
    from layers import cli as layers_cli

    monkeypatch.setenv("ZQ_WORKSPACE", str(tmp_path))
    monkeypatch.setattr(tiled, "THRESHOLD", 100)
    src = tmp_path / "in.fgb"
    pyogrio.write_dataframe(make_parcels(300, seed=6), src, driver="FlatGeobuf")
    assert layers_cli.main(["import", str(src)]) == 0
    ws = open_store(root=tmp_path)
    spec = ws.layer_specs()[0]
    before = tiled.load_info(tmp_path, spec.id)
    ws.put("scene:1", {"title": "x"}, actor=LOCAL)  # the GeoPackage file changes, the layer does not
    assert tiled.source_version(spec) == before.source_version
    assert tiled.ensure(spec, load_layer(spec), tmp_path) == before  # not remade
