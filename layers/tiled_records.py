"""One feature's whole record and server-side table pages for tiled layers (JSON-safe).

Values are plain JSON data (text, numbers, null); the client shows them as text
(``textContent``), never as HTML. Field labels come from the declaration.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.spec import LayerSpec

MAX_PAGE = 500
PICK_PX = 4  # a click this close to a line or point picks it (screen pixels)


def plain(value: object) -> object:
    """A JSON-safe scalar: None for missing values, numbers as numbers, anything else as text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _fields(spec: LayerSpec, frame: gpd.GeoDataFrame) -> list:
    return [f for f in spec.fields if f.name in frame.columns]


def record(spec: LayerSpec, frame: gpd.GeoDataFrame, fid: int, lang: str) -> dict | None:
    """The declared fields of row ``fid`` with their labels and units; None when out of range."""
    if not 0 <= fid < len(frame):
        return None
    row = frame.iloc[fid]
    fields = [{"name": f.name, "label": f.label(lang), "value": plain(row[f.name]),
               "unit": f.unit(lang)} for f in _fields(spec, frame)]
    return {"layer": spec.id, "id": int(fid), "name": spec.name(lang), "fields": fields}


def _order(frame: gpd.GeoDataFrame, rows: np.ndarray, sort: str | None, desc: bool) -> np.ndarray:
    if not sort or sort not in frame.columns:
        return rows[::-1] if desc else rows
    values = frame[sort].iloc[rows]
    order = np.argsort(values.to_numpy(), kind="stable") if pd.api.types.is_numeric_dtype(
        values) else np.argsort(values.astype("string").fillna("").to_numpy(), kind="stable")
    order = order[::-1] if desc else order
    return rows[order]


def page(spec: LayerSpec, frame: gpd.GeoDataFrame, mask: np.ndarray, *, offset: int = 0,
         limit: int = 50, sort: str | None = None, desc: bool = False, lang: str = "zh") -> dict:
    """One page of the rows ``mask`` keeps: ``{"total", "shown", "offset", "columns", "rows"}``.

    ``sort`` must be a declared field (else the layer's own order); ``limit`` is capped at
    :data:`MAX_PAGE`; each row starts with its ``zq_id``. ``shown`` is the exact filtered count.
    """
    limit = max(0, min(int(limit), MAX_PAGE))
    offset = max(0, int(offset))
    names = [f.name for f in _fields(spec, frame)]
    sort = sort if sort in names else None
    rows = _order(frame, np.flatnonzero(np.asarray(mask, dtype=bool)), sort, desc)
    chosen = rows[offset:offset + limit]
    sub = frame.iloc[chosen]
    body = [[int(i), *(plain(v) for v in values)]
            for i, values in zip(chosen, sub[names].itertuples(index=False, name=None), strict=True)]
    labels = {f.name: f.label(lang) for f in _fields(spec, frame)}
    return {"layer": spec.id, "total": len(frame), "shown": len(rows), "offset": offset,
            "sort": sort, "desc": bool(desc),
            "columns": [{"name": "zq_id", "label": "#"}]
            + [{"name": n, "label": labels[n]} for n in names], "rows": body}


def locate(frame: gpd.GeoDataFrame, tree: shapely.STRtree, lon: float, lat: float, z: int,
           mask: np.ndarray | None = None) -> int | None:
    """The row of the shown feature under a click at (lon, lat) (EPSG:4326) at zoom ``z``.

    Polygons hit when they contain the point; lines and points within :data:`PICK_PX` screen
    pixels. Several hits: the last row (drawn on top). None when nothing shown is there.
    """
    if not (math.isfinite(lon) and math.isfinite(lat) and 0 <= z <= 24):
        return None
    tol = PICK_PX * 360.0 / (256 * 2**z)
    rows = tree.query(shapely.Point(lon, lat).buffer(tol), predicate="intersects")
    if mask is not None:
        rows = rows[np.asarray(mask, dtype=bool)[rows]]
    geoms = frame.geometry.values[rows]
    areal = np.isin(shapely.get_type_id(geoms), (3, 6))  # Polygon, MultiPolygon
    hit = ~areal | shapely.intersects(geoms, shapely.Point(lon, lat))
    rows = np.sort(rows[hit])
    return int(rows[-1]) if len(rows) else None
