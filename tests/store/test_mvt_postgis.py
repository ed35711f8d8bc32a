"""Tiles of a PostGIS layer from ST_AsMVT (PostgisStore.mvt, layers/tiled_pg.py): the features
and attributes of the source in each tile's box at several zooms, the GDAL tiles' layer name
and zq_id, small parcels kept, and the tile route serving them (real PostgreSQL)."""

from __future__ import annotations

import gzip
from dataclasses import replace

import geopandas as gpd
import mapbox_vector_tile
import numpy as np
import pytest
import shapely

from bench.parcels import layer_declaration, make_parcels
from geo.tiles import zooms
from geo.tiles.mbtiles import ID_FIELD, TILE_LAYER
from layers import tiled_pg
from layers.spec import spec_from_dict
from layers.store.base import LOCAL
from layers.store.postgis import PostgisStore
from layers.store.postgis_query import BUFFER, EXTENT
from layers.tile_routes import make_routes
from layers.tiled import URL_PREFIX
from layers.tiled_store import TileStore
from tests.tiles.conftest import asgi_get
from tests.tiles.test_tiles_decode import _source_ids, _tile_at_centre

N = 2_000


@pytest.fixture(scope="module")
def pg_parcels(pg_cluster, tmp_path_factory):
    """(store, stored spec, frame read back, info) of 2,000 synthetic parcels in PostGIS."""
    root = tmp_path_factory.mktemp("ws")
    store = PostgisStore(pg_cluster.new_database(), root)
    spec = replace(spec_from_dict(layer_declaration(root / "parcels.fgb")), tiled=True)
    stored = store.add_layer(spec, make_parcels(N, seed=7), actor=LOCAL)
    frame = store.read_layer(stored.id)
    try:
        yield store, stored, frame, tiled_pg.store_info(stored, frame)
    finally:
        store.close()


def _decode(raw: bytes) -> list[dict]:
    raw = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    return mapbox_vector_tile.decode(raw)[TILE_LAYER]["features"]


@pytest.mark.parametrize("dz", [0, 1, 3], ids=["minzoom", "minzoom+1", "minzoom+3"])
def test_mvt_holds_exactly_the_features_in_its_box(pg_parcels, dz):
    store, spec, frame, info = pg_parcels
    assert info.columns == ("dlbm", "accuracy") and info.source_version == f"store:{spec.id}"
    z = min(info.minzoom + dz, info.maxzoom)
    x, y = _tile_at_centre(frame, z)
    feats = _decode(store.mvt(spec.id, z, x, y, info.columns, info.minzoom))
    ids = [int(f["properties"][ID_FIELD]) for f in feats]
    assert len(ids) == len(set(ids)) and all(f["id"] == i for f, i in zip(feats, ids, strict=True))
    f3857 = frame.to_crs(3857)
    inside = _source_ids(f3857, z, x, y, 0.0)
    near = _source_ids(f3857, z, x, y, BUFFER / EXTENT + 1e-3)
    assert inside and inside <= set(ids) <= near  # every parcel in the box, none vanished
    for f in feats:  # the styling attributes of the row zq_id names, and nothing else
        row = frame.iloc[int(f["properties"][ID_FIELD])]
        assert f["properties"] == {ID_FIELD: int(row.name), "dlbm": row["dlbm"],
                                   "accuracy": row["accuracy"]}
        assert f["geometry"]["type"] == "Polygon"


def test_mvt_outside_the_zooms_or_the_data_is_empty(pg_parcels):
    store, spec, frame, info = pg_parcels
    x, y = _tile_at_centre(frame, info.minzoom - 1)
    assert store.mvt(spec.id, info.minzoom - 1, x, y, info.columns, info.minzoom) == b""
    assert store.mvt(spec.id, 16, 0, 0, info.columns, info.minzoom) == b""
    assert store.mvt(spec.id, 12, 0, 0, info.columns, info.minzoom) == b""  # no parcel there


def test_a_parcel_smaller_than_a_tile_unit_is_kept(pg_db, tmp_path):
    """A 2 m square at z10 (a unit is ~7.7 m on the ground): GDAL drops it, ST_AsMVT here keeps a unit square."""
    store = PostgisStore(pg_db, tmp_path)
    try:
        centre = gpd.GeoSeries([shapely.Point(117.535, 36.70)], crs=4326).to_crs(3857)[0]
        tiny = [shapely.box(centre.x + d, centre.y, centre.x + d + 2, centre.y + 2)
                for d in (0, 500)]
        frame = gpd.GeoDataFrame({"dlbm": ["0103", "0601"], "accuracy": ["exact", "exact"]},
                                 geometry=tiny, crs=3857).to_crs(4326)
        spec = replace(spec_from_dict(layer_declaration(tmp_path / "t.fgb")), id="tiny")
        store.add_layer(spec, frame, actor=LOCAL)
        x, y = zooms.lonlat_to_tile(np.array([117.535]), np.array([36.70]), 10)
        feats = _decode(store.mvt("tiny", 10, int(x[0]), int(y[0]), ("dlbm",), 10))
        assert sorted(f["properties"][ID_FIELD] for f in feats) == [0, 1]
    finally:
        store.close()


def test_the_tile_route_serves_a_postgis_layer(pg_parcels):
    store, spec, frame, info = pg_parcels
    cache = tiled_pg.LruCache(size=4)
    tiles = TileStore()
    tiles.register(spec, frame, info, tiled_pg.StoreTiles(store, info, cache))
    z = info.minzoom + 1
    x, y = _tile_at_centre(frame, z)
    routes = make_routes(tiles)
    status, headers, body = asgi_get(routes, f"{URL_PREFIX}/{spec.id}/{z}/{x}/{y}.pbf")
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["content-type"] == "application/vnd.mapbox-vector-tile"
    ids = {int(f["properties"][ID_FIELD]) for f in _decode(body)}
    assert _source_ids(frame.to_crs(3857), z, x, y, 0.0) <= ids
    assert len(cache) == 1
    assert asgi_get(routes, f"{URL_PREFIX}/{spec.id}/{z}/{x}/{y}.pbf")[2] == body
    assert len(cache) == 1  # the second answer came from the LRU
    assert asgi_get(routes, f"{URL_PREFIX}/{spec.id}/{info.minzoom - 1}/{x}/{y}.pbf")[0] == 204
    assert asgi_get(routes, f"{URL_PREFIX}/{spec.id}/12/0/0.pbf")[0] == 204  # empty tile
    for n in range(5):  # the LRU keeps its size
        asgi_get(routes, f"{URL_PREFIX}/{spec.id}/15/{n}/0.pbf")
    assert len(cache) == 4
