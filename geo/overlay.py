"""Overlay of one area (a park, a town outline, a drawn or imported red line) on other layers:
which features fall inside, how much length or area of each lies inside it.

All geometries are in CGCS2000 / Gauss-Krüger CM 117°E (EPSG:4548, metres; see
``geo.proximity.to_analysis``).  This is a screening aid (初步筛查): it compares drawn
geometries, with their positional error, and is no legal or compliance review.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely


@dataclass(frozen=True)
class Overlap:
    """How one feature relates to the area: ``inside`` (a point inside, or a line/polygon that
    reaches in), ``length_m`` of a line inside, ``area_m2`` of a polygon inside, and ``share``
    (the fraction of the feature's own length/area inside; 1 or 0 for points)."""

    position: int
    inside: bool
    length_m: float
    area_m2: float
    share: float


def _part(geom: shapely.Geometry, area: shapely.Geometry) -> tuple[float, float, float]:
    """(length inside, area inside, share inside) of one line or polygon."""
    cut = shapely.intersection(geom, area)
    if shapely.get_type_id(geom) in (3, 6):  # polygons
        whole = shapely.area(geom)
        got = float(shapely.area(cut))
        return 0.0, got, got / whole if whole else 0.0
    whole = shapely.length(geom)
    got = float(shapely.length(cut))
    return got, 0.0, got / whole if whole else 0.0


def overlaps(geoms: np.ndarray, area: shapely.Geometry) -> list[Overlap]:
    """Every feature of ``geoms`` (EPSG:4548) that touches the polygon ``area`` (EPSG:4548),
    in their order, with its length/area inside; features that do not touch it are left out."""
    if area is None or shapely.is_empty(area):
        return []
    shapely.prepare(area)
    hit = np.flatnonzero(shapely.intersects(area, geoms))
    out = []
    for i in hit.tolist():
        g = geoms[i]
        if shapely.get_type_id(g) in (0, 4):  # points
            out.append(Overlap(i, True, 0.0, 0.0, 1.0))
            continue
        length, area_m2, share = _part(g, area)
        out.append(Overlap(i, True, length, area_m2, share))
    return out


@dataclass(frozen=True)
class LayerSummary:
    """What of one layer lies in the area: ``count`` features touching it, their total
    ``length_m`` / ``area_m2`` inside (lines / polygons), and the overlap records."""

    count: int
    total: int
    length_m: float
    area_m2: float
    items: tuple[Overlap, ...]


def summarise(geoms: np.ndarray, area: shapely.Geometry) -> LayerSummary:
    """:func:`overlaps` of one layer, totalled.  The total area inside is that of the union of
    the overlapping parts (overlapping features are not counted twice)."""
    items = overlaps(geoms, area)
    polys = [shapely.intersection(geoms[o.position], area) for o in items if o.area_m2 > 0]
    union_area = float(shapely.area(shapely.union_all(polys))) if polys else 0.0
    return LayerSummary(
        count=len(items), total=len(geoms), length_m=sum(o.length_m for o in items),
        area_m2=union_area, items=tuple(items),
    )


def area_of(geoms: np.ndarray) -> shapely.Geometry | None:
    """The polygonal union of ``geoms`` (EPSG:4548) to use as an overlay area; None when
    there is no polygon among them."""
    polys = [g for g in geoms if g is not None and shapely.get_type_id(g) in (3, 6)
             and not shapely.is_empty(g)]
    if not polys:
        return None
    return shapely.union_all(polys)
