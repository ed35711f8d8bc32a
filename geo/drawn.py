"""Shapes drawn on the map (GeoJSON from leaflet-draw), measured correctly, and what the
bundled leaflet-measure ruler would say about them.

The map's ruler (folium ``MeasureControl`` = leaflet-measure 2.1.7, which uses geocrunch)
measures on a *sphere* of radius 6 371 000 m: lengths by the haversine formula, areas by the
spherical-excess approximation ``|Σ Δλ·(2 + sin φ1 + sin φ2)| · R² / 2``.  Near Zhangqiu
(36.7°N) that sphere is too small east-west and too large north-south: an east-west line reads
~0.23 % short, a north-south line ~0.2 % long, an area ~0.03 % small.  The project's own figures
are planar CGCS2000 Gauss-Krüger CM 117°E (EPSG:4548; scale error < 3e-5 here) and geodesic on
the GRS80 ellipsoid (pyproj.Geod); those are the ones reported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.errors import InvalidFilterError
from geo.gk import ANALYSIS_CRS, WGS84
from geo.measure import geodesic_area_m2, geodesic_length_m

LEAFLET_MEASURE_RADIUS_M = 6_371_000.0  # geocrunch EARTHRADIUS (leaflet-measure 2.1.7)
DRAWABLE = ("LineString", "Polygon", "MultiPolygon", "MultiLineString")


def leaflet_measure_length_m(lonlat: list[tuple[float, float]]) -> float:
    """Length (m) of a path of (lon, lat) degrees as leaflet-measure 2.1.7 computes it:
    haversine on a sphere of radius 6 371 000 m."""
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in zip(lonlat[:-1], lonlat[1:], strict=True):
        dlon, dlat = math.radians(lon2 - lon1), math.radians(lat2 - lat1)
        h = (math.sin(dlat / 2) ** 2
             + math.sin(dlon / 2) ** 2 * math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)))
        total += 2 * LEAFLET_MEASURE_RADIUS_M * math.atan2(math.sqrt(h), math.sqrt(1 - h))
    return total


def leaflet_measure_area_m2(lonlat: list[tuple[float, float]]) -> float:
    """Area (m²) of a ring of (lon, lat) degrees as leaflet-measure 2.1.7 computes it:
    ``|Σ Δλ·(2 + sin φ1 + sin φ2)| · R² / 2`` with R = 6 371 000 m (ring open or closed)."""
    pts = lonlat[:-1] if len(lonlat) > 1 and lonlat[0] == lonlat[-1] else lonlat
    if len(pts) < 3:
        return 0.0
    acc = 0.0
    for i, (lon1, lat1) in enumerate(pts):
        lon2, lat2 = pts[(i + 1) % len(pts)]
        acc += math.radians(lon2 - lon1) * (2 + math.sin(math.radians(lat1))
                                             + math.sin(math.radians(lat2)))
    return abs(acc * LEAFLET_MEASURE_RADIUS_M ** 2 / 2)


@dataclass(frozen=True)
class Measured:
    """One drawn shape measured: GK (EPSG:4548) and geodesic (GRS80) figures, and what the
    leaflet-measure ruler would show.  Lengths in m (a polygon: its perimeter), areas in m²
    (0 for a line)."""

    kind: str
    length_gk_m: float
    length_geodesic_m: float
    area_gk_m2: float
    area_geodesic_m2: float
    length_ruler_m: float
    area_ruler_m2: float


def _ruler(geom: BaseGeometry) -> tuple[float, float]:
    """leaflet-measure's (length, area) for a line or polygon (exterior rings only)."""
    if geom.geom_type in ("LineString", "MultiLineString"):
        parts = getattr(geom, "geoms", [geom])
        return sum(leaflet_measure_length_m(list(p.coords)) for p in parts), 0.0
    polys = getattr(geom, "geoms", [geom])
    length = sum(leaflet_measure_length_m(list(p.exterior.coords)) for p in polys)
    return length, sum(leaflet_measure_area_m2(list(p.exterior.coords)) for p in polys)


def measure(geom_wgs84: BaseGeometry) -> Measured:
    """Measure one line or polygon given in lon/lat degrees (EPSG:4326 / 4490).

    Raises ValueError for any other geometry type (points have nothing to measure).
    """
    if geom_wgs84.geom_type not in DRAWABLE:
        raise ValueError(f"cannot measure a {geom_wgs84.geom_type}")
    gk = gpd.GeoSeries([geom_wgs84], crs=WGS84).to_crs(ANALYSIS_CRS).iloc[0]
    is_poly = "Polygon" in geom_wgs84.geom_type
    ruler_len, ruler_area = _ruler(geom_wgs84)
    return Measured(
        kind="polygon" if is_poly else "line",
        length_gk_m=float(gk.length), length_geodesic_m=geodesic_length_m(geom_wgs84),
        area_gk_m2=float(gk.area) if is_poly else 0.0,
        area_geodesic_m2=geodesic_area_m2(geom_wgs84) if is_poly else 0.0,
        length_ruler_m=ruler_len, area_ruler_m2=ruler_area,
    )


def _valid(geom: BaseGeometry) -> BaseGeometry:
    """A self-intersecting drawn polygon repaired to its polygonal part; lines as they are."""
    if "Polygon" not in geom.geom_type or geom.is_valid:
        return geom
    fixed = shapely.make_valid(geom)
    polys = [g for g in getattr(fixed, "geoms", [fixed]) if "Polygon" in g.geom_type]
    return shapely.union_all(polys) if polys else geom


