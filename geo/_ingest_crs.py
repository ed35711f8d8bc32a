"""CRS choices for user files: parse what the user typed, label CRSs, list candidates.

A choice is an EPSG code (``EPSG:4527``, ``4527``, aliases ``wgs84``/``cgcs2000``) or one of the
Chinese obfuscated systems ``gcj02`` (AMap/Gaode, Tencent) and ``bd09`` (Baidu), which have no
EPSG code. Nothing else is accepted (no PROJ strings, URLs or file names: user text never
reaches PROJ or GDAL as a path). Candidates come from coordinate magnitudes
(``geo.gk.detect_gk_candidates``): degrees -> WGS84, CGCS2000, GCJ-02, BD-09; 8-digit
eastings -> the zone-prefixed GK EPSG; 6-digit -> CM-only GK EPSGs nearest 117°E.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from geo import chinacrs
from geo.errors import IngestError
from geo.gk import GKCandidate, detect_gk_candidates

Pair = tuple[str, str]
SPECIAL = ("gcj02", "bd09")
_ALIASES = {"wgs84": 4326, "wgs 84": 4326, "crs84": 4326, "cgcs2000": 4490}
_EPSG = re.compile(r"^(?:epsg\s*:\s*)?(\d{4,6})$", re.IGNORECASE)
_MAX_CANDIDATES = 6
_LABELS = {
    "EPSG:4326": ("WGS84 经纬度（EPSG:4326）", "WGS84 longitude/latitude (EPSG:4326)"),
    "EPSG:4490": ("CGCS2000 经纬度（EPSG:4490）", "CGCS2000 longitude/latitude (EPSG:4490)"),
    "gcj02": ("GCJ-02 火星坐标（高德、腾讯）", "GCJ-02 (AMap/Gaode, Tencent)"),
    "bd09": ("BD-09（百度）", "BD-09 (Baidu)"),
}
_DEGREE_REASONS = {
    "EPSG:4326": ("GPS 与国际数据常用", "usual for GPS and international data"),
    "EPSG:4490": ("国内测绘成果常用，与 WGS84 相差不到 1 米", "usual for Chinese survey data; within 1 m of WGS84"),
    "gcj02": ("从高德地图/高德工具复制或导出的数据；若当作 WGS84，在章丘会偏约 540 米",
              "data copied or exported from AMap/Gaode; ~540 m off near Zhangqiu if taken as WGS84"),
    "bd09": ("从百度地图复制的数据", "data copied from Baidu Maps"),
}


@dataclass(frozen=True)
class Choice:
    """A resolved CRS: ``key`` as reported ("EPSG:4527", "gcj02"), ``crs`` None for gcj02/bd09."""

    key: str
    crs: CRS | None


def _bad_crs(text: str) -> IngestError:
    return IngestError.with_kind(
        "crs_invalid",
        f"无法识别坐标系“{text[:40]}”：请填写 EPSG 代码（如 EPSG:4527 或 4527）、gcj02 或 bd09",
        f"Unknown CRS {text[:40]!r}: give an EPSG code (e.g. EPSG:4527 or 4527), gcj02 or bd09",
    )


def from_epsg(code: int) -> Choice:
    """Choice for an EPSG code; IngestError if pyproj does not know it as a 2D CRS."""
    try:
        crs = CRS.from_epsg(code)
    except CRSError as exc:
        raise _bad_crs(str(code)) from exc
    if not (crs.is_geographic or crs.is_projected):
        raise _bad_crs(str(code))
    return Choice(f"EPSG:{code}", crs)


def parse_user_crs(text: str) -> Choice:
    """Parse the user's CRS: EPSG code (with or without ``EPSG:``), alias, gcj02 or bd09."""
    key = text.strip().lower().replace("-", "")
    if key in SPECIAL:
        return Choice(key, None)
    if key in _ALIASES:
        return from_epsg(_ALIASES[key])
    m = _EPSG.match(text.strip())
    if not m:
        raise _bad_crs(text)
    return from_epsg(int(m.group(1)))


