"""Proximity of the plan's sites to the transport and institutional references (no Streamlit;
the spatial filters are part of the filter model, :mod:`geo.filters_spatial`).

References (straight-line, CGCS2000 GK CM 117°E via ``geo.proximity``) are declared on the
layers they come from (``LayerSpec.proximity``, see ``layers/registry.py``): the nearest Line 8
station (named), G309, the Shandong University Longshan campus (its approximate outline), the
nearest high-speed-rail station (named) and the district government.  The plan items (role
``plan_item``) get the distances.  Each frame is projected
and each table computed once per frame object (frames are read-only and cached by app.py).
"""

from __future__ import annotations

import math
import threading
import weakref

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import proximity as px
from layers.registry import CATALOG
from layers.spec import Catalog, LayerSpec, ProximityRef
from layers.text import localized, pick, t

Decls = tuple[tuple[LayerSpec, ProximityRef], ...]


def decls(cat: Catalog | None = None) -> Decls:
    """The declared distance references (layer, ProximityRef) of ``cat`` (default: the
    bundled registry), in table order."""
    return (cat or CATALOG).references()


def ref_keys(cat: Catalog | None = None) -> tuple[str, ...]:
    """The reference keys in table order (``metro``, ``g309`` …, from the declarations)."""
    return tuple(r.key for _, r in decls(cat))


def ref_labels(cat: Catalog | None = None) -> dict[str, tuple[str, str]]:
    """Reference key -> (zh, en) name, from the declarations."""
    return {r.key: (r.zh, r.en) for _, r in decls(cat)}


def item_layers(cat: Catalog | None = None) -> tuple[str, ...]:
    """The plan-item layers (role ``plan_item``): they get distances and statistics."""
    return (cat or CATALOG).ids_with("plan_item")


_CACHE: dict = {}
_LOCK = threading.Lock()


def memo(key: tuple, frames: tuple, compute):
    """``compute()`` once per ``key`` while every frame in ``frames`` is alive and the same
    object (held by weak reference, as layers/render.py does for its payloads)."""
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None and all(r() is f for r, f in zip(hit[0], frames, strict=True)):
            return hit[1]
    value = compute()
    with _LOCK:
        _CACHE[key] = (tuple(weakref.ref(f) for f in frames), value)
        if len(_CACHE) > 256:
            _CACHE.pop(next(iter(_CACHE)))
    return value


