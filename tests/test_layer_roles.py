"""Layer roles, not layer ids: what a layer is for is declared (``LayerSpec.roles``,
``LayerSpec.proximity``), and adding a layer is one declaration plus its data.

A test registry declares two new layers — wharves (a plan item, coloured by a field) and bus
stops (a whole-layer distance reference) — and sees them in the legend, the distances and the
filters with no other edit."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.filters import FilterSet, NearFilter, TextFilter
from layers import analysis as an
from layers import analysis_map as am
from layers import explorer as ex
from layers.registry import CATALOG, CLUSTER_PALETTE
from layers.render import legend_config
from layers.spec import ROLES, Catalog, Field, LayerSpec, ProximityRef, Style

NAME = Field("name_zh", "名称", "Name", "text", filter=True)
GK = "EPSG:4548"
X0, Y0 = 500_000.0, 4_070_000.0


def _spec(lid, **kw):
    base = dict(id=lid, name_zh=lid, name_en=lid, theme="transport", file=f"{lid}.geojson",
                geometry_types=("Point",), style=Style(), tooltip=("name_zh",), legend_zh=lid,
                legend_en=lid)
    return LayerSpec(**{**base, **kw})


WHARVES = _spec("wharves", name_zh="码头", name_en="Wharves", roles=("plan_item",),
                style=Style(by="kind", palette=(("客运", "#123456"), ("货运", "#654321"))),
                fields=(NAME, Field("kind", "类型", "Kind", "category", filter=True),
                        Field("accuracy", "精度", "Accuracy", "category"),
                        Field("accuracy_m", "误差", "Error", "number")))
STOPS = _spec("bus_stops", name_zh="公交站", name_en="Bus stops", roles=("context",),
              fields=(NAME, Field("accuracy", "精度", "Accuracy", "category"),
                      Field("accuracy_m", "误差", "Error", "number")),
              proximity=(ProximityRef("bus", "公交站", "bus stop", named=True, order=9),))
TEST_CAT = Catalog(themes=CATALOG.themes, layers=(WHARVES, STOPS))


def _frame(names, points, **cols):
    return gpd.GeoDataFrame({"name_zh": names, "accuracy": "exact", "accuracy_m": 0.0, **cols},
                            geometry=points, crs=GK).to_crs(4326)


DATA = {
    "wharves": _frame(["东码头", "西码头"], [Point(X0 + 1000, Y0), Point(X0 - 3000, Y0)], kind=["客运", "货运"]),
    "bus_stops": _frame(["一号站"], [Point(X0, Y0)]),
}


def test_every_declared_role_is_documented_and_used_roles_are_known():
    for spec in CATALOG.layers:
        assert set(spec.roles) <= set(ROLES), spec.id
    assert all(isinstance(v, str) and v for v in ROLES.values())


def test_new_layer_in_the_legend_with_its_palette():
    legend = legend_config(list(TEST_CAT.layers), "zh")
    labels = [i["label"] for i in legend["items"]]
    assert "wharves" in labels and "客运" in labels and "货运" in labels
    assert [i.get("sub", False) for i in legend["items"][:3]] == [False, True, True]
    colours = {i["color"] for i in legend["items"]}
    assert {"#123456", "#654321"} <= colours


def test_bundled_firms_legend_shows_the_cluster_colours():
    legend = legend_config([CATALOG.get("firms")], "zh")
    assert {c for _, c in CLUSTER_PALETTE} <= {i["color"] for i in legend["items"]}
    assert all(i["kind"] == "point" for i in legend["items"])


def test_new_layer_gets_distances_to_the_new_reference():
    table = an.proximity(DATA, "wharves", TEST_CAT)
    assert list(table["bus_m"].round(3)) == [1000.0, 3000.0]  # exactly 1,000 m in GK
    assert list(table["bus_name"]) == ["一号站", "一号站"]
    assert an.item_layers(TEST_CAT) == ("wharves",)
    tips = am.tooltip_rows(DATA, "en", TEST_CAT)
    assert set(tips) == {"wharves"} and tips["wharves"]["labels"] == ["To bus stop"]
    assert tips["wharves"]["rows"][0][0].startswith("一号站 1,000 m")


def test_new_layer_in_the_filters():
    declared = ex.declared_filters(TEST_CAT)
    assert declared["kind"] == "category" and declared["name_zh"] == "text"
    assert TEST_CAT.near_targets() == (STOPS,)
    fs, problems = ex.bind_filters(FilterSet((NearFilter("bus_stops", None, 1500),)), DATA, TEST_CAT)
    assert not problems and fs.describe("zh").startswith("距公交站直线 ≤ 1.5 公里")
    masks = ex.layer_masks(DATA, list(TEST_CAT.layers), fs)
    assert list(masks["wharves"]) == [True, False] and masks["bus_stops"].all()
    search = FilterSet((TextFilter(("name_zh",), "东"),))
    masks = ex.layer_masks(DATA, list(TEST_CAT.layers), search)
    assert list(masks["wharves"]) == [True, False]
    assert masks["bus_stops"].all(), "a context layer stays drawn under a name search"


@pytest.mark.parametrize("role", ["extent", "host_park", "plan_item", "context", "district_wide", "seat",
                                  "firm", "project"])
def test_bundled_registry_declares_each_role_it_relies_on(role):
    assert CATALOG.ids_with(role)


def test_declared_references_keep_their_table_order():
    assert an.ref_keys() == ("metro", "g309", "sdu", "hsr", "gov")
    assert replace(STOPS, proximity=()).whole_ref is None
