"""Geometry integrity: drop what cannot be drawn, repair what is invalid, and say so.

One ``POINT (NaN 39.9)`` blanks a whole Leaflet layer; a truncated shapefile yields null
geometries; ``buffer(0)`` silently drops half a bow-tie. Here: null, empty and non-finite
geometries are dropped and listed by row label; invalid ones are repaired with
``shapely.make_valid`` (never ``buffer(0)``) with their area before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely

from geo.errors import pick

_MAX_LISTED = 10


@dataclass
class IntegrityReport:
    """What ``check_geometries`` dropped and repaired (row labels of the input frame).

    ``repaired`` holds ``(label, area_before, area_after)`` in CRS units (shapely's area of
    the invalid geometry, then of the repaired one).
    """

    dropped_null: list = field(default_factory=list)
    dropped_empty: list = field(default_factory=list)
    dropped_nonfinite: list = field(default_factory=list)
    repaired: list[tuple[object, float, float]] = field(default_factory=list)
    n_in: int = 0
    n_out: int = 0

    @property
    def clean(self) -> bool:
        """True when nothing was dropped or repaired."""
        return self.n_in == self.n_out and not self.repaired

    def messages(self, lang: str) -> list[str]:
        """Full sentences in ``lang`` ("zh" or "en"); only the summary when all is clean."""
        out = [pick(lang, f"共 {self.n_in} 个要素，保留 {self.n_out} 个。",
                    f"{self.n_in} features in, {self.n_out} kept.")]
        drops = (
            (self.dropped_null, "无几何", "no geometry"),
            (self.dropped_empty, "空几何", "an empty geometry"),
            (self.dropped_nonfinite, "含 NaN 或无穷大坐标", "NaN or infinite coordinates"),
        )
        for labels, zh, en in drops:
            if labels:
                rows = _rows(labels)
                out.append(pick(lang, f"已删除 {len(labels)} 个{zh}的要素（行：{rows}）。",
                                f"Dropped {len(labels)} feature(s) with {en} (rows: {rows})."))
        if self.repaired:
            n = len(self.repaired)
            changes = "; ".join(f"{lab}: {a:.6g} → {b:.6g}" for lab, a, b in self.repaired[:_MAX_LISTED])
            more = " …" if n > _MAX_LISTED else ""
            out.append(pick(
                lang,
                f"已用 make_valid 修复 {n} 个无效几何（行：面积前 → 后，坐标单位）：{changes}{more}。",
                f"Repaired {n} invalid geometr{'y' if n == 1 else 'ies'} with make_valid "
                f"(row: area before → after, CRS units): {changes}{more}.",
            ))
        return out


def _rows(labels: list) -> str:
    shown = ", ".join(str(lab) for lab in labels[:_MAX_LISTED])
    return shown + (" …" if len(labels) > _MAX_LISTED else "")


def _nonfinite(geoms: np.ndarray) -> np.ndarray:
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    bad = np.zeros(len(geoms), dtype=bool)
    bad[np.unique(index[~np.isfinite(coords).all(axis=1)])] = True
    return bad


def check_geometries(gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, IntegrityReport]:
    """Return (clean copy, report): null/empty/non-finite rows dropped, invalid ones repaired.

    Preconditions: ``gdf`` has an active geometry column; any CRS or none (areas in the
    report are in CRS units). Order of checks: null, then empty, then non-finite, then
    validity; a geometry that ``make_valid`` turns empty is dropped as empty. The input is
    never modified; row labels are kept.
    """
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    labels = list(gdf.index)
    null = shapely.is_missing(geoms)
    empty = ~null & shapely.is_empty(geoms)
    nonfinite = ~null & ~empty & _nonfinite(geoms)
    keep = ~(null | empty | nonfinite)
    invalid = keep & ~shapely.is_valid(geoms)
    fixed = geoms.copy()
    fixed[invalid] = shapely.make_valid(geoms[invalid])
    report = IntegrityReport(
        dropped_null=[labels[i] for i in np.flatnonzero(null)],
        dropped_nonfinite=[labels[i] for i in np.flatnonzero(nonfinite)],
        repaired=[(labels[i], float(shapely.area(geoms[i])), float(shapely.area(fixed[i])))
                  for i in np.flatnonzero(invalid)],
    )
    emptied = invalid & shapely.is_empty(fixed)
    report.dropped_empty = [labels[i] for i in np.flatnonzero(empty | emptied)]
    keep &= ~emptied
    out = gdf.iloc[np.flatnonzero(keep)].copy()
    out[gdf.geometry.name] = gpd.GeoSeries(fixed[keep], index=out.index, crs=gdf.crs)
    report.n_in, report.n_out = len(gdf), len(out)
    return out, report