def drawings_frame(features: list | None) -> gpd.GeoDataFrame:
    """The drawn lines and polygons (GeoJSON features from leaflet-draw, lon/lat) as a
    GeoDataFrame in EPSG:4326 with a ``n`` column (1-based drawing number); anything else
    (markers, circles, broken features) is left out.  ``problem_zh``/``problem_en`` say why a
    polygon cannot be an area (degenerate, self-crossing; see :func:`check_ring`), else ""."""
    rows, geoms, problems = [], [], []
    for i, feat in enumerate(features or []):
        try:
            geom = shape((feat or {}).get("geometry") or {})
        except (AttributeError, TypeError, ValueError, KeyError, IndexError):
            continue
        if geom.is_empty or geom.geom_type not in DRAWABLE:
            continue
        if not np.isfinite(shapely.get_coordinates(geom)).all():
            continue
        rows.append(i + 1)
        problem = _problem(geom)
        problems.append((problem.zh, problem.en) if problem else ("", ""))
        geoms.append(_valid(geom))
    return gpd.GeoDataFrame({"n": rows, "problem_zh": [p[0] for p in problems],
                             "problem_en": [p[1] for p in problems]}, geometry=geoms, crs=WGS84)


def _problem(geom: BaseGeometry) -> InvalidFilterError | None:
    """Why a drawn polygon cannot be an area (see :func:`check_ring`), None if it can."""
    if geom.geom_type != "Polygon":
        return None
    try:
        check_ring(geom)
    except InvalidFilterError as exc:
        return exc
    return None


MIN_AREA_M2 = 1.0  # a drawn polygon smaller than this (in GK) is taken as degenerate
MIN_WIDTH_M = 0.5  # ... or thinner on average (2·area/perimeter): vertices on one line


def _ring_of(geom_or_coords) -> list[tuple[float, float]]:
    if isinstance(geom_or_coords, BaseGeometry):
        if geom_or_coords.geom_type != "Polygon":
            raise InvalidFilterError("只能使用多边形或矩形作为范围", "Only a polygon or a rectangle can be an area")
        return [(float(x), float(y)) for x, y in geom_or_coords.exterior.coords]
    try:
        return [(float(x), float(y)) for x, y in geom_or_coords]
    except (TypeError, ValueError):
        raise InvalidFilterError("范围的顶点格式无效", "The area's vertices are not lon,lat pairs") from None


def check_ring(geom_or_coords) -> tuple[tuple[float, float], ...]:
    """A drawn polygon's outer ring, checked: (lon, lat) vertices in EPSG:4326, open (the first
    vertex not repeated), rounded to 6 decimals (~0.1 m).

    Accepts a shapely Polygon or a sequence of (lon, lat).  Raises InvalidFilterError (zh/en)
    for fewer than 3 distinct vertices, coordinates outside lon/lat bounds, an area under
    ``MIN_AREA_M2`` or a mean width under ``MIN_WIDTH_M`` in GK (all vertices on one line) or
    a self-crossing outline — never a 0 m² area.
    """
    pts = [(round(x, 6), round(y, 6)) for x, y in _ring_of(geom_or_coords)]
    if not all(math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90
               for x, y in pts):
        raise InvalidFilterError("范围的顶点不是有效的经纬度", "The area's vertices are not valid lon/lat")
    while len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    pts = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
    if len(set(pts)) < 3:
        raise InvalidFilterError(
            f"绘制的图形只有 {len(set(pts))} 个不同顶点，不能构成范围：请重新绘制（至少3个顶点）",
            f"The drawn shape has only {len(set(pts))} distinct vertices and encloses no area: "
            "draw it again (at least 3 vertices)")
    poly = shapely.Polygon(pts)
    if not poly.is_valid:
        raise InvalidFilterError("绘制的图形边线自相交，不能作为范围：请重新绘制或编辑该图形",
                                 "The drawn shape crosses itself and cannot be an area: "
                                 "draw it again or edit it")
    gk = gpd.GeoSeries([poly], crs=WGS84).to_crs(ANALYSIS_CRS).iloc[0]
    area = float(gk.area)
    if area < MIN_AREA_M2 or 2 * area / float(gk.length) < MIN_WIDTH_M:
        raise InvalidFilterError("绘制的图形面积为 0（顶点共线），不能作为范围：请重新绘制",
                                 "The drawn shape has no area (its vertices lie on one line): draw it again")
    return tuple(pts)


def drawn_rings(features: list | None) -> tuple[tuple, list[tuple[int, InvalidFilterError]]]:
    """The usable polygon rings among drawn shapes (GeoJSON from leaflet-draw), and the
    problems of the others as (drawing number, error); lines are not areas and are skipped."""
    rings, problems = [], []
    for i, feat in enumerate(features or []):
        try:
            geom = shape((feat or {}).get("geometry") or {})
        except (AttributeError, TypeError, ValueError, KeyError, IndexError):
            continue
        if geom.geom_type != "Polygon":
            continue
        try:
            rings.append(check_ring(geom))
        except InvalidFilterError as exc:
            problems.append((i + 1, exc))
    return tuple(rings), problems
