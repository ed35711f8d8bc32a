"""Reading vector files, and THE single place that reprojects to EPSG:4326 for display.

Security: ``read_vector`` takes server-made paths only (never a user string: see S6/S7 in
shared/notes/bad-input-and-security.md); URLs and GDAL ``/vsi...`` paths are refused.
"""

from __future__ import annotations

import os

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyproj import CRS

from geo.errors import CRSMissingError, NotDegreesError, UnsupportedInputError
from geo.gk import WGS84, to_crs_checked

READ_WARNINGS_ATTR = "read_warnings"


def _is_arrow_type_error(exc: Exception) -> bool:
    """True for pyarrow's "type not supported" errors (the only reason to leave Arrow)."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a runtime requirement
        return False
    return isinstance(exc, pa.ArrowNotImplementedError | pa.ArrowTypeError)


def _refuse_remote(path: str | os.PathLike) -> None:
    text = os.fspath(path)
    if "://" in text or text.lstrip().lower().startswith("/vsi"):
        raise UnsupportedInputError(
            "只能读取本地文件，不接受网址或 GDAL 虚拟路径",
            "Only local files can be read: URLs and GDAL /vsi paths are refused",
        )


def read_vector(path: str | os.PathLike, **kwargs) -> gpd.GeoDataFrame:
    """Read a vector file with ``pyogrio.read_dataframe(..., use_arrow=True)``.

    Preconditions: ``path`` is a local, server-made file path. Falls back to
    ``use_arrow=False`` only when Arrow raises for an unsupported field type; the fallback is
    recorded in ``result.attrs["read_warnings"]`` as a list of ``(zh, en)`` messages (empty
    when none). Other errors propagate. The CRS is whatever the file declares (maybe None).
    """
    _refuse_remote(path)
    warnings: list[tuple[str, str]] = []
    try:
        gdf = pyogrio.read_dataframe(path, use_arrow=True, **kwargs)
    except Exception as exc:
        if not _is_arrow_type_error(exc):
            raise
        warnings.append((
            f"Arrow 不支持该文件的某个字段类型（{exc}），已改用较慢的逐行读取",
            f"Arrow does not support a field type in this file ({exc}); read without Arrow "
            "(slower)",
        ))
        gdf = pyogrio.read_dataframe(path, use_arrow=False, **kwargs)
    gdf.attrs[READ_WARNINGS_ATTR] = warnings
    return gdf


def _finite_xy(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """All finite x/y coordinates of non-null, non-empty geometries, shape (N, 2)."""
    coords = shapely.get_coordinates(np.asarray(gdf.geometry.values, dtype=object))
    return coords[np.isfinite(coords).all(axis=1)]


def _outside_degrees(coords: np.ndarray) -> bool:
    if not len(coords):
        return False
    return bool(np.abs(coords[:, 0]).max() > 180 or np.abs(coords[:, 1]).max() > 90)


def assert_degrees(gdf: gpd.GeoDataFrame) -> None:
    """Raise NotDegreesError if any coordinate lies outside lon ±180 / lat ±90.

    Preconditions: none about the CRS (the coordinates are judged by themselves); null,
    empty and non-finite coordinates are ignored here (see ``geo.integrity``).
    """
    if _outside_degrees(_finite_xy(gdf)):
        raise NotDegreesError(
            "数据中心的经度超出 WGS84 范围：数据是否为投影坐标？（坐标超出经度 ±180 / 纬度 ±90）",
            "Longitude of data's center is outside of WGS84 bounds. Is data projected? "
            "(coordinates exceed longitude ±180 / latitude ±90)",
        )


def to_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a copy of ``gdf`` in EPSG:4326 for display: the only reprojection to WGS84.

    Preconditions: ``gdf.crs`` is set (None -> CRSMissingError: the user must choose).
    A geographic CRS whose coordinates exceed ±180/±90 -> NotDegreesError (null/empty
    geometries are ignored). Any NaN/inf coordinate in the result -> NonFiniteError (e.g.
    zone-prefixed eastings declared as EPSG:4548). A wrong projected CRS that still gives
    finite degrees (PROJ wraps longitudes) cannot be caught here. The input is never
    modified.
    """
    if gdf.crs is None:
        raise CRSMissingError(
            "数据没有坐标系（CRS），无法在地图上定位，请先选择坐标系",
            "The data has no coordinate reference system (CRS), so it cannot be placed on "
            "the map; please choose one",
        )
    if CRS.from_user_input(gdf.crs).is_geographic:
        assert_degrees(gdf)
    return to_crs_checked(gdf, WGS84)  # a copy even when the CRS is already EPSG:4326
