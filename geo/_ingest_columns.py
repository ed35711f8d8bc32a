"""Attribute columns of a user's file: unique names, plain types, a JSON-safe sample.

Duplicate and case-variant names (``Name``, ``name``) are renamed ``Name``, ``name_2`` (the
second of a case-insensitive group gets ``_2``, the third ``_3``...): SQLite/GeoPackage column
names are case-insensitive, and pandas keeps only one of two equal names in most operations.
"""

from __future__ import annotations

import datetime as dt
import math

import geopandas as gpd
import numpy as np
import pandas as pd

SAMPLE_ROWS = 5


def _unique(name: str, taken: set[str]) -> str:
    base, k = name, 2
    while name.casefold() in taken:
        name = f"{base}_{k}"
        k += 1
    return name


def unique_names(names: list, reserved: str = "geometry") -> tuple[list[str], dict[str, str]]:
    """(names made unique case-insensitively and distinct from ``reserved``, {new: original}).

    Blank names become ``column_<position>``; non-string names become strings.
    """
    taken = {reserved.casefold()}
    out, renamed = [], {}
    for i, col in enumerate(names):
        original = str(col) if str(col).strip() else f"column_{i + 1}"
        new = _unique(original, taken)
        taken.add(new.casefold())
        out.append(new)
        if new != str(col):
            renamed[new] = str(col)
    return out, renamed


def dedupe_columns(gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, dict[str, str]]:
    """Return (copy with unique, case-insensitively distinct column names, {new: original}).

    Preconditions: ``gdf`` has an active geometry column whose name is not duplicated; that
    name is reserved, so an attribute called e.g. ``Geometry`` is renamed too.
    """
    geom = gdf.geometry.name
    attrs = [c for c in gdf.columns if c != geom]
    names, renamed = unique_names(attrs, reserved=str(geom))
    out = gdf.copy()
    out.columns = [geom if c == geom else names.pop(0) for c in gdf.columns]
    return out.set_geometry(geom), renamed


def _type_word(series: pd.Series) -> str:
    kind = series.dtype.kind
    words = {"i": "integer", "u": "integer", "f": "float", "b": "boolean", "M": "datetime",
             "m": "duration"}
    if kind in words:
        return words[kind]
    values = series.dropna()
    if len(values) and all(isinstance(v, str) for v in values):
        return "string"
    if len(values) and all(isinstance(v, dt.date) for v in values):
        return "date"
    return "string" if pd.api.types.is_string_dtype(series.dtype) else "object"


def column_types(gdf: gpd.GeoDataFrame) -> dict[str, str]:
    """Attribute name -> "string" | "integer" | "float" | "boolean" | "datetime" | "date" | "object"."""
    geom = gdf.geometry.name
    return {str(c): _type_word(gdf[c]) for c in gdf.columns if c != geom}


def json_safe(value: object) -> object:
    """A JSON-serialisable version of a cell: NaN/NaT -> None, numpy -> Python, dates -> ISO."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.date | dt.time | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, int | str | bool):
        return value
    if isinstance(value, list | tuple | np.ndarray):
        return [json_safe(v) for v in value]
    return None if pd.isna(value) is True else str(value)


def sample_rows(gdf: gpd.GeoDataFrame, n: int = SAMPLE_ROWS) -> list[dict]:
    """The first ``n`` rows' attributes as JSON-safe dicts (no geometry)."""
    geom = gdf.geometry.name
    cols = [c for c in gdf.columns if c != geom]
    return [{str(c): json_safe(v) for c, v in zip(cols, row, strict=True)}
            for row in gdf[cols].head(n).itertuples(index=False, name=None)]


def arrow_safe(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Copy in which every object column holds one type (mixed ones become strings)."""
    out = gdf.copy()
    geom = gdf.geometry.name
    for col in out.columns:
        if col == geom or out[col].dtype != object:
            continue
        kinds = {type(v) for v in out[col].dropna()}
        if len(kinds) > 1 or (kinds and not kinds <= {str, bytes, bool, int, float}):
            out[col] = [None if v is None or (isinstance(v, float) and math.isnan(v))
                        else str(json_safe(v)) for v in out[col]]
    return out
