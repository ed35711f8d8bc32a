"""Finish a raw frame: columns, geometry integrity, CRS, WGS84 - counting features at each step.

Nothing is lost silently: every dropped row is in ``dropped_rows`` and summed up in a warning,
every repair has its area before and after, every rename is listed.
"""

from __future__ import annotations

from collections import Counter

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod

from geo import _ingest_crs as crsmod
from geo._ingest_columns import arrow_safe, column_types, dedupe_columns, sample_rows
from geo._ingest_crsfit import area_note, ask_error, convert, problem_with
from geo._ingest_vector import Raw
from geo.chinacrs import in_china
from geo.errors import GeoError, IngestError
from geo.ingest_result import IngestResult
from geo.integrity import check_geometries

Pair = tuple[str, str]
_LISTED = 10
MAX_ROWS_LISTED = 1000  # dropped_rows entries kept (the count in ``dropped`` is always exact)
_NULL: Pair = ("无几何", "no geometry")
_EMPTY: Pair = ("几何为空", "an empty geometry")
_NONFINITE: Pair = ("坐标含 NaN 或无穷大", "NaN or infinite coordinates")


def _listed(items: list[dict], key: str) -> str:
    return ", ".join(str(i[key]) for i in items[:_LISTED]) + (" …" if len(items) > _LISTED else "")


def record_drops(res: IngestResult, bad: dict, lines: dict | None, step: str) -> None:
    """Add rows ``{row: (zh, en)}`` to ``dropped_rows`` (at most MAX_ROWS_LISTED) and warn.

    One warning per reason; when there are many different reasons (e.g. each names its bad
    cell), one warning for all with the first reason as an example.
    """
    items = [{"row": int(row), "reason_zh": zh, "reason_en": en, "step": step,
              **({"line": int(lines[row])} if lines else {})} for row, (zh, en) in bad.items()]
    room = max(MAX_ROWS_LISTED - len(res.dropped_rows), 0)
    res.dropped_rows.extend(items[:room])
    groups: dict[Pair, list] = {}
    for item in items:
        groups.setdefault((item["reason_zh"], item["reason_en"]), []).append(item)
    key = "line" if lines else "row"
    where_zh, where_en = ("行号（含表头）", "line") if lines else ("要素序号", "feature")
    if len(groups) > 3:
        zh, en = items[0]["reason_zh"], items[0]["reason_en"]
        groups = {(f"坐标无法读取（例如第一行：{zh}）", f"unreadable coordinates (first: {en})"): items}
    for (zh, en), group in groups.items():
        shown = _listed(group, key)
        res.warn(f"已略去 {len(group)} 行：{zh}（{where_zh}：{shown}）",
                 f"Left out {len(group)} row(s): {en} ({where_en} {shown})")
    if len(items) > room:
        res.warn(f"略去的行只列出前 {MAX_ROWS_LISTED} 行", f"Only the first {MAX_ROWS_LISTED} left-out rows are listed")


def _columns(gdf: gpd.GeoDataFrame, res: IngestResult) -> gpd.GeoDataFrame:
    renamed = dict(gdf.attrs.get("renamed", {}))
    gdf, more = dedupe_columns(gdf)
    renamed.update(more)
    if renamed:
        res.renamed_columns = renamed
        pairs = ", ".join(f"{old} → {new}" for new, old in renamed.items())
        res.warn(f"重复或仅大小写不同的列名已改名：{pairs}",
                 f"Duplicate or case-variant column names were renamed: {pairs}")
    return gdf


def _geometry(gdf: gpd.GeoDataFrame, res: IngestResult) -> tuple[gpd.GeoDataFrame, dict]:
    before = {row: gdf.geometry.loc[row] for row in gdf.index[~gdf.geometry.is_valid & ~gdf.geometry.isna()]}
    clean, report = check_geometries(gdf)
    bad = dict.fromkeys(report.dropped_null, _NULL)
    bad.update(dict.fromkeys(report.dropped_empty, _EMPTY))
    bad.update(dict.fromkeys(report.dropped_nonfinite, _NONFINITE))
    record_drops(res, dict(sorted(bad.items())), gdf.attrs.get("lines"), "geometry")
    res.repaired = [{"row": int(r), "area_before": a, "area_after": b, "unit": "coordinate units²"}
                    for r, a, b in report.repaired]
    if report.repaired:
        rows = ", ".join(str(r["row"]) for r in res.repaired[:_LISTED])
        res.warn(f"已用 make_valid 修复 {len(res.repaired)} 个无效几何（自相交等），面积前后见 repaired（要素：{rows}）",
                 f"Repaired {len(res.repaired)} invalid geometr(ies) (self-intersections etc.) with "
                 f"make_valid; areas before/after are in 'repaired' (features {rows})")
    res.step("geometry", len(clean))
    return clean, {r: g for r, g in before.items() if r in clean.index}


def _summary(gdf: gpd.GeoDataFrame, res: IngestResult, read_count: int) -> None:
    res.geometry_types = dict(Counter(gdf.geom_type.astype(str)))
    if len({t.removeprefix("Multi") for t in res.geometry_types}) > 1:
        kinds = ", ".join(f"{k} {v}" for k, v in res.geometry_types.items())
        res.warn(f"混合几何类型：{kinds}（全部保留）", f"Mixed geometry types: {kinds} (all kept)")
    res.columns, res.sample = column_types(gdf), sample_rows(gdf)
    res.features, res.dropped = len(gdf), read_count - len(gdf)


