"""From a Table (CSV/XLSX) to a GeoDataFrame: find the coordinate columns, parse, list bad rows.

Columns recognised (case-insensitive, units in brackets ignored): 经度/纬度, lon/lat,
lng/lat, longitude/latitude; x/y, easting/northing, 东坐标/北坐标, POINT_X/POINT_Y (x is read
as the easting: magnitudes tell when it is not, and a swap is then OFFERED, never done); a
WKT column (wkt, geometry, geom, the_geom, shape, 几何; EWKT ``SRID=n;`` prefixes are read).
The frame's index is the 1-based data-row number; ``attrs["lines"]`` maps it to the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import geopandas as gpd
import numpy as np

from geo import _ingest_coords as coords
from geo._ingest_columns import unique_names
from geo._ingest_table import Table
from geo.errors import IngestError

Pair = tuple[str, str]
_LON = {"经度", "东经", "lon", "lng", "long", "longitude"}
_LAT = {"纬度", "北纬", "lat", "latitude"}
_X = {"x", "x坐标", "东坐标", "easting", "pointx", "xcoord", "coordx"}
_Y = {"y", "y坐标", "北坐标", "northing", "pointy", "ycoord", "coordy"}
_WKT = {"wkt", "geometry", "geom", "thegeom", "shape", "几何", "wktgeom", "geometrywkt"}
_BRACKETS = re.compile(r"[(（\[【].*?[)）\]】]")
_INT = re.compile(r"^[+-]?(0|[1-9]\d*)$")
_FLOAT = re.compile(r"^[+-]?(0|[1-9]\d*)?\.\d+$|^[+-]?(0|[1-9]\d*)\.\d*$")


@dataclass
class CoordColumns:
    """Where the geometry comes from: a WKT column, or an x (lon) and a y (lat) column."""

    kind: str  # "wkt" | "degrees" | "xy"
    x: int
    y: int = -1


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-.]", "", _BRACKETS.sub("", name).casefold())


def _find(names: list[str], wanted: set[str], prefixes: tuple[str, ...] = ()) -> int:
    normed = [_norm(n) for n in names]
    for i, n in enumerate(normed):
        if n in wanted:
            return i
    return next((i for i, n in enumerate(normed) if prefixes and n.startswith(prefixes)), -1)


def find_columns(header: list[str]) -> CoordColumns:
    """The coordinate columns of ``header``; IngestError naming what was expected if none."""
    wkt = _find(header, _WKT)
    if wkt >= 0:
        return CoordColumns("wkt", wkt)
    lon, lat = _find(header, _LON, ("经度",)), _find(header, _LAT, ("纬度",))
    if lon >= 0 and lat >= 0:
        return CoordColumns("degrees", lon, lat)
    x, y = _find(header, _X), _find(header, _Y)
    if x >= 0 and y >= 0:
        return CoordColumns("xy", x, y)
    shown = ", ".join(header[:12])
    raise IngestError(
        f"找不到坐标列：需要 经度/纬度、lon/lat、lng/lat、x/y 或 WKT 列；表头为：{shown}",
        "No coordinate columns found: expected 经度/纬度, lon/lat, lng/lat, x/y or a WKT column; "
        f"the header is: {shown}",
    )


def _why(header: list[str], col: int, value: object, reason: Pair) -> Pair:
    text = str(value)[:40] if value is not None else ""
    return (f"列“{header[col]}”的值“{text}”{reason[0]}", f"column {header[col]!r} value {text!r} {reason[1]}")


_NOTES = {
    "decimal_comma": ("个值使用小数逗号，已按小数点读取", "value(s) used a decimal comma, read as a decimal point"),
    "thousands": ("个值含千位分隔逗号，已去掉", "value(s) had thousands separators, removed"),
    "dms": ("个度分秒值已换算为十进制度", "degrees-minutes-seconds value(s) converted to decimal degrees"),
}


def _xy(table: Table, spec: CoordColumns, bad: dict) -> tuple[np.ndarray, list[Pair]]:
    comma_decimal = spec.kind == "degrees"
    notes: list[Pair] = []
    parsed = []
    for col in (spec.x, spec.y):
        values = [row[col] for row in table.rows]
        out, col_bad, col_notes = coords.parse_column(values, comma_decimal)
        for i, reason in col_bad.items():
            bad.setdefault(i, _why(table.header, col, values[i], reason))
        for note, n in col_notes.items():
            zh, en = _NOTES[note]
            notes.append((f"列“{table.header[col]}”：{n} {zh}", f"Column {table.header[col]!r}: {n} {en}"))
        parsed.append(out)
    ok = np.isfinite(parsed[0]) & np.isfinite(parsed[1])
    geoms = np.full(len(ok), None, dtype=object)
    geoms[ok] = gpd.points_from_xy(parsed[0][ok], parsed[1][ok]).to_numpy()
    return geoms, notes


def _wkt(table: Table, spec: CoordColumns, bad: dict) -> tuple[np.ndarray, list[Pair], set]:
    values = [row[spec.x] for row in table.rows]
    geoms, col_bad, srids = coords.parse_wkt_column(values)
    for i, reason in col_bad.items():
        bad.setdefault(i, _why(table.header, spec.x, values[i], reason))
    return geoms, [], srids


def _tidy(values: list) -> list:
    """Strings that are all plain numbers (no leading zeros) become numbers; blanks None."""
    vals = [None if v is None or (isinstance(v, str) and not v.strip()) else v for v in values]
    present = [v for v in vals if v is not None]
    if present and all(isinstance(v, str) and _INT.match(v.strip()) for v in present):
        return [int(v) if v is not None else None for v in vals]
    if present and all(isinstance(v, str) and (_INT.match(v.strip()) or _FLOAT.match(v.strip()))
                       for v in present):
        return [float(v) if v is not None else None for v in vals]
    if present and len({type(v) for v in present}) > 1:
        return [str(v) if v is not None else None for v in vals]
    return vals


def table_frame(table: Table) -> tuple[gpd.GeoDataFrame, dict[int, Pair], list[Pair], set]:
    """(frame of rows with a geometry, {row number: reason} for the others, notes, SRIDs).

    Row numbers are 1-based data rows. The frame has no CRS (tables never declare one,
    except EWKT SRIDs, returned for the caller to judge).
    """
    spec = find_columns(table.header)
    bad = dict(table.bad)
    if spec.kind == "wkt":
        geoms, notes, srids = _wkt(table, spec, bad)
    else:
        geoms, notes = _xy(table, spec, bad)
        srids = set()
    keep = [i for i in range(len(table.rows)) if i not in bad]
    names, renamed = unique_names(table.header)
    data = {name: _tidy([table.rows[i][c] for i in keep]) for c, name in enumerate(names)}
    frame = gpd.GeoDataFrame(data, geometry=list(geoms[keep]), index=[i + 1 for i in keep])
    frame.attrs["lines"] = {i + 1: table.lines[i] for i in range(len(table.rows))}
    frame.attrs["renamed"] = renamed
    return frame, {i + 1: reason for i, reason in sorted(bad.items())}, notes, srids
