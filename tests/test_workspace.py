"""The embedded workspace: imported layers and documents survive a restart; removal is clean."""

from __future__ import annotations

import geopandas as gpd
import pyogrio
from shapely.geometry import Point

from layers.load import load_layer
from layers.spec import Field, LayerSpec, Style
from layers.workspace import Workspace


def spec(layer_id: str = "my_parcels") -> LayerSpec:
    return LayerSpec(
        id=layer_id, name_zh="我的地块", name_en="My parcels", theme="projects", file="",
        geometry_types=("Point",), style=Style(color="#ff0000"),
        fields=(Field("name_zh", "名称", "Name", "text", filter=True),
                Field("source", "来源", "Source"), Field("accuracy", "精度", "Accuracy", "category")),
        tooltip=("name_zh",), legend_zh="我的地块", legend_en="My parcels")


def frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name_zh": ["甲", "乙"], "source": ["upload", "upload"],
                             "accuracy": ["exact", "exact"]},
                            geometry=[Point(117.5, 36.7), Point(117.6, 36.7)], crs=4326)


def test_layer_round_trip_across_instances(tmp_path):
    Workspace(tmp_path).add_layer(spec(), frame())
    again = Workspace(tmp_path)  # a restart: a new object on the same directory
    [stored] = again.layer_specs()
    assert stored.id == "my_parcels" and stored.gpkg_layer == "ws_my_parcels"
    gdf = load_layer(stored)
    assert list(gdf["name_zh"]) == ["甲", "乙"] and gdf.crs.to_epsg() == 4326


def test_documents_and_removal(tmp_path):
    ws = Workspace(tmp_path)
    ws.put("scenes", [{"caption": "总览"}])
    ws.add_layer(spec("a"), frame())
    ws.add_layer(spec("b"), frame())
    ws.remove_layer("a")
    assert [s.id for s in ws.layer_specs()] == ["b"]
    assert [n for n, _ in pyogrio.list_layers(ws.gpkg) if n.startswith("ws_")] == ["ws_b"]
    assert load_layer(ws.layer_specs()[0]).shape[0] == 2  # the GPKG is still valid
    assert Workspace(tmp_path).get("scenes") == [{"caption": "总览"}]


def test_bad_layer_id_refused(tmp_path):
    import pytest

    with pytest.raises(ValueError):
        Workspace(tmp_path).add_layer(spec("../x"), frame())
