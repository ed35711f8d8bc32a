"""Filters pushed down to PostGIS (layers/store/sql_where.py): for every kind of condition the
rows ``ids_where`` keeps are exactly the rows of the filter's pandas mask, on a small synthetic
layer with the awkward cells (";"-lists, padding, empty and missing cells, text that is not a
number, full-width digits, LIKE wildcards, a hostile value). Real PostgreSQL, never mocked."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box

from geo.errors import InvalidFilterError
from geo.filters import CategoryFilter, FilterSet
from geo.filters_range import RangeFilter, YearRangeFilter
from geo.filters_spatial import InsideFilter, NearFilter, SpatialContext
from geo.filters_text import TextFilter
from layers.spec import Field, LayerSpec, Style
from layers.store.base import LOCAL
from layers.store.postgis import PostgisStore

HOSTILE = "'; DROP TABLE ws_pushed; --"
CAT = ["a", "b", " a ", "a;b", "c; a ", "", None, "x;", "a\u3000", "A", "b ;c", HOSTILE]
TXT_NUM = ["12", " 12 ", "1e3", "1.5e308", "", None, "inf", "-Infinity", "1e400", "1e-310",
           "0x10", "+.5"]
YEAR = ["2021年", "２０２１年", "x2019y2030", "19", None, "2020-01", "", "公元2025", "1999",
        "2030.0", "年", "2024"]
NAME = ["100%纯", "a_b", "A_B", "ab", "重汽%_", None, HOSTILE, "Ärger", "%", "_", "x", "重汽"]
N = len(CAT)


def _frame() -> gpd.GeoDataFrame:
    """12 rows: points 0..8 on a line eastwards from 明水 (~300 m apart), rows 9..10 small
    squares, row 11 without a geometry."""
    geoms = [Point(117.5 + i * 0.0034, 36.7) for i in range(9)]
    geoms += [box(117.5, 36.71, 117.501, 36.711), box(117.52, 36.69, 117.53, 36.695), None]
    return gpd.GeoDataFrame({
        "cat": CAT, "txt_num": TXT_NUM, "plan_year": YEAR, "name_zh": NAME,
        "score": [1.0, 2.5, np.nan, 2023.0, -1.0, 10.0, 0.1, 1e20, 7.0, 3.0, np.nan, 12.0],
        "n": np.arange(N, dtype=np.int64) * 10, "yr": np.arange(2015, 2015 + N),
        "flag": [i % 3 == 0 for i in range(N)],
    }, geometry=geoms, crs=4326)


def _spec() -> LayerSpec:
    fields = (Field("cat", "类", "Cat", "category"), Field("txt_num", "数", "Num", "number"),
              Field("plan_year", "年", "Year", "year"), Field("name_zh", "名", "Name", "text"))
    return LayerSpec(id="pushed", name_zh="下推", name_en="Pushed", theme="imported", file="",
                     geometry_types=("Point", "Polygon"), style=Style(color="#ff0000"),
                     fields=fields, tooltip=("name_zh",), legend_zh="下推", legend_en="Pushed")


@pytest.fixture(scope="module")
def layer(pg_cluster, tmp_path_factory):
    """(store, frame as the page loads it: read back from the table) in a fresh database."""
    store = PostgisStore(pg_cluster.new_database(), tmp_path_factory.mktemp("ws"))
    store.add_layer(_spec(), _frame(), actor=LOCAL)
    try:
        yield store, store.read_layer("pushed")
    finally:
        store.close()


def _near(layer_id: str, index: int | None, metres: float) -> NearFilter:
    return NearFilter(layer_id, index, metres)


STATION = gpd.GeoDataFrame(geometry=[Point(117.5, 36.7), Point(117.5272, 36.7)], crs=4326)
RING = ((117.505, 36.695), (117.515, 36.695), (117.515, 36.705), (117.505, 36.705))

CASES = {
    "in": CategoryFilter("cat", ("a",)),
    "in two": CategoryFilter("cat", ("b", "c")),
    "in parts and padding": CategoryFilter("cat", ("a", "x")),
    "in a later part": CategoryFilter("cat", ("c",)),
    "exclude keeps empty cells": CategoryFilter("cat", ("a",), exclude=True),
    "in on a number": CategoryFilter("score", ("2023", "2.5", "1e+20", "100000000000000000000")),
    "in on integers": CategoryFilter("n", ("0", "30")),
    "in on booleans": CategoryFilter("flag", ("True",)),
    "in hostile": CategoryFilter("cat", (HOSTILE,)),
    "range text numbers": RangeFilter("txt_num", 1, 20),
    "range open high": RangeFilter("txt_num", 100, None),
    "range open low": RangeFilter("txt_num", None, 0.5),
    "range tiny": RangeFilter("txt_num", 0, 1e-300),
    "range floats": RangeFilter("score", 0.1, 12),
    "range ints": RangeFilter("n", 25, 80),
    "range no bounds": RangeFilter("txt_num", None, None),
    "year text": YearRangeFilter("plan_year", 2020, 2025),
    "year from": YearRangeFilter("plan_year", 2000, None),
    "year ints": YearRangeFilter("yr", 2018, 2020),
    "contains %": TextFilter(("name_zh",), "%"),
    "contains _": TextFilter(("name_zh",), "_"),
    "contains case": TextFilter(("name_zh",), "a_b"),
    "contains umlaut": TextFilter(("name_zh",), "äRG"),
    "contains hostile": TextFilter(("name_zh",), HOSTILE),
    "contains two fields": TextFilter(("name_zh", "cat", "missing"), "B"),
    "near one": _near("stations", 0, 700),
    "near all": _near("stations", None, 350),
    "near none": _near("stations", 0, 1),
    "inside": InsideFilter((RING,)),
    "inside two": InsideFilter((RING, ((117.5, 36.709), (117.502, 36.709), (117.502, 36.712)))),
}


def _bound(f):
    return f.bind(SpatialContext({"stations": STATION}))


@pytest.mark.parametrize("name", CASES)
def test_ids_where_equals_the_mask(layer, name):
    store, frame = layer
    f = _bound(CASES[name])
    want = np.flatnonzero(f.mask(frame).to_numpy(dtype=bool))
    got = store.ids_where("pushed", f.condition())
    assert got.dtype == np.int64 and got.tolist() == want.tolist()
    assert store.count_where("pushed", f.condition()) == len(want)


def test_all_of_several(layer):
    store, frame = layer
    combos = [FilterSet(), FilterSet((CASES["exclude keeps empty cells"], CASES["range floats"])),
              FilterSet(tuple(_bound(CASES[k]) for k in ("in parts and padding", "near all",
                                                          "year from", "contains _")))]
    for fset in combos:
        want = np.flatnonzero(fset.mask(frame).to_numpy(dtype=bool))
        assert store.ids_where("pushed", fset.condition()).tolist() == want.tolist()


def test_hostile_values_are_values(layer):
    store, frame = layer
    cond = CategoryFilter("cat", (HOSTILE, "x'); DELETE FROM zq_layers; --")).condition()
    assert store.ids_where("pushed", cond).tolist() == [11]
    assert store.count("pushed") == N  # the table is there, whole
    with pytest.raises(InvalidFilterError):  # a field name is an identifier the table must have
        store.count_where("pushed", CategoryFilter('cat" OR 1=1 --', ("a",)).condition())


@pytest.mark.parametrize("name", ["near one", "near all", "inside"])
def test_the_expression_index_serves_spatial_filters(layer, name):
    from psycopg import sql

    from layers.store.sql_where import compile_where

    store, _ = layer
    where, params = compile_where(_bound(CASES[name]).condition(), store.column_types("pushed"))
    with store._read() as cur:
        cur.execute("SET enable_seqscan = off")  # a 12-row table: else a scan is cheaper
        plan = "\n".join(r[0] for r in cur.execute(
            sql.SQL("EXPLAIN SELECT zq_id FROM ws_pushed WHERE {}").format(where), params))
        cur.execute("RESET enable_seqscan")
    assert "ws_pushed_geom_4548" in plan, plan


def test_migration_adds_the_index_to_older_layers(pg_db, tmp_path):
    from layers.store import migrations

    store = PostgisStore(pg_db, tmp_path)
    try:
        store.add_layer(_spec(), _frame(), actor=LOCAL)
        with store._tx() as cur:
            cur.execute("DROP INDEX ws_pushed_geom_4548")
            [(_, text)] = [m for m in migrations.steps("postgis") if m[0] == 2]
            cur.execute(text)
            found = cur.execute("SELECT count(*) FROM pg_indexes WHERE indexname = "
                                "'ws_pushed_geom_4548'").fetchone()[0]
        assert found == 1
    finally:
        store.close()


def test_shapely_areas_are_in_4548():
    ring = InsideFilter((RING,))
    assert 500_000 < shapely.area(ring.area) < 2_000_000  # ~0.9 km x 1.1 km, in metres


def test_name_search_without_icu_uses_the_database_lower_case(layer):
    from psycopg import sql

    from layers.store.sql_where import compile_where

    store, frame = layer
    f = CASES["contains case"]
    where, params = compile_where(f.condition(), store.column_types("pushed"), collation=None)
    with store._read() as cur:
        rows = [r[0] for r in cur.execute(sql.SQL(
            "SELECT zq_id FROM ws_pushed WHERE {} ORDER BY zq_id").format(where), params)]
    assert rows == np.flatnonzero(f.mask(frame).to_numpy(dtype=bool)).tolist() == [1, 2]
