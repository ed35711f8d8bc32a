"""Writing a filtered bureau-scale layer without holding the result in memory (issue 10, point 3).

``geo.export.write_vector`` takes the selection as a frame: for 10^6 parcels the app would hold
the layer, its filtered copy, the reprojected copy and the file's bytes at once.  Here the
selection stays a list of row positions and the file is written chunk by chunk — each chunk
taken from the layer, reprojected and appended (GDAL append for GeoJSON/GeoPackage, rows for
CSV) — so memory is the layer plus one chunk, and a progress callback sees every chunk.
Shapefile (per-geometry-kind files, field-name mapping) and KML (our own XML writer) need the
whole selection: they are written by ``write_vector`` from one selected copy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio

from geo.errors import UnsupportedInputError
from geo.export import (
    GCJ02,
    GCJ02_NOTE,
    WGS84,
    Warnings,
    export_warnings,
    points_only,
    reproject,
    safe_layer_name,
    unique_columns,
    write_csv,
    write_vector,
)

STREAMED = ("geojson", "gpkg", "csv")
CHUNK_ROWS = 20_000
_PAIRS = {frozenset({"Polygon", "MultiPolygon"}): "MultiPolygon",
          frozenset({"LineString", "MultiLineString"}): "MultiLineString",
          frozenset({"Point", "MultiPoint"}): "MultiPoint"}


def _layer_type(geoms: gpd.GeoSeries, fmt: str) -> dict:
    """The layer's geometry type as pyogrio infers it from the WHOLE selection (a chunk of
    Polygons alone would make a Polygon layer that later MultiPolygons do not fit)."""
    kinds = set(geoms.geom_type.dropna().unique())
    if len(kinds) == 1:
        kind, promote = next(iter(kinds)), False
    elif frozenset(kinds) in _PAIRS and fmt == "gpkg":  # pyogrio promotes single+multi for GPKG
        kind, promote = _PAIRS[frozenset(kinds)], True
    else:
        kind, promote = "Unknown", False
    solid = geoms[geoms.notna() & ~geoms.is_empty]
    if kind != "Unknown" and len(solid) and solid.has_z.any():
        kind += " Z"
    return {"geometry_type": kind, "promote_to_multi": promote}


def stream_warnings(gdf: gpd.GeoDataFrame, rows: Sequence[int] | np.ndarray, fmt: str,
                    to_crs: str = WGS84, *, csv_geometry: str = "wkt", layer_name: str = "layer") -> Warnings:
    """:func:`geo.export.export_warnings` for the rows ``rows`` of ``gdf``, without copying them.

    Preconditions: ``gdf`` is EPSG:4326; ``rows`` are positions in it.  Raises the same refusals."""
    rows = np.asarray(rows, dtype=np.int64)
    if fmt not in STREAMED:
        return export_warnings(gdf.iloc[rows], fmt, to_crs, csv_geometry=csv_geometry, layer_name=layer_name)
    if fmt == "csv" and csv_geometry == "lonlat" and not points_only(gdf.geometry.iloc[rows].to_frame()):
        export_warnings(gdf.iloc[rows[:0]], fmt, to_crs, csv_geometry="wkt")  # the argument checks
        raise UnsupportedInputError(
            "经纬度两列只能表示单点：该图层含线、面或多点，请选择 WKT 几何列",
            "lon/lat columns can only hold single points: this layer has lines, polygons or "
            "multipoints; choose the WKT geometry column")
    return export_warnings(gdf.iloc[:0], fmt, to_crs, csv_geometry=csv_geometry, layer_name=layer_name)


def write_rows(gdf: gpd.GeoDataFrame, rows: Sequence[int] | np.ndarray, path: Path, fmt: str,
               to_crs: str = WGS84, *, csv_geometry: str = "wkt", layer_name: str = "layer",
               chunk_rows: int = CHUNK_ROWS, progress: Callable[[float], None] | None = None) -> Warnings:
    """Write the rows ``rows`` of ``gdf`` (in that order) to ``path`` as ``fmt`` in ``to_crs``.

    Preconditions as :func:`geo.export.write_vector` (``gdf`` EPSG:4326, ``path`` server-made,
    ``fmt``/``to_crs``/``csv_geometry`` from its tables); ``rows`` are positions in ``gdf``.
    The same file as ``write_vector(gdf.iloc[rows], ...)``; ``progress(fraction)`` is called
    after each chunk (ending with 1.0).  The input is never modified.
    """
    rows = np.asarray(rows, dtype=np.int64)
    warnings = stream_warnings(gdf, rows, fmt, to_crs, csv_geometry=csv_geometry, layer_name=layer_name)
    report = progress or (lambda _f: None)
    if fmt not in STREAMED:
        write_vector(gdf.iloc[rows], path, fmt, to_crs, csv_geometry=csv_geometry, layer_name=layer_name)
        report(1.0)
        return warnings
    name, n = safe_layer_name(layer_name), len(rows)
    opts: dict = {}
    if fmt in ("geojson", "gpkg"):
        note = GCJ02_NOTE if to_crs == GCJ02 else None
        opts = {"DESCRIPTION": " / ".join(note)} if note else {}
        if fmt == "geojson" and to_crs in (WGS84, GCJ02):
            opts.update(RFC7946="YES", COORDINATE_PRECISION=9)
    layer_type = _layer_type(gdf.geometry.iloc[rows], fmt) if fmt != "csv" else {}
    starts = range(0, n, chunk_rows) if n else [0]
    for k, start in enumerate(starts):
        part = gdf.iloc[rows[start:start + chunk_rows]]
        out, _ = unique_columns(reproject(part, to_crs))
        if fmt == "csv":
            write_csv(out, Path(path), csv_geometry, append=k > 0)
        else:
            pyogrio.write_dataframe(out, path, driver="GeoJSON" if fmt == "geojson" else "GPKG", layer=name,
                                    append=k > 0, **layer_type, **({} if k else {"layer_options": opts}))
        report(min(1.0, (start + len(part)) / n) if n else 1.0)
    return warnings
