"""How far the bundled district outline lies from the OSM Jinan city boundary (rerunnable).

Run from the repository root:  ``python -m data.measure_boundary``  (prints the table that
data/README.md quotes).

Method: the AMap outline (``raw/zhangqiu_370114_amap_gcj02.geojson``, GCJ-02) is compared,
raw and converted to WGS84 (``geo.chinacrs``), with the OSM Jinan boundary
(``raw/jinan_boundary_osm.geojson``, WGS84), both in EPSG:4548 metres.  Only the district's
outer edges (Zibo, Binzhou) are also the city's edges, and nothing in the inputs says which
vertices those are, so the shared stretch is taken as the vertices within a cut distance of the
other line; the figures are given for several cuts to show how much they depend on it, and in
both directions (AMap vertices to the OSM line, OSM vertices to the AMap line).  Neither line is
ground truth: the figures are the two outlines' disagreement, which bounds neither alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import shape

from geo.chinacrs import transform_geometry_array
from geo.gk import ANALYSIS_CRS

RAW = Path(__file__).resolve().parent / "raw"
CUTS_M = (500, 1000, 2000, 3000)
HEADLINE_CUT_M = 2000  # the cut data/README.md leads with; accuracy_m is its median, rounded


def _gk(geom):
    return gpd.GeoSeries([geom], crs=4326).to_crs(ANALYSIS_CRS).iloc[0]


def lines() -> dict:
    """The three outlines in EPSG:4548: AMap raw, AMap converted, OSM Jinan (as lines)."""
    raw = shape(json.loads((RAW / "zhangqiu_370114_amap_gcj02.geojson").read_text(encoding="utf-8")))
    conv = transform_geometry_array(np.array([raw]), "gcj02", "wgs84")[0]
    osm = gpd.read_file(RAW / "jinan_boundary_osm.geojson").to_crs(ANALYSIS_CRS)
    return dict(raw=_gk(raw).boundary, conv=_gk(conv).boundary,
                osm=shapely.union_all(osm.geometry.boundary.values))


def _stats(points_of, to_line, cut: float) -> dict:
    pts = shapely.points(shapely.get_coordinates(points_of))
    d = shapely.distance(pts, to_line)
    near = d[d < cut]
    return dict(n=int(near.size), of=int(d.size), median_m=float(np.median(near)),
                p95_m=float(np.percentile(near, 95)))


def measure() -> list[dict]:
    """One row per (direction, cut): vertex count, median and 95th percentile distance (m)."""
    ls = lines()
    rows = []
    for cut in CUTS_M:
        for label, pts, line in (("AMap converted → OSM", ls["conv"], ls["osm"]),
                                 ("AMap raw (GCJ-02) → OSM", ls["raw"], ls["osm"]),
                                 ("OSM → AMap converted", ls["osm"], ls["conv"])):
            rows.append(dict(direction=label, cut_m=cut, **_stats(pts, line, cut)))
    return rows


def accuracy_m(rows: list[dict] | None = None) -> float:
    """The boundary's ``accuracy_m``: the median gap of the converted outline at the headline
    cut, rounded to 50 m."""
    rows = rows or measure()
    row = next(r for r in rows if r["direction"] == "AMap converted → OSM"
               and r["cut_m"] == HEADLINE_CUT_M)
    return float(round(row["median_m"] / 50) * 50)


def main() -> None:
    rows = measure()
    print("| direction | vertices within cut | cut | median | p95 |\n|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['direction']} | {r['n']} of {r['of']} | {r['cut_m'] / 1000:g} km | "
              f"{r['median_m']:,.0f} m | {r['p95_m']:,.0f} m |")
    print(f"\naccuracy_m = {accuracy_m(rows):g}")


if __name__ == "__main__":
    main()
