"""CGCS2000 (EPSG:4490) and its Gauss-Krüger 3°/6° zones: EPSG tables, zone guessing, checked reprojection.

Axis order: pyproj is only used with ``always_xy=True`` (x = easting/lon, y = northing/lat);
EPSG:4548 & co. declare northing first, and raw pyproj silently swaps them otherwise.
Zone-prefixed eastings (e.g. 39 544 680 in EPSG:4527) carry the zone number in the
millions; CM-only eastings (544 680 in EPSG:4548) do not, so the central meridian must be
chosen by the user. Projecting prefixed coordinates as CM-only gives ``inf`` with no
exception, hence :func:`to_crs_checked`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import ArrayLike
from pyproj import CRS

from geo.errors import CRSMissingError, NonFiniteError

WGS84 = "EPSG:4326"
CGCS2000 = "EPSG:4490"
ANALYSIS_CRS = "EPSG:4548"  # CGCS2000 / 3-degree Gauss-Kruger CM 117E (no zone prefix)
ZONE39_PREFIXED = "EPSG:4527"  # CGCS2000 / 3-degree Gauss-Kruger zone 39 (CM 117E)
ZHANGQIU_CM = 117

GeoLike = TypeVar("GeoLike", gpd.GeoDataFrame, gpd.GeoSeries)

#: 3° zones with zone prefix: zone -> EPSG (zones 25-45, CM = 3 * zone).
GK3_PREFIXED: dict[int, int] = {zone: 4513 + zone - 25 for zone in range(25, 46)}
#: 3° CM-only: central meridian (°E) -> EPSG (CM 75-135).
GK3_CM: dict[int, int] = {cm: 4534 + (cm - 75) // 3 for cm in range(75, 136, 3)}
#: 6° zones with zone prefix: zone -> EPSG (zones 13-23, CM = 6 * zone - 3).
GK6_PREFIXED: dict[int, int] = {zone: 4491 + zone - 13 for zone in range(13, 24)}
#: 6° CM-only: central meridian (°E) -> EPSG (CM 75-135).
GK6_CM: dict[int, int] = {cm: 4502 + (cm - 75) // 6 for cm in range(75, 136, 6)}

_NORTHING = (1e6, 6e6)  # China: ~18°N-54°N
_PLAIN_EASTING = (1e5, 1e6)  # false easting 500 000
_PREFIXED_EASTING = (1e7, 1e8)  # zone * 1e6 + easting
_GK3_HALF_WIDTH_M = 170_000  # 1.5° of longitude is <= ~167 km anywhere in China


@dataclass(frozen=True)
class GKCandidate:
    """A CRS the coordinates may be in, with the reason in Chinese and English.

    ``width`` is 3 or 6 (degrees) for Gauss-Krüger, 0 for lon/lat degrees (epsg 4326).
    ``axes_swapped`` is True when the candidate only fits with x and y exchanged: the
    caller must swap the columns (this module never does it silently).
    """

    epsg: int
    width: int
    zone: int | None
    cm: int
    prefixed: bool
    reason_zh: str
    reason_en: str
    axes_swapped: bool = False


def gk3_zone_for_lon(lon: float) -> int:
    """3° zone number for a longitude in degrees: round(lon / 3) (Zhangqiu 117.5°E -> 39)."""
    return int(math.floor(lon / 3.0 + 0.5))


def gk6_zone_for_lon(lon: float) -> int:
    """6° zone number for a longitude in degrees: floor(lon / 6) + 1 (117.5°E -> 20)."""
    return int(math.floor(lon / 6.0)) + 1


def _within(v: np.ndarray, bounds: tuple[float, float]) -> bool:
    return bool(len(v)) and bool(((v >= bounds[0]) & (v < bounds[1])).all())


def _prefixed(east: np.ndarray, swap_note: tuple[str, str], swapped: bool) -> list[GKCandidate]:
    zones = np.unique(np.floor(east / 1e6).astype(int))
    if len(zones) != 1:
        return []
    zone = int(zones[0])
    zh, en = swap_note
    if zone in GK3_PREFIXED:
        return [GKCandidate(
            GK3_PREFIXED[zone], 3, zone, 3 * zone, True,
            f"{zh}东坐标为8位数，前两位 {zone} 为3度带带号（中央经线 {3 * zone}°E）",
            f"{en}8-digit eastings start with zone number {zone}: 3-degree zone, CM {3 * zone}°E",
            swapped,
        )]
    if zone in GK6_PREFIXED:
        return [GKCandidate(
            GK6_PREFIXED[zone], 6, zone, 6 * zone - 3, True,
            f"{zh}东坐标为8位数，前两位 {zone} 为6度带带号（中央经线 {6 * zone - 3}°E）",
            f"{en}8-digit eastings start with zone number {zone}: 6-degree zone, CM {6 * zone - 3}°E",
            swapped,
        )]
    return []


def _cm_only(east: np.ndarray, swap_note: tuple[str, str], swapped: bool, cm_hint: int) -> list[GKCandidate]:
    spread = float(np.abs(east - 500_000).max())
    widths = (3, 6) if spread <= _GK3_HALF_WIDTH_M else (6, 3)
    zh, en = swap_note
    ranked = []
    for width in widths:
        table = GK3_CM if width == 3 else GK6_CM
        for cm, epsg in table.items():
            rank = (abs(cm - cm_hint), widths.index(width))
            ranked.append((rank, GKCandidate(
                epsg, width, None, cm, False,
                f"{zh}东坐标为6位数（无带号），无法从坐标判断中央经线，须由用户选择"
                f"（{width}度带，中央经线 {cm}°E；章丘为 117°E）",
                f"{en}6-digit eastings carry no zone number, so the central meridian cannot be "
                f"read from the coordinates and must be chosen ({width}-degree, CM {cm}°E; "
                "Zhangqiu is 117°E)",
                swapped,
            )))
    return [c for _, c in sorted(ranked, key=lambda rc: rc[0])]


def _degrees(x: np.ndarray, y: np.ndarray) -> list[GKCandidate]:
    if (np.abs(x) <= 180).all() and (np.abs(y) <= 90).all():
        return [GKCandidate(
            4326, 0, None, 0, False,
            "坐标在经纬度范围内（WGS84 或 CGCS2000）；若来自高德/百度，可能是 GCJ-02/BD-09",
            "Coordinates fit longitude/latitude degrees (WGS84 or CGCS2000); if they come "
            "from AMap/Gaode or Baidu they may be GCJ-02/BD-09",
        )]
    if (np.abs(x) <= 90).all() and (np.abs(y) <= 180).all():
        return [GKCandidate(
            4326, 0, None, 0, False,
            "x 像纬度、y 像经度：经纬度列可能对调，请先交换列（不会自动交换）",
            "x looks like latitude and y like longitude: the columns may be swapped; swap "
            "them first (not done automatically)",
            True,
        )]
    return []


def detect_gk_candidates(x: ArrayLike, y: ArrayLike, *, cm_hint: int = ZHANGQIU_CM) -> list[GKCandidate]:
    """Guess CRS candidates from coordinate magnitudes, best first; [] if nothing fits.

    Preconditions: ``x``/``y`` are the raw coordinates as read (no CRS assumed); non-finite
    values are ignored. Degrees -> EPSG:4326 (width 0). 8-digit eastings -> the zone-prefixed
    3° (zones 25-45) or 6° (13-23) EPSG. 6-digit eastings with northings 1e6-6e6 -> every
    CM-only candidate, 3° first unless the eastings spread too far for a 3° zone, ranked by
    closeness to ``cm_hint`` (117°E, Zhangqiu): the user must choose the CM. Axes are never
    swapped: a fit with x/y exchanged is returned with ``axes_swapped=True`` and says so.
    """
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if not len(x):
        return []
    degrees = _degrees(x, y)
    if degrees:
        return degrees
    straight = ("", "")
    swapped = ("x、y 似乎对调（x 像北坐标、y 像东坐标），请先交换列（不会自动交换）；",
               "x and y look swapped (x like a northing, y like an easting); swap them first "
               "(not done automatically). ")
    for east, north, note, is_swapped in ((x, y, straight, False), (y, x, swapped, True)):
        if not _within(north, _NORTHING):
            continue
        if _within(east, _PREFIXED_EASTING):
            return _prefixed(east, note, is_swapped)
        if _within(east, _PLAIN_EASTING):
            return _cm_only(east, note, is_swapped, cm_hint)
    return []


def _count_nonfinite(geoms) -> int:
    coords, index = shapely.get_coordinates(np.asarray(geoms, dtype=object), return_index=True)
    bad = ~np.isfinite(coords).all(axis=1)
    return len(np.unique(index[bad]))


def to_crs_checked(gdf: GeoLike, crs: str | int | CRS) -> GeoLike:
    """``gdf.to_crs(crs)`` that refuses non-finite results; returns a new object.

    Preconditions: ``gdf`` (GeoDataFrame or GeoSeries) has a CRS (else CRSMissingError).
    pyproj returns ``inf`` without raising for e.g. zone-prefixed eastings read as
    EPSG:4548; any NaN/inf output coordinate raises NonFiniteError with the feature count.
    """
    if gdf.crs is None:
        raise CRSMissingError(
            "数据没有坐标系（CRS），请先选择坐标系",
            "The data has no coordinate reference system (CRS); please choose one first",
        )
    out = gdf.to_crs(crs)
    geoms = out.geometry.values if isinstance(out, gpd.GeoDataFrame) else out.values
    n_bad = _count_nonfinite(geoms)
    if n_bad:
        raise NonFiniteError(
            f"从 {gdf.crs.to_string()} 转换到 {crs} 后，有 {n_bad} 个要素的坐标为无穷大或 NaN："
            "坐标系可能选错了（例如带带号的8位东坐标用了不带带号的 EPSG）",
            f"Reprojecting from {gdf.crs.to_string()} to {crs} gave infinite/NaN coordinates "
            f"in {n_bad} feature(s): the CRS is probably wrong (e.g. zone-prefixed 8-digit "
            "eastings declared with a CM-only EPSG)",
        )
    return out
