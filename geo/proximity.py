"""Straight-line proximity in CGCS2000 / Gauss-Krüger CM 117°E (EPSG:4548), with honest wording.

Every function takes geometries already projected to EPSG:4548 (metres; see
:func:`to_analysis`), so distances are planar GK distances: near Zhangqiu their scale error is
< 3e-5, far below the positional error of the data.  No network (road/rail) distance is ever
claimed: the wording always says "直线 / straight-line".

A distance between two features is only as good as their positions: :func:`error_radius` adds
the two error radii (``accuracy_m``), and :func:`distance_phrase` says so ("≈ 2,300 m（直线，
位置近似±2,500 m）"), or that a schematic feature is measured from its representative point.
Distances are written in whole metres by one formatter, :func:`metres`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from geo.gk import ANALYSIS_CRS, to_crs_checked


def to_analysis(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> np.ndarray:
    """The geometries of ``gdf`` (any CRS, e.g. EPSG:4326) as a shapely array in EPSG:4548."""
    geoms = gdf.geometry if isinstance(gdf, gpd.GeoDataFrame) else gdf
    return np.asarray(to_crs_checked(geoms, ANALYSIS_CRS).values, dtype=object)


@dataclass(frozen=True)
class Reference:
    """A set of reference features (e.g. the Line 8 stations), projected to EPSG:4548.

    ``names`` name each feature (the nearest one is reported by name), ``names_en`` in
    English (empty: the same as ``names``); ``accuracy`` and ``accuracy_m`` are per feature,
    as in the data (``accuracy_m`` NaN when unknown).
    """

    key: str
    label_zh: str
    label_en: str
    geoms: np.ndarray
    names: tuple[str, ...]
    accuracy: tuple[str, ...]
    accuracy_m: tuple[float, ...]
    names_en: tuple[str, ...] = ()

    def name(self, i: int, lang: str) -> str:
        """Feature ``i``'s name in ``lang`` ("en": ``names_en`` where given, else ``names``)."""
        if i < 0:
            return ""
        if lang == "en" and self.names_en and self.names_en[i]:
            return self.names_en[i]
        return self.names[i]

    def label(self, lang: str) -> str:
        """The reference's name in ``lang`` ("zh" or "en")."""
        return self.label_zh if lang == "zh" else self.label_en


def nearest(targets: np.ndarray, ref: Reference) -> tuple[np.ndarray, np.ndarray]:
    """For each target geometry (EPSG:4548), the distance (m) to the nearest reference feature
    and that feature's position in ``ref``; (NaN, -1) for a missing/empty target or reference.

    Polygons count from their edge (0 inside); lines from their nearest point.
    """
    n = len(targets)
    dist = np.full(n, np.nan)
    idx = np.full(n, -1, dtype=np.int64)
    ok_ref = ~(shapely.is_missing(ref.geoms) | shapely.is_empty(ref.geoms))
    ok = ~(shapely.is_missing(targets) | shapely.is_empty(targets))
    if not ok_ref.any() or not ok.any():
        return dist, idx
    ref_pos = np.flatnonzero(ok_ref)
    tree = shapely.STRtree(ref.geoms[ref_pos])
    tgt_pos = np.flatnonzero(ok)
    pairs, d = tree.query_nearest(targets[tgt_pos], return_distance=True, all_matches=False)
    dist[tgt_pos[pairs[0]]] = d
    idx[tgt_pos[pairs[0]]] = ref_pos[pairs[1]]
    return dist, idx


def within(targets: np.ndarray, refs: np.ndarray, distance_m: float) -> np.ndarray:
    """Boolean mask: the targets (EPSG:4548) within ``distance_m`` metres of any of ``refs``."""
    ref = Reference("refs", "", "", np.asarray(refs, dtype=object), (), (), ())
    dist, _ = nearest(np.asarray(targets, dtype=object), ref)
    return np.nan_to_num(dist, nan=np.inf) <= float(distance_m)


