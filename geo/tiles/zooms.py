"""Web Mercator tile arithmetic and the zoom rule for a tiled layer.

The rule (stated once, tested): tiles are written from ``minzoom`` to ``MAXZOOM`` (15; the map
over-zooms beyond it, a z15 tile is ~1 km wide at Zhangqiu, so its 4096-unit grid is exact to
~0.24 m). ``minzoom`` is the lowest zoom >= ``FLOOR_ZOOM`` at which the fullest tile holds at
most ``VERTEX_BUDGET`` vertices: at ~2.5 bytes per vertex gzip-compressed (measured on GDAL's
MVT output) that keeps every tile under ~400 kB, below GDAL's 500 kB ``MAX_SIZE``, so GDAL
never has to drop or coarsen features. No simplification besides the 4096-unit tile grid
(1.9 m at z12, 0.48 m at z14): a 100 m² parcel is still drawn at every written zoom. Below
``minzoom`` the layer is not drawn from tiles (the map says to zoom in).
"""

from __future__ import annotations

import math

import numpy as np

MAXZOOM = 15
FLOOR_ZOOM = 10
VERTEX_BUDGET = 160_000
EARTH_HALF = 20037508.342789244  # Web Mercator half-circumference (m)


def lonlat_to_tile(lon: np.ndarray, lat: np.ndarray, z: int) -> tuple[np.ndarray, np.ndarray]:
    """Tile column/row (XYZ scheme, row 0 at the north) of WGS84 points at zoom ``z``."""
    n = 2**z
    lat_r = np.radians(np.clip(lat, -85.0511, 85.0511))
    x = np.floor((np.asarray(lon) + 180.0) / 360.0 * n)
    y = np.floor((1.0 - np.log(np.tan(lat_r) + 1.0 / np.cos(lat_r)) / math.pi) / 2.0 * n)
    return np.clip(x, 0, n - 1).astype(np.int64), np.clip(y, 0, n - 1).astype(np.int64)


def tile_bounds_3857(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(minx, miny, maxx, maxy) of XYZ tile ``z/x/y`` in EPSG:3857 metres."""
    size = 2 * EARTH_HALF / 2**z
    minx = -EARTH_HALF + x * size
    maxy = EARTH_HALF - y * size
    return minx, maxy - size, minx + size, maxy


def tile_bounds_lonlat(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) of XYZ tile ``z/x/y`` in degrees (EPSG:4326)."""
    n = 2**z

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360.0 - 180.0, lat(y + 1), (x + 1) / n * 360.0 - 180.0, lat(y)


def fullest_tile_vertices(lon: np.ndarray, lat: np.ndarray, vertices: np.ndarray, z: int) -> int:
    """The vertex count of the fullest tile at zoom ``z`` (features counted at their centroid)."""
    if len(lon) == 0:
        return 0
    tx, ty = lonlat_to_tile(lon, lat, z)
    key = tx * (2**z) + ty
    _, inverse = np.unique(key, return_inverse=True)
    return int(np.bincount(inverse, weights=vertices).max())


def choose_minzoom(lon: np.ndarray, lat: np.ndarray, vertices: np.ndarray,
                   budget: int = VERTEX_BUDGET) -> int:
    """The lowest zoom in [FLOOR_ZOOM, MAXZOOM] whose fullest tile fits ``budget`` vertices.

    Preconditions: ``lon``/``lat`` are feature centroids in EPSG:4326, ``vertices`` their
    vertex counts (same length). A layer too dense even at MAXZOOM gets MAXZOOM.
    """
    for z in range(FLOOR_ZOOM, MAXZOOM + 1):
        if fullest_tile_vertices(lon, lat, vertices, z) <= budget:
            return z
    return MAXZOOM
