"""Proximity of the plan's sites to the transport and institutional references (no Streamlit;
the spatial filters are part of the filter model, :mod:`geo.filters_spatial`).

References (straight-line, CGCS2000 GK CM 117°E via ``geo.proximity``): the nearest Line 8
station (named), G309, the Shandong University Longshan campus (its approximate outline), the
nearest high-speed-rail station (named) and the district government.  Each frame is projected
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

PROXIMITY_LAYERS = ("parks", "firms", "projects", "rural")
REF_KEYS = ("metro", "g309", "sdu", "hsr", "gov")
REF_LABELS = {
    "metro": ("8号线站点", "Line 8 station"),
    "g309": ("国道309", "G309 highway"),
    "sdu": ("山东大学龙山校区", "SDU Longshan campus"),
    "hsr": ("高铁站", "High-speed-rail station"),
    "gov": ("区政府", "District government"),
}

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


def _ref(key: str, gdf: gpd.GeoDataFrame, keep: np.ndarray) -> px.Reference:
    sub = gdf[keep]
    zh, en = REF_LABELS[key]
    return px.Reference(key, zh, en, gk(gdf)[np.asarray(keep)], tuple(sub["name_zh"].astype(str)),
                        tuple(sub["accuracy"].astype(str)),
                        tuple(pd.to_numeric(sub["accuracy_m"], errors="coerce").astype(float)))


def references(data: dict) -> dict[str, px.Reference]:
    """The five references from the bundled frames (a reference whose layer is missing is left
    out)."""
    out = {}
    if "metro8_stations" in data:
        st = data["metro8_stations"]
        out["metro"] = _ref("metro", st, np.ones(len(st), dtype=bool))
    if "g309" in data:
        out["g309"] = _ref("g309", data["g309"], np.ones(len(data["g309"]), dtype=bool))
    if "parks" in data:
        out["sdu"] = _ref("sdu", data["parks"], (data["parks"]["id"] == "sdu-longshan").to_numpy())
    if "hubs" in data:
        kind = data["hubs"]["kind"]
        out["hsr"] = _ref("hsr", data["hubs"], (kind == "高铁站").to_numpy())
        out["gov"] = _ref("gov", data["hubs"], (kind == "区政府").to_numpy())
    return {k: v for k, v in out.items() if len(v.geoms)}


def _ref_frames(data: dict) -> tuple:
    return tuple(data[i] for i in ("metro8_stations", "g309", "parks", "hubs") if i in data)


def _table(gdf: gpd.GeoDataFrame, refs: dict[str, px.Reference]) -> pd.DataFrame:
    targets = gk(gdf)
    acc = gdf["accuracy"].astype(str).to_numpy()
    acc_m = pd.to_numeric(gdf["accuracy_m"], errors="coerce").to_numpy(dtype=float)
    out = pd.DataFrame(index=gdf.index)
    for key, ref in refs.items():
        dist, idx = px.nearest(targets, ref)
        out[f"{key}_m"] = dist
        out[f"{key}_name"] = [ref.names[i] if i >= 0 else "" for i in idx]
        out[f"{key}_err"] = [np.nan if i < 0 else px.error_radius(a, m, ref.accuracy[i], ref.accuracy_m[i])
                             for a, m, i in zip(acc, acc_m, idx, strict=True)]
        out[f"{key}_schematic"] = [a == "schematic" or (i >= 0 and ref.accuracy[i] == "schematic")
                                   for a, i in zip(acc, idx, strict=True)]
    return out


def proximity(data: dict, layer_id: str) -> pd.DataFrame:
    """Per feature of ``layer_id``: for each reference key, ``<key>_m`` (straight-line metres),
    ``<key>_name`` (the nearest reference feature), ``<key>_err`` (combined error radius, NaN
    for a schematic position) and ``<key>_schematic``.  Cached per frame objects."""
    gdf = data[layer_id]
    frames = (gdf, *_ref_frames(data))
    return memo(("prox", layer_id, *map(id, frames)), frames,
                lambda: _table(gdf, references(data)))


def phrase(row: pd.Series, key: str, lang: str, named: bool = True) -> str:
    """One distance of a :func:`proximity` row as shown: "山东大学站 ≈ 1.2 km（直线，…）"."""
    d = row.get(f"{key}_m", math.nan)
    if d is None or (isinstance(d, float) and math.isnan(d)):
        return ""
    err = row.get(f"{key}_err", math.nan)
    schematic = bool(row.get(f"{key}_schematic"))
    text = px.distance_phrase(float(d), None if schematic else float(err) if not pd.isna(err) else math.nan,
                              lang, schematic=schematic)
    name = row.get(f"{key}_name", "")
    return f"{name} {text}" if named and key in ("metro", "hsr") and name else text


def proximity_display(data: dict, layer_id: str, lang: str) -> pd.DataFrame:
    """The table as shown: name, then one text column per reference (labelled straight-line)."""
    table = proximity(data, layer_id)
    gdf = data[layer_id]
    name_col = "name_zh" if lang == "zh" else "name_en"
    out = pd.DataFrame({("名称" if lang == "zh" else "Name"): gdf[name_col].astype(str)})
    for key in REF_KEYS:
        if f"{key}_m" in table:
            zh, en = REF_LABELS[key]
            label = f"距{zh}（直线）" if lang == "zh" else f"To {en} (straight line)"
            out[label] = [phrase(r, key, lang) for _, r in table.iterrows()]
    return out.reset_index(drop=True)