def choice_of(crs: CRS) -> Choice:
    """Choice for a CRS object (a file's declaration): its EPSG code when pyproj finds one."""
    code = crs.to_epsg(min_confidence=70)
    return Choice(f"EPSG:{code}", CRS.from_epsg(code)) if code else Choice(crs.name, crs)


def label(choice: Choice) -> Pair:
    """A human label (zh, en) for a choice."""
    if choice.key in _LABELS:
        return _LABELS[choice.key]
    name = choice.crs.name if choice.crs is not None else choice.key
    zh = name.replace("3-degree Gauss-Kruger", "3度带高斯-克吕格").replace("/ Gauss-Kruger", "/ 6度带高斯-克吕格")
    zh = re.sub(r"CM (\d+)E", r"中央经线 \1°E", re.sub(r"zone (\d+)", r"第 \1 带", zh))
    return f"{zh}（{choice.key}）", f"{name} ({choice.key})"


def _corners(xy: np.ndarray, swap: bool) -> tuple[np.ndarray, np.ndarray]:
    pts = xy[:, ::-1] if swap else xy
    (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
    return np.array([x0, x1, x0, x1]), np.array([y0, y0, y1, y1])


def bounds_under(choice: Choice, xy: np.ndarray, swap: bool = False) -> list[float] | None:
    """WGS84 [minx, miny, maxx, maxy] of the bbox corners of ``xy`` read in ``choice``."""
    if not len(xy):
        return None
    x, y = _corners(xy, swap)
    if choice.crs is None:
        x, y = (chinacrs.gcj02_to_wgs84 if choice.key == "gcj02" else chinacrs.bd09_to_wgs84)(x, y)
    else:
        x, y = Transformer.from_crs(choice.crs, 4326, always_xy=True).transform(x, y)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        return None
    return [round(float(v), 6) for v in (x.min(), y.min(), x.max(), y.max())]


def _candidate(choice: Choice, reason: Pair, xy: np.ndarray, swap: bool) -> dict:
    (lab_zh, lab_en), (why_zh, why_en) = label(choice), reason
    if swap:
        lab_zh, lab_en = lab_zh + "，x/y 对调", lab_en + ", x/y swapped"
    return {"crs": choice.key, "label_zh": lab_zh, "label_en": lab_en, "reason_zh": why_zh,
            "reason_en": why_en, "swap_xy": swap, "bounds_wgs84": bounds_under(choice, xy, swap)}


def _degree_candidates(xy: np.ndarray, gk: GKCandidate) -> list[dict]:
    pts = xy[:, ::-1] if gk.axes_swapped else xy
    keys = ["EPSG:4326", "EPSG:4490"]
    if chinacrs.in_china(pts[:, 0], pts[:, 1]).any():
        keys += ["gcj02", "bd09"]
    out = []
    for key in keys:
        choice = Choice(key, None) if key in SPECIAL else from_epsg(int(key.split(":")[1]))
        zh, en = _DEGREE_REASONS[key]
        if gk.axes_swapped:
            zh, en = f"{gk.reason_zh}；{zh}", f"{gk.reason_en} {en}"
        out.append(_candidate(choice, (zh, en), xy, gk.axes_swapped))
    return out


def candidates(xy: np.ndarray) -> list[dict]:
    """CRS candidates for finite coordinates ``xy`` (N x 2), best first; [] if none fits."""
    found = detect_gk_candidates(xy[:, 0], xy[:, 1]) if len(xy) else []
    if found and found[0].width == 0:
        return _degree_candidates(xy, found[0])
    return [_candidate(from_epsg(c.epsg), (c.reason_zh, c.reason_en), xy, c.axes_swapped)
            for c in found[:_MAX_CANDIDATES]]


def kind_of(xy: np.ndarray) -> tuple[str, GKCandidate | None]:
    """What the coordinates look like: "degrees", "degrees_swapped", "prefixed", "plain", "none"."""
    found = detect_gk_candidates(xy[:, 0], xy[:, 1]) if len(xy) else []
    if not found:
        return "none", None
    first = found[0]
    if first.width == 0:
        return ("degrees_swapped" if first.axes_swapped else "degrees"), first
    return ("prefixed" if first.prefixed else "plain"), first
