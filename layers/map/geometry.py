"""Geometries ready to send (shifted, simplified, rounded) and their compact integer coding."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.chinacrs import transform_geometry_array

SIMPLIFY_DEG = 1e-5  # ~1 m at this latitude
PACK_SCALE = 100_000  # integer coordinates in 1e-5° (the rounding of slim_geometries)
_TYPE_CODES = {0: 1, 1: 2, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6}  # shapely type id → pack code


def slim_geometries(gdf: gpd.GeoDataFrame, shift: str = "wgs84") -> np.ndarray:
    """Geometries ready to send: shifted for a GCJ-02 basemap, simplified, rounded to 1e-5°."""
    geoms = gdf.geometry.values
    if shift != "wgs84":
        geoms = transform_geometry_array(geoms, "wgs84", shift)
    geoms = np.asarray(geoms)
    poly = shapely.get_type_id(geoms) >= 3
    if poly.any():
        geoms = geoms.copy()
        geoms[poly] = shapely.simplify(geoms[poly], SIMPLIFY_DEG, preserve_topology=True)
    return shapely.transform(geoms, lambda c: np.round(c, 5))


def encode_geometries(geoms: np.ndarray) -> list[str]:
    """Each geometry as JSON text: ``[code, coords]`` with integer coordinates (1e-5°) coded as
    deltas from the previous coordinate of the same feature (the first one absolute), rings
    without their closing coordinate:

    1 Point ``[1,x,y]``, 2 LineString ``[2,[x,y,dx,dy,..]]``, 3 Polygon ``[3,[ring,..]]``,
    4 MultiPoint ``[4,[x,y,dx,dy,..]]``, 5 MultiLineString ``[5,[line,..]]``, 6 MultiPolygon
    ``[6,[[ring,..],..]]``; missing or empty → ``null``; a GeometryCollection → its GeoJSON.
    """
    n = len(geoms)
    out = ["null"] * n
    tid = shapely.get_type_id(geoms)
    ncoord = shapely.get_num_coordinates(geoms)
    simple = np.flatnonzero((tid >= 0) & (tid <= 6) & (ncoord > 0))
    for i in np.flatnonzero((tid == 7) & (ncoord > 0)):
        out[i] = shapely.to_geojson(geoms[i])
    if not len(simple):
        return out
    sub = geoms[simple]
    parts, part_geom = shapely.get_parts(sub, return_index=True)
    part_n = shapely.get_num_coordinates(parts)
    part_start = np.concatenate([[0], np.cumsum(part_n)[:-1]])
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    ring_n = shapely.get_num_coordinates(rings)
    excl = np.concatenate([[0], np.cumsum(ring_n)[:-1]])
    first_ring = np.searchsorted(ring_part, ring_part, side="left")
    ring_start = part_start[ring_part] + excl - excl[first_ring]
    xy = np.rint(shapely.get_coordinates(parts) * PACK_SCALE).astype(np.int64)
    keep = np.ones(len(xy), dtype=bool)
    keep[ring_start + ring_n - 1] = False  # closing coordinates: re-added by the decoder
    new_pos = np.cumsum(keep) - 1
    kept = xy[keep]
    delta = kept.copy()
    delta[1:] -= kept[:-1]
    geom_first_part = np.searchsorted(part_geom, np.arange(len(sub)), side="left")
    starts = new_pos[part_start[geom_first_part]]
    delta[starts] = kept[starts]
    # All numbers as one text; a run of coordinates is then a slice of it (offsets of each
    # number by cumulative length), not a join per ring.
    numbers = list(map(str, delta.ravel().tolist()))
    offs = np.zeros(len(numbers) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, numbers), dtype=np.int64, count=len(numbers)) + 1, out=offs[1:])
    offs = offs.tolist()
    text = ",".join(numbers)

    def run(start: int, count: int) -> str:  # coordinates [start, start + count) as "x,y,.."
        return text[offs[2 * start]:offs[2 * (start + count)] - 1]

    def seg(start: int, count: int) -> str:
        return "[" + run(start, count) + "]"

    rings_of: dict[int, list[int]] = {}
    for r, p in enumerate(ring_part.tolist()):
        rings_of.setdefault(p, []).append(r)

    def polygon(p: int) -> str:
        return "[" + ",".join(seg(new_pos[ring_start[r]], ring_n[r] - 1)
                              for r in rings_of.get(p, [])) + "]"

    bounds = np.searchsorted(part_geom, np.arange(len(sub) + 1), side="left").tolist()
    sub_tid = tid[simple].tolist()
    for k, i in enumerate(simple.tolist()):
        code = _TYPE_CODES[sub_tid[k]]
        p0, p1 = bounds[k], bounds[k + 1]
        if code == 1:
            body = run(new_pos[part_start[p0]], 1)
        elif code in (2, 4):
            body = seg(new_pos[part_start[p0]], int(part_n[p0:p1].sum()))
        elif code == 3:
            body = polygon(p0)
        elif code == 5:
            body = "[" + ",".join(seg(new_pos[part_start[p]], part_n[p]) for p in range(p0, p1)) + "]"
        else:
            body = "[" + ",".join(polygon(p) for p in range(p0, p1) if p in rings_of) + "]"
        out[i] = f"[{code},{body}]"
    return out
