"""Choosing the layer of a multi-layer file (issue 10, point 4): a GeoPackage's layer by name, a
zip's dataset by name (or a GeoPackage's layer inside a zip), every layer from the CLI; a name the
file does not have is an error that lists the layers it has — never a silent first layer."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import Point

from geo.ingest import inspect_file, read_file_safely
from tests.tiles.test_layers_cli import cli


def _points(names: list[str], x0: float) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": names}, geometry=[Point(x0 + i * 0.01, 36.7) for i in range(len(names))],
                            crs=4326)


@pytest.fixture(scope="module")
def two_layer_gpkg(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gpkg") / "plan.gpkg"
    pyogrio.write_dataframe(_points(["a1", "a2"], 117.5), path, layer="zoning")
    pyogrio.write_dataframe(_points(["b1", "b2", "b3"], 117.6), path, layer="control_lines", append=True)
    return path


@pytest.fixture(scope="module")
def two_shapefile_zip(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("zip")
    for stem, names in (("roads", ["r1"]), ("villages", ["v1", "v2", "v3", "v4"])):
        pyogrio.write_dataframe(_points(names, 117.5), folder / f"{stem}.shp")
    path = folder / "survey.zip"
    with zipfile.ZipFile(path, "w") as z:
        for p in sorted(folder.iterdir()):
            if p.suffix != ".zip":
                z.write(p, p.name)
    return path


@pytest.mark.parametrize(("layer", "names"), [
    (None, ["a1", "a2"]),                       # the first layer, with a warning naming the others
    ("zoning", ["a1", "a2"]),
    ("control_lines", ["b1", "b2", "b3"]),
])
def test_geopackage_layer_by_name(two_layer_gpkg, layer, names):
    gdf, res = read_file_safely(two_layer_gpkg, lang="en", layer=layer)
    assert res.usable, res.error
    assert sorted(gdf["name"]) == names
    assert res.layers == ["zoning", "control_lines"] and res.layer == (layer or "zoning")
    told = any("--layer" in en for _, en in res.warnings)
    assert told is (layer is None)


@pytest.mark.parametrize(("layer", "count"), [(None, 1), ("villages", 4), ("villages.shp", 4), ("roads", 1)])
def test_zip_dataset_by_name(two_shapefile_zip, layer, count):
    gdf, res = read_file_safely(two_shapefile_zip, lang="en", crs="EPSG:4326", layer=layer)
    assert res.usable, res.error
    assert len(gdf) == count
    assert res.layers == ["roads.shp", "villages.shp"]


def test_geopackage_inside_a_zip(two_layer_gpkg, tmp_path):
    path = tmp_path / "pack.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.write(two_layer_gpkg, "plan.gpkg")
    for layer in ("plan.gpkg/control_lines", "control_lines"):
        gdf, res = read_file_safely(path, lang="en", layer=layer)
        assert res.usable, res.error
        assert sorted(gdf["name"]) == ["b1", "b2", "b3"]


@pytest.mark.parametrize("fixture", ["two_layer_gpkg", "two_shapefile_zip"])
def test_a_missing_layer_is_an_error_listing_the_layers(fixture, request):
    res = inspect_file(request.getfixturevalue(fixture), lang="en", crs="EPSG:4326", layer="parcels")
    assert not res.usable and res.error_kind == "layer"
    zh, en = res.error
    assert "parcels" in en and "parcels" in zh
    assert ("control_lines" in en) if fixture == "two_layer_gpkg" else ("villages.shp" in en)


def test_cli_imports_one_layer_or_every_layer(two_layer_gpkg, tmp_path):
    one = cli(tmp_path / "ws1", "import", two_layer_gpkg, "--layer", "control_lines")
    assert one.returncode == 0, one.stderr
    rows = cli(tmp_path / "ws1", "list", "--json")
    assert '"features": 3' in rows.stdout
    every = cli(tmp_path / "ws2", "import", two_layer_gpkg, "--layer", "*", "--name-en", "Plan")
    assert every.returncode == 0, every.stderr
    assert len(every.stdout.split()) == 2  # two new layer ids
    listed = cli(tmp_path / "ws2", "list")
    assert "Plan · zoning" in listed.stdout and "Plan · control_lines" in listed.stdout
    missing = cli(tmp_path / "ws3", "import", two_layer_gpkg, "--layer", "nope")
    assert missing.returncode == 2 and "zoning" in missing.stderr
