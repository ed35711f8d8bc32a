"""A small KML 2.2 writer (used by ``geo.export``): every string escaped, attributes typed.

Why not GDAL: its KML driver writes a description field as the (XML-escaped) text of
``<description>``, which KML viewers then render as HTML, so an attribute like
``<img src=x onerror=...>`` would run there. Here ``<name>`` is XML-escaped text and ``<description>`` is HTML-escaped and then
XML-escaped: a viewer shows the characters. All attributes are kept, typed, in
``ExtendedData``/``SchemaData`` (what GDAL/pyogrio read back as columns). Control
characters XML 1.0 cannot hold (all but tab, LF, CR) are dropped from names and values.

Preconditions: coordinates are longitude/latitude degrees (KML has no other CRS).
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
NAME_FIELDS = ("name_zh", "name", "名称", "NAME", "Name", "name_en")
_KML_TYPES = (("bool", pd.api.types.is_bool_dtype), ("int", pd.api.types.is_integer_dtype),
              ("double", pd.api.types.is_float_dtype))


def _kml_type(series: pd.Series) -> str:
    for name, test in _KML_TYPES:
        if test(series.dtype):
            return name
    return "string"


def _is_null(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _text(value: object, kind: str) -> str:
    """A value as KML text; characters XML 1.0 cannot hold (controls other than tab, LF, CR)
    are dropped, the only change a value may undergo."""
    if kind == "bool":
        return "1" if value else "0"
    if kind == "int":
        return str(int(value))
    if kind == "double":
        return repr(float(value))
    return _NOT_XML.sub("", str(value))


def _coords(geom) -> str:
    arr = shapely.get_coordinates(geom, include_z=shapely.has_z(geom))
    return " ".join(",".join(repr(float(v)) for v in row) for row in arr)


def geometry_kml(geom) -> str:
    """KML for one shapely geometry ('' for None/empty)."""
    if geom is None or geom.is_empty:
        return ""
    kind = geom.geom_type
    if kind == "Point":
        return f"<Point><coordinates>{_coords(geom)}</coordinates></Point>"
    if kind == "LineString":
        return f"<LineString><coordinates>{_coords(geom)}</coordinates></LineString>"
    if kind == "LinearRing":
        return f"<LinearRing><coordinates>{_coords(geom)}</coordinates></LinearRing>"
    if kind == "Polygon":
        rings = f"<outerBoundaryIs><LinearRing><coordinates>{_coords(geom.exterior)}</coordinates>" \
                "</LinearRing></outerBoundaryIs>"
        rings += "".join(f"<innerBoundaryIs><LinearRing><coordinates>{_coords(r)}</coordinates>"
                         "</LinearRing></innerBoundaryIs>" for r in geom.interiors)
        return f"<Polygon>{rings}</Polygon>"
    parts = "".join(geometry_kml(g) for g in geom.geoms)
    return f"<MultiGeometry>{parts}</MultiGeometry>"


def _description(record: dict, kinds: dict[str, str]) -> str:
    """Attribute lines as text: HTML-escaped (shown literally), then XML-escaped."""
    lines = [f"{_text(k, 'string')}: {_text(v, kinds[k])}" for k, v in record.items() if not _is_null(v)]
    return escape(html.escape("\n".join(lines)).replace("\n", "<br>"))


def write_kml(gdf: gpd.GeoDataFrame, path: Path, layer_name: str, note: str = "") -> None:
    """Write ``gdf`` (lon/lat degrees) as one KML Document with a Schema and Placemarks."""
    attrs = [c for c in gdf.columns if c != gdf.geometry.name]
    kinds = {c: _kml_type(gdf[c]) for c in attrs}
    name_field = next((f for f in NAME_FIELDS if f in attrs), None)
    schema_id = f"{layer_name}_schema"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>',
           f"<name>{escape(layer_name)}</name>"]
    if note:
        out.append(f"<description>{escape(html.escape(note))}</description>")
    out.append(f"<Schema name={quoteattr(layer_name)} id={quoteattr(schema_id)}>")
    out += [f"<SimpleField name={quoteattr(_text(c, 'string'))} type=\"{kinds[c]}\"></SimpleField>"
            for c in attrs]
    out.append(f"</Schema><Folder><name>{escape(layer_name)}</name>")
    records = pd.DataFrame(gdf[attrs]).astype(object).to_dict("records")
    for rec, geom in zip(records, gdf.geometry.to_numpy(), strict=True):
        name = rec.get(name_field) if name_field else None
        out.append("<Placemark>")
        if not _is_null(name):
            out.append(f"<name>{escape(_text(name, 'string'))}</name>")
        out.append(f"<description>{_description(rec, kinds)}</description>")
        out.append(f"<ExtendedData><SchemaData schemaUrl=\"#{escape(schema_id)}\">")
        out += [f"<SimpleData name={quoteattr(_text(k, 'string'))}>{escape(_text(v, kinds[k]))}</SimpleData>"
                for k, v in rec.items() if not _is_null(v)]
        out.append(f"</SchemaData></ExtendedData>{geometry_kml(geom)}</Placemark>")
    out.append("</Folder></Document></kml>\n")
    Path(path).write_text("\n".join(out), encoding="utf-8")
