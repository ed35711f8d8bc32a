"""Writing a layer for download: GeoJSON, GeoPackage, Shapefile (zip), CSV, KML, in a chosen CRS.

Preconditions everywhere: the input GeoDataFrame is EPSG:4326 (what the app holds). Targets:
WGS84 (EPSG:4326), CGCS2000 (EPSG:4490), CGCS2000 GK zone 39 with prefix (EPSG:4527),
CGCS2000 GK CM 117°E (EPSG:4548) and "gcj02" (AMap/Gaode). GCJ-02 has no EPSG code: it is
written labelled EPSG:4326 and the file says so where the format has a place for it (GeoJSON
and GeoPackage layer description, a note in the Shapefile zip, the KML document description);
CSV has none, so the caller must name the CRS in the file name (``crs_tag``).

Column names equal up to case (``Name``/``name``) are renamed ``name_1`` for every format.
:func:`export_warnings` says all of this (and raises the refusals) before anything is written,
so the UI can show it next to the download button. Choices (each proven by ``tests/export``):

- GeoJSON: RFC 7946 (9 decimals) for WGS84/GCJ-02; any other CRS keeps GDAL's ``crs``
  member (``urn:ogc:def:crs:EPSG::<code>``, x = easting/longitude), which pyogrio/GDAL/QGIS
  read back. Not RFC 7946 then, and the file says its CRS instead of being silently wrong.
- Shapefile (``geo.export_shp``): a zip with .shp/.shx/.dbf/.prj and a .cpg saying UTF-8.
  Field names cut to 10 UTF-8 bytes at character boundaries, unique ignoring case, mapped
  back in ``fields_mapping.csv``; text over 254 bytes cut at a character boundary; mixed
  geometry types → one shapefile per kind (``<layer>_point``/``_line``/``_polygon``) in the
  same zip rather than a refusal (a bureau asked for "a shapefile" gets one it can open;
  the warning offers GPKG). Geometry collections are refused (use GPKG).
- CSV: UTF-8 with BOM, geometry as full-precision WKT (column ``WKT``) or, for points only,
  ``lon``/``lat`` (geographic) or ``x``/``y`` (projected) columns; text cells and headers
  starting with = + - @ tab or CR get a leading apostrophe (spreadsheet formula injection;
  such cells read back with that apostrophe, by design). CRLF rows, so a CR inside a cell
  is quoted.
- KML: written here (no GDAL driver), so every string is XML-escaped; ``<name>`` is plain
  text and ``<description>`` is additionally HTML-escaped, so viewers that render it as
  HTML show it literally. Attributes are typed ``ExtendedData``/``SchemaData``. KML is
  longitude/latitude by definition: projected targets are refused. GDAL's LIBKML reader
  adds its own columns (Name, description, ...) and renames attributes that clash with
  them case-insensitively to ``<name>2``; the file itself keeps the original names.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from geo import chinacrs
from geo.errors import CRSMissingError, UnsupportedInputError
from geo.export_kml import write_kml
from geo.export_shp import cut_utf8, shp_field_names, shp_warnings, write_shapefile_zip
from geo.gk import ANALYSIS_CRS, CGCS2000, WGS84, ZONE39_PREFIXED, to_crs_checked

__all__ = ["CRS_LABELS", "CSV_GEOMETRY", "EXTENSIONS", "FORMATS", "GCJ02", "GEOGRAPHIC_TARGETS",
           "MIME_TYPES", "TARGET_CRS", "crs_tag", "cut_utf8", "export_warnings", "neutralise",
           "points_only", "reproject", "safe_layer_name", "shp_field_names", "write_csv", "write_vector"]

FORMATS = ("geojson", "gpkg", "shp", "csv", "kml")
GCJ02 = "gcj02"
TARGET_CRS = (WGS84, CGCS2000, ZONE39_PREFIXED, ANALYSIS_CRS, GCJ02)
GEOGRAPHIC_TARGETS = (WGS84, CGCS2000, GCJ02)
CRS_LABELS = {
    WGS84: ("WGS84 经纬度（EPSG:4326）", "WGS84 lon/lat (EPSG:4326)"),
    CGCS2000: ("CGCS2000 经纬度（EPSG:4490）", "CGCS2000 lon/lat (EPSG:4490)"),
    ZONE39_PREFIXED: ("CGCS2000 高斯-克吕格 3度带 39带，带带号（EPSG:4527）",
                      "CGCS2000 Gauss-Krüger 3° zone 39, zone prefix (EPSG:4527)"),
    ANALYSIS_CRS: ("CGCS2000 高斯-克吕格 中央经线117°E，无带号（EPSG:4548）",
                   "CGCS2000 Gauss-Krüger CM 117°E, no prefix (EPSG:4548)"),
    GCJ02: ("GCJ-02（高德/火星坐标）", "GCJ-02 (AMap/Gaode)"),
}
EXTENSIONS = {"geojson": ".geojson", "gpkg": ".gpkg", "shp": ".zip", "csv": ".csv", "kml": ".kml"}
MIME_TYPES = {"geojson": "application/geo+json", "gpkg": "application/geopackage+sqlite3",
              "shp": "application/zip", "csv": "text/csv",
              "kml": "application/vnd.google-earth.kml+xml"}
CSV_GEOMETRY = ("wkt", "lonlat")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GCJ02_NOTE = ("坐标为 GCJ-02（高德/火星坐标），文件标注为 EPSG:4326 只是惯例：与 WGS84 相差约数百米。",
              "Coordinates are GCJ-02 (AMap/Gaode); the EPSG:4326 label is only a convention: "
              "they are offset from WGS84 by a few hundred metres.")
CSV_NO_CRS = ("CSV 不含坐标系信息：坐标系写在文件名中，请随文件说明。",
              "CSV carries no CRS: it is named in the file name; keep it with the file.")
KML_CGCS2000 = ("KML 规定为 WGS84；CGCS2000 经纬度与之相差不到 1 米，按原值写入。",
                "KML is defined as WGS84; CGCS2000 lon/lat differ from it by less than 1 m and "
                "are written as they are.")

Warnings = list[tuple[str, str]]


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def crs_tag(to_crs: str) -> str:
    """A short file-name tag for a target CRS: ``EPSG4548``, ``GCJ02``."""
    return "GCJ02" if to_crs == GCJ02 else to_crs.replace(":", "")


def safe_layer_name(name: str) -> str:
    """ASCII letters, digits and ``_`` only (a layer/file name inside the output)."""
    return re.sub(r"[^A-Za-z0-9_]", "_", name)[:40].strip("_") or "layer"


def export_warnings(gdf: gpd.GeoDataFrame, fmt: str, to_crs: str = WGS84, *,
                    csv_geometry: str = "wkt", layer_name: str = "layer") -> Warnings:
    """What :func:`write_vector` will warn about, as (zh, en), without writing anything.

    Raises what write_vector would refuse (UnsupportedInputError / CRSMissingError, with a
    message in zh/en): unknown options, data not in EPSG:4326, KML in a projected CRS,
    lon/lat columns for anything but single points, geometry collections in a Shapefile.
    """
    _check_args(gdf, fmt, to_crs, csv_geometry)
    if fmt == "kml" and to_crs not in GEOGRAPHIC_TARGETS:
        raise UnsupportedInputError(
            "KML 只能保存经纬度坐标：请选择 WGS84、CGCS2000 或 GCJ-02，或改用 GeoPackage/Shapefile",
            "KML holds longitude/latitude only: choose WGS84, CGCS2000 or GCJ-02, or use "
            "GeoPackage/Shapefile for projected coordinates")
    if fmt == "csv" and csv_geometry == "lonlat" and not points_only(gdf):
        raise UnsupportedInputError(
            "经纬度两列只能表示单点：该图层含线、面或多点，请选择 WKT 几何列",
            "lon/lat columns can only hold single points: this layer has lines, polygons or "
            "multipoints; choose the WKT geometry column")
    out, warnings = unique_columns(gdf)
    if to_crs == GCJ02:
        warnings.append(GCJ02_NOTE)
    if fmt == "shp":
        warnings += shp_warnings(out, safe_layer_name(layer_name))
    elif fmt == "csv":
        warnings.append(CSV_NO_CRS)
    elif fmt == "kml" and to_crs == CGCS2000:
        warnings.append(KML_CGCS2000)
    return warnings


def write_vector(gdf: gpd.GeoDataFrame, path: Path, fmt: str, to_crs: str = WGS84, *,
                 csv_geometry: str = "wkt", layer_name: str = "layer") -> Warnings:
    """Write ``gdf`` to ``path`` as ``fmt`` in ``to_crs``; return warnings as (zh, en).

    Preconditions: ``gdf`` is EPSG:4326; ``path`` is a server-made path (for "shp" a .zip is
    written there, see EXTENSIONS). ``fmt`` is one of FORMATS, ``to_crs`` one of
    TARGET_CRS, ``csv_geometry`` one of CSV_GEOMETRY ("lonlat": ``lon``/``lat`` columns, or
    ``x``/``y`` when projected). Refusals and warnings: see :func:`export_warnings`. The
    input is never modified.
    """
    warnings = export_warnings(gdf, fmt, to_crs, csv_geometry=csv_geometry, layer_name=layer_name)
    out, _ = unique_columns(reproject(gdf, to_crs))
    note = GCJ02_NOTE if to_crs == GCJ02 else None
    name = safe_layer_name(layer_name)
    path = Path(path)
    if fmt in ("geojson", "gpkg"):
        opts: dict = {"DESCRIPTION": " / ".join(note)} if note else {}
        if fmt == "geojson" and to_crs in (WGS84, GCJ02):
            opts.update(RFC7946="YES", COORDINATE_PRECISION=9)
        driver = "GeoJSON" if fmt == "geojson" else "GPKG"
        pyogrio.write_dataframe(out, path, driver=driver, layer=name, layer_options=opts)
    elif fmt == "shp":
        write_shapefile_zip(_text_datetimes(out), path, name, note, neutralise)
    elif fmt == "csv":
        write_csv(out, path, csv_geometry)
    else:
        write_kml(_text_datetimes(out), path, name, " / ".join(note) if note else "")
    return warnings


def _check_args(gdf: gpd.GeoDataFrame, fmt: str, to_crs: str, csv_geometry: str) -> None:
    for value, allowed, what in ((fmt, FORMATS, "format"), (to_crs, TARGET_CRS, "CRS"),
                                 (csv_geometry, CSV_GEOMETRY, "CSV geometry")):
        if value not in allowed:
            raise UnsupportedInputError(f"不支持的{what}：{value!r}（可选：{', '.join(allowed)}）",
                                        f"Unsupported {what} {value!r}; choose one of "
                                        f"{', '.join(allowed)}")
    if gdf.crs is None:
        raise CRSMissingError("数据没有坐标系，无法导出", "The data has no CRS; it cannot be exported")
    if not CRS.from_user_input(gdf.crs).equals(CRS.from_user_input(WGS84)):
        raise UnsupportedInputError(f"导出需要 EPSG:4326 数据，收到 {gdf.crs.to_string()}",
                                    f"Export needs EPSG:4326 data, got {gdf.crs.to_string()}")


def points_only(gdf: gpd.GeoDataFrame) -> bool:
    """True when every non-null geometry is a single Point (lon/lat columns can hold it)."""
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    return bool((shapely.get_type_id(geoms[~shapely.is_missing(geoms)]) == 0).all())


def reproject(gdf: gpd.GeoDataFrame, to_crs: str) -> gpd.GeoDataFrame:
    """``gdf`` (EPSG:4326) in ``to_crs``: checked ``to_crs``, or GCJ-02 labelled EPSG:4326."""
    if to_crs == GCJ02:
        return chinacrs.convert_frame(gdf, "wgs84", "gcj02")
    if to_crs == WGS84:
        return gdf.copy()
    return to_crs_checked(gdf, to_crs)


def unique_columns(gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, Warnings]:
    """Columns equal up to case (``Name``/``name``) break GPKG and Shapefile: rename later ones."""
    seen: set[str] = set()
    mapping = {}
    for col in gdf.columns:
        if col == gdf.geometry.name:
            continue
        new, k = str(col), 1
        while new.casefold() in seen:
            new, k = f"{col}_{k}", k + 1
        seen.add(new.casefold())
        if new != col:
            mapping[col] = new
    if not mapping:
        return gdf, []
    pairs = ", ".join(f"{a} → {b}" for a, b in mapping.items())
    return gdf.rename(columns=mapping), [(f"仅大小写不同的列名已改名：{pairs}",
                                          f"Column names differing only in case were renamed: {pairs}")]


def _text_datetimes(df: pd.DataFrame) -> pd.DataFrame:
    """Datetime columns as ISO text (DBF, CSV and KML have no full datetime type)."""
    cols = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])]
    if not cols:
        return df
    df = df.copy()
    for c in cols:
        df[c] = df[c].map(lambda v: None if pd.isna(v) else v.isoformat())
    return df


def _free_name(name: str, taken) -> str:
    while name in taken:
        name = "_" + name
    return name


def write_csv(gdf: gpd.GeoDataFrame, path: Path, how: str, append: bool = False) -> None:
    """The CSV rows of ``gdf`` (already in the target CRS) with geometry as ``how`` ("wkt" |
    "lonlat"); ``append``: rows only, added to a file this function started."""
    geoms = gdf.geometry.to_numpy()
    df = _text_datetimes(pd.DataFrame(gdf.drop(columns=gdf.geometry.name)))
    df = df.astype({c: object for c in df.columns if pd.api.types.is_string_dtype(df[c])})
    df = df.map(neutralise)
    if how == "wkt":
        df[_free_name("WKT", df.columns)] = [
            None if g is None else shapely.to_wkt(g, rounding_precision=-1) for g in geoms]
    else:
        geographic = CRS.from_user_input(gdf.crs).is_geographic
        xname, yname = ("lon", "lat") if geographic else ("x", "y")
        empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        df[_free_name(xname, df.columns)] = np.where(empty, np.nan, shapely.get_x(geoms))
        df[_free_name(yname, df.columns)] = np.where(empty, np.nan, shapely.get_y(geoms))
    df.columns = [neutralise(str(c)) for c in df.columns]
    # CRLF (RFC 4180): the csv writer then quotes every cell holding a CR or LF
    df.to_csv(path, index=False, encoding="utf-8" if append else "utf-8-sig", lineterminator="\r\n",
              mode="a" if append else "w", header=not append)  # a later chunk: rows only, no BOM