def inside(targets: np.ndarray, area: shapely.Geometry) -> np.ndarray:
    """Boolean mask: the targets (EPSG:4548) that intersect the polygon ``area`` (EPSG:4548):
    points inside it, lines and polygons that reach into it."""
    if area is None or shapely.is_empty(area):
        return np.zeros(len(targets), dtype=bool)
    shapely.prepare(area)
    return np.asarray(shapely.intersects(area, targets), dtype=bool)


def error_radius(acc_a: str, m_a: float, acc_b: str, m_b: float) -> float | None:
    """The combined positional error (m) of a distance between features a and b: the sum of
    their error radii when either is approximate (an upper bound), 0 when both are exact,
    None when either is schematic (no error radius: a representative point), NaN when an
    approximate end has no stated radius (the error is unknown, not zero)."""
    if "schematic" in (acc_a, acc_b):
        return None
    total = 0.0
    for acc, m in ((acc_a, m_a), (acc_b, m_b)):
        if acc == "approximate":
            if m is None or math.isnan(float(m)):
                return math.nan
            total += float(m)
    return total


def metres(m: float, km: bool = False) -> str:
    """A distance in whole metres, the one way every distance is written: "6,290 m"; with
    ``km`` and from 1,000 m on, the kilometres alongside: "6,290 m (6.3 km)".  "" for NaN."""
    if m is None or math.isnan(m):
        return ""
    text = f"{round(m):,} m"
    return f"{text} ({m / 1000:.1f} km)" if km and round(m) >= 1000 else text


def _with_km(m: float) -> tuple[str, str]:
    """(metres, km text or "") for a distance phrase: ("6,290 m", "6.3 km")."""
    return metres(m), (f"{m / 1000:.1f} km" if round(m) >= 1000 else "")


def distance_phrase(distance_m: float, err_m: float | None, lang: str,
                    schematic: bool = False) -> str:
    """How a straight-line distance is shown: whole metres (:func:`metres`), the kilometres and
    the caveats in one bracket.

    ``err_m`` from :func:`error_radius` (None: schematic); ``schematic`` says the distance runs
    from a representative point; ``err_m`` NaN: the error is unknown.  zh "≈ 2,300 m（2.3 km，
    直线，位置近似±2,500 m）", "2,314 m（2.3 km，直线）", "≈ 3,100 m（3.1 km，直线，至示意代表点/
    范围）", "≈ 2,300 m（2.3 km，直线，位置误差未知）"; en "≈ 2,300 m (2.3 km, straight line,
    positions ±2,500 m)".  Every figure of the same pair is the same everywhere (cards,
    ranking, tables, tooltips, CSV in metres).
    """
    if distance_m is None or math.isnan(distance_m):
        return ""
    zh = lang == "zh"
    unknown = not schematic and err_m is not None and math.isnan(err_m)
    if distance_m < 0.5:
        where = "相交或位于其内" if zh else "touching or inside"
        if unknown:
            where += "，位置误差未知" if zh else ", position error unknown"
        elif schematic or err_m is None:
            where += "，示意范围/代表点" if zh else ", schematic outline/point"
        return f"0 m（直线，{where}）" if zh else f"0 m (straight line, {where})"
    m_text, km_text = _with_km(distance_m)
    if unknown:
        notes = ["直线", "位置误差未知"] if zh else ["straight line", "position error unknown"]
        approx = "≈ "
    elif schematic or err_m is None:
        notes = ["直线", "至示意代表点/范围"] if zh else ["straight line", "to a representative point/outline"]
        approx = "≈ "
    elif err_m <= 0:
        notes, approx = (["直线"] if zh else ["straight line"]), ""
    else:
        notes = ["直线", f"位置近似±{metres(err_m)}"] if zh else ["straight line", f"positions ±{metres(err_m)}"]
        approx = "≈ "
    parts = ([km_text] if km_text else []) + notes
    return (f"{approx}{m_text}（{'，'.join(parts)}）" if zh
            else f"{approx}{m_text} ({', '.join(parts)})")
