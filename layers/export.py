"""Downloads of exactly what is shown: CSV (WKT, labelled headers) and GeoJSON in WGS84 for the
table tab, and any ``geo.export`` format × CRS as bytes for the export panel."""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.export import (  # noqa: F401  (FORMULA_START, neutralise re-exported)
    EXTENSIONS,
    FORMULA_START,
    crs_tag,
    neutralise,
    safe_layer_name,
    write_vector,
)
from layers.display import display_value
from layers.spec import LayerSpec


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


def vector_bytes(gdf: gpd.GeoDataFrame, fmt: str, to_crs: str = "EPSG:4326", *,
                 csv_geometry: str = "wkt", layer_name: str = "layer") -> bytes:
    """The file ``geo.export.write_vector`` writes, as bytes (written in a private temp dir).

    Preconditions: ``gdf`` is EPSG:4326. Refusals raise as in ``write_vector``; call
    ``geo.export.export_warnings`` first to show its warnings next to the download.
    """
    with tempfile.TemporaryDirectory(prefix="zq-export-") as tmp:
        path = Path(tmp) / f"out{EXTENSIONS[fmt]}"
        write_vector(gdf, path, fmt, to_crs, csv_geometry=csv_geometry, layer_name=layer_name)
        return path.read_bytes()


def download_name(layer_id: str, fmt: str, to_crs: str, csv_geometry: str = "wkt") -> str:
    """``zhangqiu_<layer>_<CRS tag>[_shp|_lonlat].<ext>``: CSV has no CRS, so the name says it."""
    kind = "_shp" if fmt == "shp" else "_lonlat" if fmt == "csv" and csv_geometry == "lonlat" else ""
    return f"zhangqiu_{safe_layer_name(layer_id)}_{crs_tag(to_crs)}{kind}{EXTENSIONS[fmt]}"