def _choose(raw: Raw, job: dict, xy: np.ndarray, res: IngestResult) -> crsmod.Choice:
    """The CRS to read with: user's choice, else the declared one (fixed when certain), else ask."""
    if job.get("crs"):
        choice = crsmod.parse_user_crs(job["crs"])
        problem = problem_with(choice, xy)
        if problem:
            fix = [c for c in res.crs_candidates if problem.fix and c["crs"] == problem.fix.key]
            raise ask_error(fix or res.crs_candidates, (f"所选坐标系 {choice.key} 与坐标不符：{problem.zh}",
                                                        f"The chosen CRS {choice.key} does not fit: {problem.en}"))
        return choice
    if raw.declared is None:
        raise ask_error(res.crs_candidates)
    choice = crsmod.choice_of(raw.declared.crs)
    problem = problem_with(choice, xy)
    src_zh, src_en = raw.declared.source
    if problem and problem.fix and not raw.declared.implicit:
        res.warn(f"{src_zh}声明 {choice.key}，但{problem.zh}；已改按 {problem.fix.key} 读取",
                 f"{src_en} says {choice.key}, but {problem.en}; read as {problem.fix.key} instead")
        return problem.fix
    if problem:
        raise ask_error(res.crs_candidates, (f"{src_zh}声明 {choice.key}，但{problem.zh}",
                                             f"{src_en} says {choice.key}, but {problem.en}"))
    return choice


def _geodesic_area(geom) -> float:
    return abs(Geod(ellps="WGS84").geometry_area_perimeter(geom)[0])


def _areas_m2(res: IngestResult, before: dict, out: gpd.GeoDataFrame, choice) -> None:
    if not before:
        return
    raw = gpd.GeoDataFrame(geometry=list(before.values()), index=list(before.keys()))
    before_wgs = convert(raw, choice).geometry
    for item in res.repaired:
        row = item["row"]
        if row in before_wgs.index and row in out.index:
            item.update(area_before=round(_geodesic_area(before_wgs.loc[row]), 2),
                        area_after=round(_geodesic_area(out.geometry.loc[row]), 2), unit="m²")


def _where_notes(out: gpd.GeoDataFrame, raw: Raw, res: IngestResult, user_chose: bool) -> None:
    x0, y0, x1, y1 = (float(v) for v in out.total_bounds)
    res.bounds_wgs84 = [round(v, 7) for v in (x0, y0, x1, y1)]
    inside = in_china(np.array([x0, x1]), np.array([y0, y1]))
    if not inside.any():
        res.warn("数据位于中国范围之外：若出乎意料，坐标系可能选错了",
                 "The data lies outside China: if that is unexpected, the CRS may be wrong")
    elif raw.declared is not None and raw.declared.implicit and not user_chose:
        res.warn(f"按 {raw.declared.source[0]} 当作 WGS84 读取；若数据导出自高德或百度工具，坐标可能是 GCJ-02/BD-09，请选 gcj02 或 bd09",
                 f"Read as WGS84 per {raw.declared.source[1]}; if the data was exported from "
                 "AMap/Gaode or Baidu tools it may be GCJ-02/BD-09: choose gcj02 or bd09 then")


def _to_wgs84(gdf, raw: Raw, job: dict, res: IngestResult, before: dict) -> gpd.GeoDataFrame:
    xy = shapely.get_coordinates(np.asarray(gdf.geometry.values, dtype=object))
    res.crs_candidates = crsmod.candidates(xy)
    choice = _choose(raw, job, xy, res)
    try:
        out = convert(gdf, choice)
    except GeoError as exc:
        raise IngestError.with_kind("crs_invalid", exc.zh, exc.en) from exc
    res.crs = choice.key
    res.step("wgs84", len(out))
    _where_notes(out, raw, res, user_chose=bool(job.get("crs")))
    note = area_note(choice, res.bounds_wgs84)
    if note:
        res.warn(*note)
    _areas_m2(res, before, out, choice)
    return out


def finish(raw: Raw, job: dict, res: IngestResult) -> gpd.GeoDataFrame:
    """Columns -> geometry -> CRS -> WGS84 on ``raw``; fills ``res``; returns the WGS84 frame."""
    if raw.decision is not None:
        res.encoding, res.encoding_reason = raw.decision.encoding, raw.decision.reason
        res.warnings.extend(raw.decision.warnings)
    res.warnings.extend(raw.warnings)
    read_count = res.steps[0]["count"]
    gdf = _columns(raw.frame, res)
    gdf, before = _geometry(gdf, res)
    if gdf.empty:
        raise IngestError.with_kind("empty", f"图层是空的：{read_count} 个要素中没有可用的几何",
                                    f"The layer is empty: none of its {read_count} feature(s) has a usable geometry")
    _summary(gdf, res, read_count)
    if job.get("swap_xy"):
        gdf = gdf.copy()
        gdf[gdf.geometry.name] = shapely.transform(gdf.geometry.values, lambda c: c[:, ::-1])
        res.warn("已按要求交换 x/y（经纬度）", "x and y (longitude/latitude) were swapped as requested")
    out = _to_wgs84(gdf, raw, job, res, before)
    res.usable = True
    return arrow_safe(out.reset_index(drop=True))
