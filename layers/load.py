"""Load bundled layers and tables by their declarations (no Streamlit; the app caches these)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.io import read_vector, to_wgs84
from layers.spec import DATA_DIR, LayerSpec
from layers.store import is_stored, store_of
from layers.text import pick


class LayerDataError(ValueError):
    """A bundled file does not match its declaration (a bug in data/ or layers/registry.py)."""


def load_layer(spec: LayerSpec) -> gpd.GeoDataFrame:
    """Read one declared layer (bundled, or from the workspace store), in EPSG:4326, with every
    declared field present.

    Raises LayerDataError when the file lacks a declared field or holds a geometry type the
    declaration does not allow.
    """
    if is_stored(spec):  # a workspace layer: its rows are in the store
        gdf = to_wgs84(store_of(spec).read_layer(spec.id))
    else:
        gdf = to_wgs84(read_vector(spec.path))
    missing = [f.name for f in spec.fields if f.name not in gdf.columns]
    if missing:
        raise LayerDataError(f"{spec.id}: declared fields missing from {spec.file}: {missing}")
    bad = sorted(set(gdf.geom_type.dropna()) - set(spec.geometry_types))
    if bad:
        raise LayerDataError(f"{spec.id}: geometry types {bad} not in {spec.geometry_types}")
    return gdf.reset_index(drop=True)


def load_unlocated() -> pd.DataFrame:
    """The plan's entities with no known location (name, kind, action, why), never dropped."""
    return pd.read_csv(DATA_DIR / "unlocated.csv", encoding="utf-8", dtype=str).fillna("")


def totals_columns(totals: pd.DataFrame, lang: str) -> tuple[pd.Series, pd.Series]:
    """(labels, units) of the plan totals in ``lang`` (the data's ``label_zh``/``label_en``,
    ``unit_zh``/``unit_en`` columns)."""
    return totals[pick("label_zh", "label_en", lang)], totals[pick("unit_zh", "unit_en", lang)]


def load_plan_totals() -> pd.DataFrame:
    """The plan's published totals (78 projects, 548.5亿元, ...), with their source."""
    return pd.read_csv(DATA_DIR / "plan_totals.csv", encoding="utf-8").fillna("")


def published_total(totals: pd.DataFrame, key: str) -> float:
    """The plan's published figure ``key`` (e.g. ``projects_count``: 78) from ``plan_totals.csv``;
    a KeyError when the table does not hold it (never a number made up in code)."""
    row = totals[totals["key"] == key]
    if row.empty:
        raise KeyError(f"plan_totals.csv has no {key!r}")
    return float(row["value"].iloc[0])
