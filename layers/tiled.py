"""Tiled layers: a layer too big to inline is drawn from vector tiles made once, at import.

Which layers: a declaration may say ``tiled`` (True/False); otherwise a layer with more than
:data:`THRESHOLD` features is tiled (inline GeoJSON stops being usable at ~2x10^4 features,
``shared/notes/performance.md``). What is prepared, next to the layer's indexed copy (the
workspace GeoPackage, with its R-tree): ``tiles/<id>.mbtiles`` (zoom rule in
:mod:`geo.tiles.zooms`) and ``tiles/<id>.json`` (zooms, counts, tile sizes, timings).
Every tile feature carries ``zq_id``, its row position in the layer as loaded by
:func:`layers.load.load_layer`, so masks, records and table pages all speak row positions.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo.tiles import zooms
from geo.tiles.mbtiles import TileReader, write_mbtiles
from layers.spec import LayerSpec

THRESHOLD = 20_000
URL_PREFIX = "/tiles/layers"  # ASGI routes (layers/tile_routes.py); basemaps use /tiles/basemaps


@dataclass(frozen=True)
class TileInfo:
    """What was prepared for one tiled layer (the JSON document beside its MBTiles)."""

    layer_id: str
    features: int
    minzoom: int
    maxzoom: int
    columns: tuple[str, ...]
    bounds: tuple[float, float, float, float]  # west, south, east, north (EPSG:4326)
    seconds: float
    tile_bytes: dict[str, list[int]]  # zoom -> [tiles, largest, total]
    source_version: str  # see source_version(): tiles are remade when it changes


def is_tiled(spec: LayerSpec, features: int) -> bool:
    """Whether ``spec`` is drawn from tiles: its declaration says so, or it is big."""
    return spec.tiled if spec.tiled is not None else features > THRESHOLD


def tile_columns(spec: LayerSpec, gdf: gpd.GeoDataFrame) -> list[str]:
    """Attributes the tiles carry: only what styling needs (the colour field, the accuracy)."""
    wanted = [spec.style.by, "accuracy"]
    return [c for c in dict.fromkeys(wanted) if c and c in gdf.columns]


def tiles_dir(root: Path) -> Path:
    """The folder of prepared tiles under a workspace (or data) root."""
    return Path(root) / "tiles"


def tiles_path(root: Path, layer_id: str) -> Path:
    """The MBTiles file of ``layer_id`` under ``root``."""
    return tiles_dir(root) / f"{layer_id}.mbtiles"


def _info_path(root: Path, layer_id: str) -> Path:
    return tiles_dir(root) / f"{layer_id}.json"


def minzoom_for(gdf: gpd.GeoDataFrame) -> int:
    """The zoom rule of :mod:`geo.tiles.zooms` applied to ``gdf`` (EPSG:4326)."""
    geoms = gdf.geometry.values
    centres = shapely.centroid(geoms)
    return zooms.choose_minzoom(shapely.get_x(centres), shapely.get_y(centres),
                                shapely.get_num_coordinates(geoms).astype(float))


def source_version(spec: LayerSpec) -> str:
    """What identifies the layer's data: a workspace layer's ``gpkg_contents.last_change`` in the
    GeoPackage (the file changes whenever any layer, scene or note is written), its id in a
    database store (its rows never change under that id), else the file's mtime."""
    if spec.gpkg_layer and not spec.path.is_file():
        return f"store:{spec.id}"
    if spec.gpkg_layer:
        with contextlib.closing(sqlite3.connect(f"file:{spec.path}?mode=ro", uri=True)) as con:
            row = con.execute("SELECT last_change FROM gpkg_contents WHERE table_name = ?",
                              (spec.gpkg_layer,)).fetchone()
        if row:
            return f"gpkg:{row[0]}"
    return f"mtime:{spec.path.stat().st_mtime_ns}"


def prepare(spec: LayerSpec, gdf: gpd.GeoDataFrame, root: Path, version: str = "") -> TileInfo:
    """Write the tiles of ``gdf`` (EPSG:4326, rows in load order) under ``root``; return the info.

    Preconditions: ``gdf`` is the layer as :func:`layers.load.load_layer` returns it (same
    row order), so that ``zq_id`` in the tiles is the row position the app filters on.
    """
    started = time.perf_counter()
    columns = tile_columns(spec, gdf)
    minzoom = minzoom_for(gdf)
    path = write_mbtiles(gdf, tiles_path(root, spec.id), columns, minzoom)
    sizes = TileReader(path).tile_sizes()
    info = TileInfo(spec.id, len(gdf), minzoom, zooms.MAXZOOM, tuple(columns),
                    tuple(float(v) for v in gdf.total_bounds), round(time.perf_counter() - started, 3),
                    {str(z): list(v) for z, v in sorted(sizes.items())}, version)
    info_path = _info_path(root, spec.id)  # atomically too: another process may be reading it
    tmp = info_path.with_name(f"{info_path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(asdict(info), indent=1), encoding="utf-8")
    tmp.replace(info_path)
    return info


def load_info(root: Path, layer_id: str) -> TileInfo | None:
    """The prepared tiles' info, or None when ``layer_id`` has no tiles under ``root``."""
    path = _info_path(root, layer_id)
    if not path.is_file() or not tiles_path(root, layer_id).is_file():
        return None
    d = json.loads(path.read_text(encoding="utf-8"))
    d["columns"], d["bounds"] = tuple(d["columns"]), tuple(d["bounds"])
    return TileInfo(**d)


def remove(root: Path, layer_id: str) -> None:
    """Delete the tiles of ``layer_id`` under ``root`` (nothing happens if there are none)."""
    for path in (tiles_path(root, layer_id), _info_path(root, layer_id)):
        path.unlink(missing_ok=True)


def ensure(spec: LayerSpec, gdf: gpd.GeoDataFrame, root: Path) -> TileInfo:
    """The tiles of ``spec``, prepared now if missing or made from another version of the data."""
    info = load_info(root, spec.id)
    version = source_version(spec)
    if info is None or info.features != len(gdf) or info.source_version != version:
        info = prepare(spec, gdf, root, version)
    return info


def mask_of_rows(count: int, rows: np.ndarray) -> np.ndarray:
    """A boolean mask of length ``count`` with ``rows`` set (for tests and the table)."""
    mask = np.zeros(count, dtype=bool)
    mask[np.asarray(rows, dtype=np.int64)] = True
    return mask
