"""GCJ-02 ("Mars") and BD-09 (Baidu) coordinates: vectorised conversions from/to WGS84.

Preconditions for every function here: coordinates are longitude/latitude **degrees**
(x = lon, y = lat), never projected metres. GCJ-02 and BD-09 have no EPSG code: data in
them is usually labelled EPSG:4326 although it is ~540 m east of WGS84 near Zhangqiu.

Formula: the widely published Krasovsky-ellipsoid GCJ-02 obfuscation (a = 6378245.0,
ee = 0.00669342162296594323) with the usual out-of-China rectangle
(lon 72.004-137.8347, lat 0.8293-55.8271); points outside it are returned unchanged.
The same rectangle test (on the input coordinates) is applied to the BD-09 step, so every
conversion here leaves points outside China unchanged. GCJ-02 -> WGS84 is the iterative
inverse (to < 1e-9 degrees), not the one-step approximation of many libraries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import geopandas as gpd
import numpy as np
import shapely
from geopandas.array import GeometryArray
from pyproj import CRS

from geo.errors import NonFiniteError, NotDegreesError, UnsupportedInputError
from geo.io import assert_degrees

_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = np.pi * 3000.0 / 180.0
_MAX_ITER = 30
_TOL_DEG = 1e-9

SYSTEMS = ("wgs84", "gcj02", "bd09")

ArrayLike = float | np.ndarray
GeometryLike = TypeVar("GeometryLike", gpd.GeoSeries, GeometryArray, np.ndarray)


def _as_float(lon: ArrayLike, lat: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.broadcast_arrays(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return x.copy(), y.copy()


def _out(a: np.ndarray) -> ArrayLike:
    return float(a) if a.ndim == 0 else a


def in_china(lon: ArrayLike, lat: ArrayLike) -> np.ndarray:
    """Boolean mask: inside the common out-of-China rectangle (NaN counts as outside)."""
    x, y = _as_float(lon, lat)
    return (x >= 72.004) & (x <= 137.8347) & (y >= 0.8293) & (y <= 55.8271)


def _d_lat(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return ret


def _d_lon(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return ret


def _gcj_offset(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 minus WGS84 (degrees) at WGS84 point (x, y); zero outside China."""
    dlat = _d_lat(x - 105.0, y - 35.0)
    dlon = _d_lon(x - 105.0, y - 35.0)
    rad = y / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad) * np.pi)
    inside = in_china(x, y)
    return np.where(inside, dlon, 0.0), np.where(inside, dlat, 0.0)


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[ArrayLike, ArrayLike]:
    """WGS84 lon/lat degrees -> GCJ-02. Scalars or arrays; same shape back, as floats."""
    x, y = _as_float(lon, lat)
    dx, dy = _gcj_offset(x, y)
    return _out(x + dx), _out(y + dy)


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[ArrayLike, ArrayLike]:
    """GCJ-02 lon/lat degrees -> WGS84, iterated until the step is < 1e-9 degrees.

    Fixed-point iteration w <- w - (gcj(w) - g), at most 30 steps (it converges in ~5).
    """
    gx, gy = _as_float(lon, lat)
    dx, dy = _gcj_offset(gx, gy)
    wx, wy = gx - dx, gy - dy
    for _ in range(_MAX_ITER):
        cx, cy = wgs84_to_gcj02(wx, wy)
        ex, ey = np.asarray(cx) - gx, np.asarray(cy) - gy
        wx, wy = wx - ex, wy - ey
        step = np.maximum(np.abs(ex), np.abs(ey))
        if not np.any(step[np.isfinite(step)] >= _TOL_DEG):
            break
    return _out(wx), _out(wy)


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[ArrayLike, ArrayLike]:
    """GCJ-02 lon/lat degrees -> BD-09 (Baidu). Outside China: unchanged."""
    x, y = _as_float(lon, lat)
    z = np.hypot(x, y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    inside = in_china(x, y)
    bx = np.where(inside, z * np.cos(theta) + 0.0065, x)
    by = np.where(inside, z * np.sin(theta) + 0.006, y)
    return _out(bx), _out(by)


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[ArrayLike, ArrayLike]:
    """BD-09 (Baidu) lon/lat degrees -> GCJ-02. Outside China: unchanged."""
    bx, by = _as_float(lon, lat)
    x, y = bx - 0.0065, by - 0.006
    z = np.hypot(x, y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    inside = in_china(bx, by)
    return _out(np.where(inside, z * np.cos(theta), bx)), _out(np.where(inside, z * np.sin(theta), by))


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[ArrayLike, ArrayLike]:
    """WGS84 lon/lat degrees -> BD-09 (via GCJ-02)."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[ArrayLike, ArrayLike]:
    """BD-09 lon/lat degrees -> WGS84 (via GCJ-02, iterative inverse)."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


_STEPS: dict[tuple[str, str], tuple[Callable, ...]] = {
    ("wgs84", "gcj02"): (wgs84_to_gcj02,),
    ("gcj02", "wgs84"): (gcj02_to_wgs84,),
    ("gcj02", "bd09"): (gcj02_to_bd09,),
    ("bd09", "gcj02"): (bd09_to_gcj02,),
    ("wgs84", "bd09"): (wgs84_to_gcj02, gcj02_to_bd09),
    ("bd09", "wgs84"): (bd09_to_gcj02, gcj02_to_wgs84),
}


def _check_systems(src: str, dst: str) -> None:
    for name in (src, dst):
        if name not in SYSTEMS:
            raise UnsupportedInputError(
                f"不支持的坐标系“{name}”，可选：{', '.join(SYSTEMS)}",
                f"Unsupported coordinate system {name!r}; choose one of {', '.join(SYSTEMS)}",
            )


def _coord_func(src: str, dst: str) -> Callable[[np.ndarray], np.ndarray]:
    steps = _STEPS[(src, dst)]

    def func(coords: np.ndarray) -> np.ndarray:
        out = np.array(coords, dtype=float)  # (N, 2) or (N, 3); z untouched
        x, y = out[:, 0], out[:, 1]
        for step in steps:
            x, y = step(x, y)
        out[:, 0], out[:, 1] = x, y
        return out

    return func


def _raise_if_nonfinite(geoms: np.ndarray) -> None:
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    bad = ~np.isfinite(coords).all(axis=1)
    if bad.any():
        n = len(np.unique(index[bad]))
        raise NonFiniteError(
            f"坐标转换后有 {n} 个要素含 NaN 或无穷大坐标",
            f"The coordinate conversion left NaN or infinite coordinates in {n} feature(s)",
        )


def transform_geometry_array(geoms: GeometryLike, src: str, dst: str) -> GeometryLike:
    """Convert shapely geometries between "wgs84", "gcj02" and "bd09" (all lon/lat degrees).

    Preconditions: ``geoms`` is a GeoSeries, GeometryArray or array of shapely geometries in
    lon/lat degrees of ``src``. Returns a new object of the same kind (a GeoSeries keeps its
    index and CRS). Vectorised through ``shapely.transform``; Z values are kept unchanged.
    Raises NonFiniteError if any output coordinate is NaN/inf.
    """
    _check_systems(src, dst)
    is_series = isinstance(geoms, gpd.GeoSeries)
    arr = np.asarray(geoms.values if is_series else geoms, dtype=object)
    out = arr.copy() if src == dst else shapely.transform(arr, _coord_func(src, dst), include_z=None)
    _raise_if_nonfinite(out)
    if is_series:
        return gpd.GeoSeries(out, index=geoms.index, crs=geoms.crs, name=geoms.name)
    if isinstance(geoms, GeometryArray):
        return GeometryArray(out, crs=geoms.crs)
    return out


def _check_degrees_frame(gdf: gpd.GeoDataFrame) -> None:
    crs = gdf.crs
    if crs is not None and not CRS.from_user_input(crs).is_geographic:
        name = CRS.from_user_input(crs).name
        raise NotDegreesError(
            f"数据坐标系为 {name}（投影坐标），GCJ-02/BD-09 转换需要经纬度",
            f"Data CRS is {name} (projected); GCJ-02/BD-09 conversion needs "
            "longitude/latitude degrees (EPSG:4326)",
        )
    assert_degrees(gdf)


def convert_frame(gdf: gpd.GeoDataFrame, src: str, dst: str) -> gpd.GeoDataFrame:
    """Return a new GeoDataFrame with its active geometry converted from ``src`` to ``dst``.

    Preconditions: ``gdf`` holds lon/lat degrees: CRS EPSG:4326 (conventional label for
    GCJ-02/BD-09 data too), another geographic CRS, or None. A projected CRS or coordinates
    beyond ±180/±90 raise NotDegreesError. The result's CRS is the input's, or EPSG:4326
    when the input had none. The input is not modified.
    """
    _check_systems(src, dst)
    _check_degrees_frame(gdf)
    out = gdf.copy()
    out[gdf.geometry.name] = transform_geometry_array(gdf.geometry, src, dst)
    return out if gdf.crs is not None else out.set_crs("EPSG:4326")