def gk(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """The frame's geometries in EPSG:4548 (cached per frame object)."""
    return memo(("gk", id(gdf)), (gdf,), lambda: px.to_analysis(gdf))


def _ref(ref: ProximityRef, gdf: gpd.GeoDataFrame, keep: np.ndarray) -> px.Reference:
    sub = gdf[keep]
    names = sub["name_zh"].astype(str) if ref.named else pd.Series("", index=sub.index)
    names_en = (sub["name_en"].fillna("").astype(str) if ref.named and "name_en" in sub
                else pd.Series("", index=sub.index))
    return px.Reference(ref.key, ref.zh, ref.en, gk(gdf)[np.asarray(keep)], tuple(names),
                        tuple(sub["accuracy"].astype(str)),
                        tuple(pd.to_numeric(sub["accuracy_m"], errors="coerce").astype(float)),
                        tuple(names_en))


def references(data: dict, cat: Catalog | None = None) -> dict[str, px.Reference]:
    """The declared references built from the frames (one whose layer is missing, or whose
    selection is empty, is left out)."""
    out = {}
    for spec, ref in decls(cat):
        gdf = data.get(spec.id)
        if gdf is None:
            continue
        keep = (np.ones(len(gdf), dtype=bool) if ref.where is None
                else (gdf[ref.where[0]].astype(str) == ref.where[1]).to_numpy())
        out[ref.key] = _ref(ref, gdf, keep)
    return {k: v for k, v in out.items() if len(v.geoms)}


def _ref_frames(data: dict, cat: Catalog | None) -> tuple:
    ids = dict.fromkeys(spec.id for spec, _ in decls(cat))
    return tuple(data[i] for i in ids if i in data)


def _table(gdf: gpd.GeoDataFrame, refs: dict[str, px.Reference]) -> pd.DataFrame:
    targets = gk(gdf)
    acc = gdf["accuracy"].astype(str).to_numpy()
    acc_m = pd.to_numeric(gdf["accuracy_m"], errors="coerce").to_numpy(dtype=float)
    out = pd.DataFrame(index=gdf.index)
    for key, ref in refs.items():
        dist, idx = px.nearest(targets, ref)
        out[f"{key}_m"] = dist
        out[f"{key}_name"] = [ref.name(i, "zh") for i in idx]
        out[f"{key}_name_en"] = [ref.name(i, "en") for i in idx]
        out[f"{key}_err"] = [np.nan if i < 0 else px.error_radius(a, m, ref.accuracy[i], ref.accuracy_m[i])
                             for a, m, i in zip(acc, acc_m, idx, strict=True)]
        out[f"{key}_schematic"] = [a == "schematic" or (i >= 0 and ref.accuracy[i] == "schematic")
                                   for a, i in zip(acc, idx, strict=True)]
    return out


def proximity(data: dict, layer_id: str, cat: Catalog | None = None) -> pd.DataFrame:
    """Per feature of ``layer_id``: for each declared reference key, ``<key>_m`` (straight-line
    metres), ``<key>_name`` (the nearest reference feature, for a reference declared
    ``named``), ``<key>_err`` (combined error radius, NaN for a schematic position) and
    ``<key>_schematic``.  Cached per frame objects."""
    gdf = data[layer_id]
    frames = (gdf, *_ref_frames(data, cat))
    keys = tuple((spec.id, r) for spec, r in decls(cat))
    return memo(("prox", layer_id, keys, *map(id, frames)), frames,
                lambda: _table(gdf, references(data, cat)))


def phrase(row: pd.Series, key: str, lang: str, named: bool = True) -> str:
    """One distance of a :func:`proximity` row as shown: "山东大学站 ≈ 1.2 km（直线，…）"."""
    d = row.get(f"{key}_m", math.nan)
    if d is None or (isinstance(d, float) and math.isnan(d)):
        return ""
    err = row.get(f"{key}_err", math.nan)
    schematic = bool(row.get(f"{key}_schematic"))
    text = px.distance_phrase(float(d), None if schematic else float(err) if not pd.isna(err) else math.nan,
                              lang, schematic=schematic)
    name = row.get(f"{key}_name_en" if lang == "en" else f"{key}_name", "") or row.get(f"{key}_name", "")
    return f"{name} {text}" if named and name else text


def proximity_display(data: dict, layer_id: str, lang: str, cat: Catalog | None = None) -> pd.DataFrame:
    """The table as shown: name, then one text column per reference (labelled straight-line)."""
    table = proximity(data, layer_id, cat)
    gdf = data[layer_id]
    out = pd.DataFrame({t("an.col_name", lang): [localized(r, "name", lang) for _, r in gdf.iterrows()]})
    for key, pair in ref_labels(cat).items():
        if f"{key}_m" in table:
            out[t("an.col_to_ref", lang, ref=pick(*pair, lang))] = [phrase(r, key, lang) for _, r in table.iterrows()]
    return out.reset_index(drop=True)


def proximity_export(data: dict, layer_id: str, lang: str, cat: Catalog | None = None) -> pd.DataFrame:
    """The table as exported (CSV): name, then per reference its straight-line distance as a
    number of whole metres (the figure :func:`geo.proximity.metres` writes), the nearest
    feature's name (named references) and the combined error radius in metres (empty when
    unknown or schematic)."""
    table = proximity(data, layer_id, cat)
    gdf = data[layer_id]
    out = pd.DataFrame({t("an.col_name", lang): [localized(r, "name", lang) for _, r in gdf.iterrows()]})
    named = {r.key for _, r in decls(cat) if r.named}
    for key, pair in ref_labels(cat).items():
        if f"{key}_m" not in table:
            continue
        ref = pick(*pair, lang)
        out[t("an.col_to_ref_m", lang, ref=ref)] = table[f"{key}_m"].round().astype("Int64").to_numpy()
        if key in named:
            out[t("an.col_nearest", lang, ref=ref)] = table[f"{key}_name_en" if lang == "en" else f"{key}_name"].to_numpy()
        err = pd.to_numeric(table[f"{key}_err"], errors="coerce")
        out[t("an.col_to_ref_err", lang, ref=ref)] = err.round().astype("Int64").to_numpy()
    return out.reset_index(drop=True)
