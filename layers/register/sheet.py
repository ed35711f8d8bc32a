"""The register as a spreadsheet (xlsx via openpyxl, or CSV in UTF-8 or GBK): the form's
columns with zh or en headers, the geometry as WKT (EPSG:4326) or as lon/lat columns.

Reading checks every row with the register's one validation (:func:`layers.register.validate.check`)
and lists every problem with its row number (the sheet's own: the header is row 1); a caller
imports only when there is none, in one transaction (nothing half-imported).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pandas as pd
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from layers import vocab
from layers.register.fields import COLUMNS, Column
from layers.register.validate import Problem, check
from layers.store.base import FeatureRow
from layers.text import t

#: the geometry columns: name → (zh header, en header, other accepted headers)
GEOMETRY_COLUMNS = {
    "wkt": ("几何（WKT）", "Geometry (WKT)", ("wkt", "geometry", "几何")),
    "lon": ("经度", "Longitude", ("lon", "lng", "long", "x")),
    "lat": ("纬度", "Latitude", ("lat", "y")),
}


@dataclass(frozen=True)
class RowProblem:
    """A problem of one row (``row``: the sheet's row number; 0 for the file as a whole)."""

    row: int
    problem: Problem

    def message(self, lang: str) -> str:
        """"Row n: <field>: <value> — <why>" in ``lang`` (the file's problems without a row)."""
        if not self.row:
            return self.problem.message(lang)
        return t("rg.row", lang, row=self.row, msg=self.problem.message(lang))


@dataclass(frozen=True)
class SheetResult:
    """What a sheet holds: the valid rows (props, geom), every problem, the ignored headers."""

    rows: list[tuple[dict, BaseGeometry | None]]
    problems: list[RowProblem]
    ignored: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def header(col: Column, lang: str) -> str:
    """The sheet header of a column in ``lang``: its label, with its unit in brackets."""
    unit = col.unit(lang)
    return col.label(lang) + (t("rg.unit", lang, unit=unit) if unit else "")


def _fold(text: object, strip_unit: bool = False) -> str:
    text = str(text).strip()
    if strip_unit:  # "总投资（万元）" → "总投资": a header with its own unit note
        text = re.sub(r"[（(][^）)]*[）)]\s*$", "", text).strip()
    return text.casefold()


def _header_map() -> dict[str, str]:
    """Folded header → column name, for every accepted header of every column."""
    out: dict[str, str] = {}
    for col in COLUMNS:
        for h in (col.name, col.zh, col.en, header(col, "zh"), header(col, "en")):
            out[_fold(h)] = col.name
    for name, (zh, en, others) in GEOMETRY_COLUMNS.items():
        for h in (name, zh, en, *others):
            out[_fold(h)] = name
    return out


def column_of(head: object) -> str | None:
    """The column (or geometry column) a sheet header names, or None: the header as it is
    (any case), else without a bracketed note at its end."""
    known = _header_map()
    return known.get(_fold(head)) or known.get(_fold(head, strip_unit=True))


def _cell(value: object, col: Column, lang: str) -> object:
    if value is None:
        return None
    if col.kind == "multi":
        return ";".join(vocab.label(v, lang) for v in str(value).split(";") if v)
    if col.kind == "category" and col.name != "town":
        return vocab.label(value, lang)
    return value


def export_frame(rows: list[FeatureRow], lang: str) -> pd.DataFrame:
    """The register as a sheet in ``lang`` (headers and category labels), WKT and, for points,
    lon/lat; one row per project in fid order."""
    recs = []
    for r in sorted(rows, key=lambda r: r.fid):
        rec = {header(c, lang): _cell(r.props.get(c.name), c, lang) for c in COLUMNS}
        geom = r.geom
        rec[GEOMETRY_COLUMNS["wkt"][lang != "zh"]] = geom.wkt if geom is not None else None
        is_point = geom is not None and geom.geom_type == "Point"
        rec[GEOMETRY_COLUMNS["lon"][lang != "zh"]] = geom.x if is_point else None
        rec[GEOMETRY_COLUMNS["lat"][lang != "zh"]] = geom.y if is_point else None
        recs.append(rec)
    cols = [header(c, lang) for c in COLUMNS] + [GEOMETRY_COLUMNS[k][lang != "zh"] for k in GEOMETRY_COLUMNS]
    return pd.DataFrame(recs, columns=cols)


def to_xlsx(df: pd.DataFrame) -> bytes:
    """``df`` as an xlsx workbook (one sheet)."""
    buf = io.BytesIO()
    df.to_excel(buf, index=False, engine="openpyxl")
    return buf.getvalue()


def to_csv(df: pd.DataFrame) -> bytes:
    """``df`` as CSV in UTF-8 with a byte-order mark (Excel opens it as UTF-8)."""
    return df.to_csv(index=False).encode("utf-8-sig")


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """A sheet's cells as text ('' for blank): xlsx/xlsm by openpyxl, else CSV in UTF-8 (with
    or without BOM) or, failing that, GBK/GB18030."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        df = pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return df.fillna("")


def _geometry(cells: dict, problems: list[Problem]) -> BaseGeometry | None:
    wkt, lon, lat = (str(cells.get(k, "")).strip() for k in ("wkt", "lon", "lat"))
    if wkt:
        try:
            return shapely.from_wkt(wkt)
        except shapely.errors.GEOSException:
            problems.append(Problem("geometry", wkt, "rg.err.wkt"))
            return None
    if not lon and not lat:
        return None
    try:
        return Point(float(lon), float(lat))
    except ValueError:
        problems.append(Problem("geometry", f"{lon}, {lat}", "rg.err.lonlat"))
        return None


def parse(df: pd.DataFrame, existing: set[str] | frozenset[str] = frozenset()) -> SheetResult:
    """Check every row of a sheet (:func:`read_table`); ``existing``: the register's names
    (name_zh), which a row may not repeat (edit that project instead)."""
    names = {h: column_of(h) for h in df.columns}
    ignored = [str(h) for h, n in names.items() if n is None]
    rows, problems, seen = [], [], set(existing)
    for i, rec in enumerate(df.to_dict("records")):
        cells = {names[h]: v for h, v in rec.items() if names[h] and str(v).strip()}
        if not cells:
            continue  # a blank line
        row_problems: list[Problem] = []
        geom = _geometry(cells, row_problems)
        checked = check({k: v for k, v in cells.items() if k not in GEOMETRY_COLUMNS}, geom)
        row_problems += checked.problems
        name = checked.props.get("name_zh")
        if name and name in seen:
            row_problems.append(Problem("name_zh", name, "rg.err.duplicate"))
        seen.add(name)
        problems += [RowProblem(i + 2, p) for p in row_problems]
        rows.append((checked.props, checked.geom))
    if not rows and not problems:
        problems.append(RowProblem(0, Problem("name_zh", None, "rg.err.no_rows")))
    return SheetResult(rows=rows, problems=problems, ignored=ignored)
