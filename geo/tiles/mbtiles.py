"""Write a layer as Mapbox Vector Tiles into one MBTiles file (GDAL's MVT driver), read tiles.

GDAL 3.12 comes with pyogrio's wheel; its MVT driver clips, quantises (4096 units per tile)
and gzips each tile and writes them into an MBTiles SQLite file (TMS row order). Reading one
tile is one indexed SQLite query, so a tile route answers in milliseconds.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio

from geo.tiles.zooms import MAXZOOM

ID_FIELD = "zq_id"  # every tile feature carries its row number in the indexed copy
TILE_LAYER = "features"  # the MVT layer name inside every tile
MAX_SIZE = 500_000


def write_mbtiles(gdf: gpd.GeoDataFrame, path: Path, columns: list[str], minzoom: int,
                  maxzoom: int = MAXZOOM) -> Path:
    """Write ``gdf`` (any CRS; features in row order) as MVT zooms minzoom..maxzoom to ``path``.

    Each feature carries ``zq_id`` = its row position (0-based) plus ``columns`` (styling
    attributes only: the full record is fetched by id). Replaces ``path`` atomically; the
    temporary file is named after the process, so several app processes preparing the same
    tiles at once (a cluster, docs/scaling.md) never write into one file.
    """
    out = gpd.GeoDataFrame({c: gdf[c].astype("string") for c in columns},
                           geometry=gdf.geometry.values, crs=gdf.crs).to_crs(3857)
    out[ID_FIELD] = np.arange(len(out), dtype=np.int64)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp.mbtiles")
    tmp.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    pyogrio.write_dataframe(out, tmp, driver="MVT", layer=TILE_LAYER, dataset_options={
        "FORMAT": "MBTILES", "MINZOOM": str(minzoom), "MAXZOOM": str(maxzoom),
        "MAX_SIZE": str(MAX_SIZE), "SIMPLIFICATION": "0", "TYPE": "overlay",
        "NAME": path.stem})
    tmp.replace(path)
    return path


class TileReader:
    """Read-only access to one MBTiles file; thread-safe (one connection per thread)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The gzip-compressed MVT bytes of XYZ tile ``z/x/y``, or None when empty/absent."""
        row = self._con().execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
            (z, x, 2**z - 1 - y)).fetchone()
        return row[0] if row else None

    def metadata(self) -> dict[str, str]:
        """The MBTiles ``metadata`` table (name, bounds, minzoom, maxzoom, json, ...)."""
        return dict(self._con().execute("SELECT name, value FROM metadata").fetchall())

    def tile_sizes(self) -> dict[int, tuple[int, int, int]]:
        """Zoom -> (tile count, largest tile in bytes, total bytes): for reports and checks."""
        rows = self._con().execute("SELECT zoom_level, COUNT(*), MAX(LENGTH(tile_data)), "
                                   "SUM(LENGTH(tile_data)) FROM tiles GROUP BY zoom_level")
        return {z: (n, mx, tot) for z, n, mx, tot in rows}
