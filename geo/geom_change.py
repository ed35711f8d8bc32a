"""How a geometry changed between two versions of a feature (the trail's "moved by N m").

Preconditions: both geometries in EPSG:4326 (lon/lat), either may be None (not located). The
shift is measured between the centroids in CGCS2000 GK CM 117°E (EPSG:4548, the analysis CRS),
never in degrees or Web Mercator.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.gk import ANALYSIS_CRS, WGS84, to_crs_checked


@dataclass(frozen=True)
class GeomChange:
    """What changed: ``changed`` (not the same shape), vertex counts before/after (0 = none),
    the type before/after ("" = none) and ``moved_m``, the centroid shift in metres (None
    when either side has no geometry)."""

    changed: bool
    vertices_before: int
    vertices_after: int
    type_before: str
    type_after: str
    moved_m: float | None


def _vertices(geom: BaseGeometry | None) -> int:
    return 0 if geom is None or geom.is_empty else int(shapely.get_num_coordinates(geom))


def _type(geom: BaseGeometry | None) -> str:
    return "" if geom is None or geom.is_empty else geom.geom_type


def geometry_change(before: BaseGeometry | None, after: BaseGeometry | None) -> GeomChange:
    """Compare two versions of a geometry (EPSG:4326; None = not located)."""
    b_empty = before is None or before.is_empty
    a_empty = after is None or after.is_empty
    if b_empty and a_empty:
        return GeomChange(False, 0, 0, "", "", None)
    changed = b_empty != a_empty or not before.equals_exact(after, 0.0)
    moved = None
    if not (b_empty or a_empty):
        metric = to_crs_checked(gpd.GeoSeries([before, after], crs=WGS84), ANALYSIS_CRS)
        moved = float(metric.iloc[0].centroid.distance(metric.iloc[1].centroid))
    return GeomChange(changed, _vertices(before), _vertices(after), _type(before), _type(after),
                      moved)
