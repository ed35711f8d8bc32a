"""Downloads of exactly what is shown: CSV (WKT, labelled headers) and GeoJSON, in WGS84."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from layers.render import display_value
from layers.spec import LayerSpec

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table(spec: LayerSpec, gdf: gpd.GeoDataFrame, lang: str) -> pd.DataFrame:
    """The declared fields, labelled in ``lang``, values as the map shows them."""
    cols = {}
    for f in spec.fields:
        cols[f.label(lang)] = [display_value(spec, f.name, v, lang) for v in gdf[f.name]]
    return pd.DataFrame(cols, index=gdf.index)


def to_csv_bytes(spec: LayerSpec, gdf: gpd.GeoDataFrame, lang: str) -> bytes:
    """UTF-8 CSV with a BOM (Excel opens Chinese correctly), geometry as WKT, formulas defused."""
    df = table(spec, gdf, lang)
    df["WKT"] = gdf.geometry.to_wkt(rounding_precision=6)
    df = df.map(neutralise)
    df.columns = [neutralise(c) for c in df.columns]
    return df.to_csv(index=False).encode("utf-8-sig")


def to_geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """RFC 7946 GeoJSON (WGS84) with every attribute, as shown after filtering."""
    return gdf.to_crs(4326).to_json(ensure_ascii=False, drop_id=True).encode("utf-8")


def combined_geojson(frames: dict[str, gpd.GeoDataFrame]) -> bytes:
    """All shown layers in one GeoJSON, with a ``layer`` attribute."""
    parts = [gdf.assign(layer=layer_id) for layer_id, gdf in frames.items() if len(gdf)]
    if not parts:
        return b'{"type":"FeatureCollection","features":[]}'
    return to_geojson_bytes(gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=4326))
