"""Lengths and areas in CGCS2000 / 3-degree Gauss-Krüger CM 117°E (EPSG:4548), never Web Mercator.

Near Zhangqiu (117.2-117.75°E) the GK scale error is < 1e-5, so planar GK lengths/areas
agree with geodesic ones far better than 0.1 %. Web Mercator would inflate areas by
1/cos²(36.7°) ≈ 1.55. Geodesic cross-checks use ``pyproj.Geod(ellps="GRS80")``
(CGCS2000's ellipsoid differs from GRS80 only in the 11th digit of the flattening).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from geo.errors import CRSMissingError, pick
from geo.gk import ANALYSIS_CRS, to_crs_checked

MU_PER_M2 = 1 / 666.6666666667  # 1 亩 = 10000/15 m²
HA_PER_M2 = 1e-4

_GEOD = Geod(ellps="GRS80")


def _projected(obj: gpd.GeoDataFrame | gpd.GeoSeries) -> gpd.GeoSeries:
    if obj.crs is None:
        raise CRSMissingError(
            "数据没有坐标系（CRS），无法量算，请先选择坐标系",
            "The data has no coordinate reference system (CRS), so it cannot be measured; "
            "please choose one",
        )
    geoms = obj.geometry if isinstance(obj, gpd.GeoDataFrame) else obj
    return to_crs_checked(geoms, ANALYSIS_CRS)


def lengths_m(obj: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Length in metres of each feature, measured in EPSG:4548 (GK CM 117°E).

    Preconditions: ``obj`` has a CRS (typically EPSG:4326 or 4490; any CRS is reprojected
    with ``to_crs_checked``); None -> CRSMissingError. Polygons give their perimeter.
    Index is kept; null/empty geometries give 0.
    """
    return _projected(obj).length.rename("length_m")


def areas_m2(obj: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Area in m² of each feature, measured in EPSG:4548 (GK CM 117°E).

    Preconditions: as :func:`lengths_m`. Points and lines give 0.
    """
    return _projected(obj).area.rename("area_m2")


def geodesic_length_m(geom_wgs84: BaseGeometry) -> float:
    """Geodesic length (m) on GRS80 of one geometry; polygons give their perimeter.

    Preconditions: ``geom_wgs84`` is in lon/lat degrees (EPSG:4326 or 4490).
    """
    return float(_GEOD.geometry_length(geom_wgs84))


def geodesic_area_m2(geom_wgs84: BaseGeometry) -> float:
    """Geodesic area (m², non-negative) on GRS80 of one geometry, holes subtracted.

    Preconditions: ``geom_wgs84`` is in lon/lat degrees (EPSG:4326 or 4490). Rings are
    re-oriented first (exterior counter-clockwise) as pyproj requires.
    """
    oriented = shapely.orient_polygons(geom_wgs84)
    area, _ = _GEOD.geometry_area_perimeter(oriented)
    return abs(float(area))


def m2_to_mu(m2: float) -> float:
    """Square metres to 亩 (mu): 1 亩 = 10000/15 m²."""
    return m2 * MU_PER_M2


def m2_to_ha(m2: float) -> float:
    """Square metres to hectares."""
    return m2 * HA_PER_M2


def format_length(m: float, lang: str) -> str:
    """"850 m" / "1.25 km" (zh "850 米" / "1.25 公里"); kilometres from 1,000 m on."""
    if abs(m) < 1000:
        value = f"{m:,.0f}"
        return pick(lang, f"{value} 米", f"{value} m")
    value = f"{m / 1000:,.2f}"
    return pick(lang, f"{value} 公里", f"{value} km")


def _mu_text(m2: float) -> str:
    mu = m2_to_mu(m2)
    return f"{mu:,.2f}" if abs(mu) < 10 else f"{mu:,.0f}"


def format_area(m2: float, lang: str) -> str:
    """Area in hectares and 亩: zh "100.0 公顷（1,500 亩）", en "100.0 ha (1,500 mu)".

    Below one hectare square metres are shown instead: "500 平方米（0.75 亩）".
    """
    mu = _mu_text(m2)
    if abs(m2) < 10_000:
        value = f"{m2:,.0f}"
        return pick(lang, f"{value} 平方米（{mu} 亩）", f"{value} m² ({mu} mu)")
    ha = f"{m2_to_ha(m2):,.1f}"
    return pick(lang, f"{ha} 公顷（{mu} 亩）", f"{ha} ha ({mu} mu)")
