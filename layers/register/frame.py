"""The register as a map layer: the declaration of the "projects" layer widened to what the
register holds (points, lines, polygons; annual investment, town, override reason), and its
located projects as a frame (EPSG:4326) in the order of their fids.

The bundled declaration (``layers/registry.py``, role "register") describes the seed file; the
page's catalog carries :func:`register_spec` of it instead (:func:`with_register`).
"""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import pandas as pd

from layers.register.fields import LAYER
from layers.register.validate import GEOMETRY_TYPES
from layers.spec import Catalog, Field, LayerSpec
from layers.store.base import FeatureRow

ROLE = "register"
#: the register's columns the bundled declaration does not have
EXTRA_FIELDS = (
    Field("annual_investment_yi", "年度计划投资", "Annual investment", "number", filter=True,
          unit_zh="亿元", unit_en="100 M CNY"),
    Field("town", "所在街道/镇", "Subdistrict / town", "category", filter=True),
    Field("override_reason", "区外位置的理由", "Reason for a position outside the district", "text"),
)
#: columns of the frame besides the declared fields: which register row a map feature is
ROW_COLUMNS = ("fid", "version", "updated_by")


def register_spec(base: LayerSpec) -> LayerSpec:
    """``base`` (the bundled projects declaration) widened to the register's geometries and
    columns."""
    known = {f.name for f in base.fields}
    extra = tuple(f for f in EXTRA_FIELDS if f.name not in known)
    return replace(base, geometry_types=GEOMETRY_TYPES, fields=base.fields + extra)


def with_register(cat: Catalog) -> Catalog:
    """``cat`` with the register's layer declaration widened (:func:`register_spec`)."""
    return Catalog(themes=cat.themes,
                   layers=tuple(register_spec(s) if s.has(ROLE) else s for s in cat.layers))


def signature(rows: list[FeatureRow]) -> tuple:
    """What identifies a state of the register: (fid, version) of every row."""
    return tuple(sorted((r.fid, r.version) for r in rows))


def frame(spec: LayerSpec, rows: list[FeatureRow]) -> gpd.GeoDataFrame:
    """The located projects of ``rows`` as the layer ``spec`` declares it (EPSG:4326, every
    declared field present, numbers numeric), ordered by fid, with ``fid``/``version``."""
    located = sorted((r for r in rows if r.geom is not None), key=lambda r: r.fid)
    records = [{**r.props, "fid": r.fid, "version": r.version, "updated_by": r.updated_by}
               for r in located]
    names = [f.name for f in spec.fields] + list(ROW_COLUMNS)
    df = pd.DataFrame(records, columns=list(dict.fromkeys(names + [k for rec in records for k in rec])))
    for f in spec.fields:
        if f.kind in ("number", "year"):
            df[f.name] = pd.to_numeric(df[f.name], errors="coerce")
        else:
            df[f.name] = df[f.name].astype(object)
    df["fid"] = df["fid"].astype("int64")
    df["version"] = df["version"].astype("int64")
    return gpd.GeoDataFrame(df, geometry=[r.geom for r in located], crs="EPSG:4326").reset_index(drop=True)


def register_layer_id(cat: Catalog) -> str:
    """The id of the catalog's register layer (the store's layer name, "projects")."""
    ids = cat.ids_with(ROLE)
    return ids[0] if ids else LAYER
