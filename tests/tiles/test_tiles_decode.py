"""Tiles decode to the right features and attributes at several zooms (ids against the source)."""

from __future__ import annotations

import gzip

import mapbox_vector_tile
import numpy as np
import pytest
import shapely

from geo.tiles import zooms
from geo.tiles.mbtiles import ID_FIELD, MAX_SIZE, TILE_LAYER, TileReader
from layers import tiled

BUFFER_UNITS = 80  # GDAL MVT's default BUFFER, in tile units (EXTENT 4096)


def _decode(data: bytes) -> list[dict]:
    raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return mapbox_vector_tile.decode(raw)[TILE_LAYER]["features"]


def _tile_at_centre(frame, z: int) -> tuple[int, int]:
    centres = shapely.centroid(frame.geometry.values)  # degrees: only to pick a tile
    lon, lat = float(np.median(shapely.get_x(centres))), float(np.median(shapely.get_y(centres)))
    x, y = zooms.lonlat_to_tile(np.array([lon]), np.array([lat]), z)
    return int(x[0]), int(y[0])


def _source_ids(frame3857, z, x, y, grow: float) -> set[int]:
    minx, miny, maxx, maxy = zooms.tile_bounds_3857(z, x, y)
    pad = (maxx - minx) * grow
    box = shapely.box(minx - pad, miny - pad, maxx + pad, maxy + pad)
    return set(np.flatnonzero(shapely.intersects(frame3857.geometry.values, box)).tolist())


@pytest.mark.parametrize("dz", [0, 1, 3], ids=["minzoom", "minzoom+1", "minzoom+3"])
def test_tile_holds_exactly_the_features_in_its_box(prepared, dz):
    spec, frame, info, root = prepared
    z = min(info.minzoom + dz, info.maxzoom)
    x, y = _tile_at_centre(frame, z)
    data = TileReader(tiled.tiles_path(root, spec.id)).tile(z, x, y)
    assert data, f"no tile at {z}/{x}/{y}"
    feats = _decode(data)
    ids = [int(f["properties"][ID_FIELD]) for f in feats]
    assert len(ids) == len(set(ids)), "a parcel is split over several features"
    f3857 = frame.to_crs(3857)
    inside = _source_ids(f3857, z, x, y, 0.0)
    near = _source_ids(f3857, z, x, y, BUFFER_UNITS / 4096 + 1e-3)
    assert inside, "the chosen tile should cover parcels"
    assert inside <= set(ids) <= near  # every parcel in the box is drawn: none vanished
    for f in feats:  # attributes match the source row named by zq_id
        row = frame.iloc[int(f["properties"][ID_FIELD])]
        assert f["properties"]["dlbm"] == row["dlbm"]
        assert f["properties"]["accuracy"] == row["accuracy"]


def test_tiles_carry_only_styling_attributes(prepared):
    spec, frame, info, root = prepared
    assert info.columns == ("dlbm", "accuracy")
    meta = TileReader(tiled.tiles_path(root, spec.id)).metadata()
    assert '"zq_id"' in meta["json"] and '"qsdwmc"' not in meta["json"]


def test_no_tile_over_the_size_budget_and_zoom_rule_recorded(prepared):
    spec, frame, info, root = prepared
    sizes = TileReader(tiled.tiles_path(root, spec.id)).tile_sizes()
    assert sorted(sizes) == list(range(info.minzoom, zooms.MAXZOOM + 1))
    assert max(mx for _, mx, _ in sizes.values()) < MAX_SIZE
    assert info.minzoom == tiled.minzoom_for(frame)
    assert tiled.load_info(root, spec.id) == info


def test_zoom_rule_is_driven_by_density():
    rng = np.random.default_rng(1)
    lon, lat = 117.5 + rng.uniform(0, 0.05, 4000), 36.7 + rng.uniform(0, 0.05, 4000)
    verts = np.full(4000, 25.0)
    assert zooms.choose_minzoom(lon, lat, verts) == zooms.FLOOR_ZOOM  # 10^5 vertices fit z10
    assert zooms.choose_minzoom(lon, lat, verts * 10) > zooms.FLOOR_ZOOM
    assert zooms.choose_minzoom(lon, lat, verts * 10**6) == zooms.MAXZOOM
    assert zooms.choose_minzoom(lon[:0], lat[:0], verts[:0]) == zooms.FLOOR_ZOOM


@pytest.mark.parametrize("z", [0, 5, 12, 15])
def test_tile_bounds_agree_in_both_crs(z):
    x, y = zooms.lonlat_to_tile(np.array([117.53]), np.array([36.68]), z)
    w, s, e, n = zooms.tile_bounds_lonlat(z, int(x[0]), int(y[0]))
    assert w <= 117.53 < e and s <= 36.68 < n
    from pyproj import Transformer

    tr = Transformer.from_crs(4326, 3857, always_xy=True)
    minx, miny = tr.transform(w, s)
    assert np.allclose((minx, miny), zooms.tile_bounds_3857(z, int(x[0]), int(y[0]))[:2], atol=1e-3)


def test_small_layer_is_inline_unless_declared(prepared):
    spec = prepared[0]
    assert tiled.is_tiled(spec, 10)  # declared tiled=True
    from dataclasses import replace

    auto = replace(spec, tiled=None)
    assert not tiled.is_tiled(auto, tiled.THRESHOLD)
    assert tiled.is_tiled(auto, tiled.THRESHOLD + 1)
    assert not tiled.is_tiled(replace(spec, tiled=False), 10**6)
