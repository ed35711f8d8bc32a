"""A nasty fixture frame and read-back helpers for the export round trips (pyogrio / pandas)."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon

from geo import chinacrs
from geo.gk import ANALYSIS_CRS, to_crs_checked

HOSTILE = '<img src=x onerror="window.__xss=1">'
TEMPLATE = "${window.__xss=2} `tick` </script><script>window.__xss=3</script>"
LONG_ZH = "规划用地面积（亩）"  # 27 UTF-8 bytes: shortened in a Shapefile


def _square(x: float, y: float, d: float = 0.01) -> Polygon:
    return Polygon([(x, y), (x + d, y), (x + d, y + d), (x, y + d)])


def nasty_frame() -> gpd.GeoDataFrame:
    """Mixed geometry types, Chinese and hostile text, nulls in every column kind."""
    holed = Polygon(_square(117.40, 36.60, 0.05).exterior.coords,
                    [_square(117.41, 36.61, 0.01).exterior.coords])
    geoms = [
        Point(117.5312345678, 36.7123456789),
        holed,
        MultiPolygon([_square(117.60, 36.65), _square(117.63, 36.66)]),
        LineString([(117.30, 36.50), (117.45, 36.62), (117.61, 36.80)]),
        MultiLineString([[(117.2, 36.9), (117.3, 36.95)], [(117.35, 36.9), (117.4, 36.85)]]),
        Point(117.55, 36.68),
    ]
    return gpd.GeoDataFrame({
        "row": np.arange(6, dtype="int64"),
        "id": ["a1", "a2", "a3", "a4", "a5", "a6"],
        "name_zh": ["章丘区政府", HOSTILE, "明水街道", None, "绣惠“双引号”", "tab\tinside"],
        "note": [TEMPLATE, "x & y < z > w", "多行\n文本", "'quoted'", None, "🙂 emoji"],
        LONG_ZH: [12.5, math.nan, 0.1, 1e6 + 0.25, -3.75, 2.0],
        "规划用地面积（公顷）": [1.0, 2.0, math.nan, 4.0, 5.5, 6.0],
        "count": pd.array([1, None, 3, 4, 5, 6], dtype="Int64"),
        "flag": [True, False, True, False, True, False],
        "Status": ["建成", "在建", "规划", None, "建成", "规划"],
    }, geometry=geoms, crs="EPSG:4326")


def points_frame() -> gpd.GeoDataFrame:
    gdf = nasty_frame()
    return gdf.set_geometry([Point(117.40 + i * 0.03, 36.60 + i * 0.02) for i in range(len(gdf))])


# -- reading back ----------------------------------------------------------------------------
def read_shp_zip(path: Path) -> tuple[gpd.GeoDataFrame, dict[str, str]]:
    """All shapefiles in the zip as one frame (sorted by ``row``), names mapped back."""
    with zipfile.ZipFile(path) as zf:
        mapping = {}
        if "fields_mapping.csv" in zf.namelist():
            with zf.open("fields_mapping.csv") as f:
                m = pd.read_csv(f, encoding="utf-8-sig", dtype=str)
            mapping = dict(zip(m["short_name"], m["original_name"], strict=True))
    parts = [pyogrio.read_dataframe(path, layer=name) for name, _ in pyogrio.list_layers(path)]
    gdf = pd.concat(parts, ignore_index=True).rename(columns=mapping)
    return gpd.GeoDataFrame(gdf, crs=parts[0].crs).sort_values("row").reset_index(drop=True), mapping


def read_csv_back(path: Path, how: str, crs) -> gpd.GeoDataFrame:
    df = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False, na_values=[""])
    if how == "wkt":
        geoms = [None if pd.isna(w) else shapely.from_wkt(w) for w in df.pop("WKT")]
    else:
        xcol, ycol = ("lon", "lat") if "lon" in df.columns else ("x", "y")
        x, y = df.pop(xcol), df.pop(ycol)
        geoms = [None if pd.isna(a) else Point(float(a), float(b)) for a, b in zip(x, y, strict=True)]
    return gpd.GeoDataFrame(df, geometry=geoms, crs=crs)


KML_OWN = ("name", "description", "id", "timestamp", "begin", "end", "icon")


def read_kml_back(path: Path) -> gpd.GeoDataFrame:
    """GDAL's LIBKML reader adds its own Name/description/... columns and renames attribute
    columns that collide with them case-insensitively to ``<name>2``: undo that here."""
    gdf = pyogrio.read_dataframe(path)
    own = [c for c in gdf.columns if c.lower() in KML_OWN or c in (
        "altitudeMode", "tessellate", "extrude", "visibility", "drawOrder")]
    gdf = gdf.drop(columns=own)
    return gdf.rename(columns={c: c[:-1] for c in gdf.columns
                               if c.endswith("2") and c[:-1].lower() in KML_OWN})


# -- comparing -------------------------------------------------------------------------------
def is_empty(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def assert_attributes_equal(orig: pd.DataFrame, back: pd.DataFrame) -> None:
    """Every original column and cell survives: text exactly, numbers to 1e-9, nulls empty."""
    missing = [c for c in orig.columns if c != "geometry" and c not in back.columns]
    assert not missing, f"columns lost: {missing}; got {list(back.columns)}"
    for col in orig.columns:
        if col == "geometry":
            continue
        for i, (a, b) in enumerate(zip(orig[col].astype(object), back[col].astype(object), strict=True)):
            where = f"column {col!r} row {i}: wrote {a!r}, read {b!r}"
            if is_empty(a):
                assert is_empty(b), where
            elif isinstance(a, bool | np.bool_):
                assert str(b) in (("True", "1", "true") if a else ("False", "0", "false")), where
            elif isinstance(a, int | float | np.integer | np.floating):
                assert not is_empty(b) and math.isclose(float(b), float(a), rel_tol=1e-9), where
            else:
                assert b == a, where


def max_distance(a: gpd.GeoSeries, b: gpd.GeoSeries) -> float:
    """Largest Hausdorff distance between corresponding geometries (nulls must match)."""
    ga, gb = np.asarray(a.values, dtype=object), np.asarray(b.values, dtype=object)
    assert (shapely.is_missing(ga) == shapely.is_missing(gb)).all(), "null geometries moved"
    ok = ~shapely.is_missing(ga)
    return float(shapely.hausdorff_distance(ga[ok], gb[ok]).max()) if ok.any() else 0.0


def gcj_back_to_wgs84_metres(back: gpd.GeoSeries, orig: gpd.GeoSeries) -> float:
    """GCJ-02 read back, converted to WGS84: largest distance from the original, in metres."""
    wgs = chinacrs.transform_geometry_array(back.set_crs("EPSG:4326", allow_override=True), "gcj02", "wgs84")
    return max_distance(to_crs_checked(wgs, ANALYSIS_CRS), to_crs_checked(orig, ANALYSIS_CRS))
