"""Shapefile output for ``geo.export``: a zip with .shp/.shx/.dbf/.prj/.cpg (UTF-8).

DBF limits handled here, each with a warning from :func:`shp_warnings`: field names of at most
10 bytes (cut at UTF-8 character boundaries, unique ignoring case, mapped back in
``fields_mapping.csv``), text of at most 254 bytes (cut at a character boundary), and one
geometry kind per file (mixed data → ``<layer>_point``/``_line``/``_polygon`` in one zip;
rows without geometry go with the first kind). Geometry collections are refused.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from geo.errors import UnsupportedInputError

NAME_BYTES = 10
TEXT_BYTES = 254
MAPPING_FILE = "fields_mapping.csv"
NOTE_FILE = "CRS_NOTE.txt"
_KINDS = {"Point": "point", "MultiPoint": "point", "LineString": "line",
          "MultiLineString": "line", "Polygon": "polygon", "MultiPolygon": "polygon"}

Warnings = list[tuple[str, str]]


def cut_utf8(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 encoding fits ``limit`` bytes (no half characters)."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def shp_field_names(columns: list[str]) -> dict[str, str]:
    """Original name → DBF name (≤ 10 UTF-8 bytes, unique ignoring case). Fitting names are kept."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for col in columns:  # names that fit keep themselves, so a cut name never takes theirs
        if col and len(col.encode("utf-8")) <= NAME_BYTES and col.casefold() not in used:
            out[col] = col
            used.add(col.casefold())
    for col in columns:
        if col in out:
            continue
        base = cut_utf8(col, NAME_BYTES) or "field"
        cand, k = base, 1
        while cand.casefold() in used:
            suffix = f"_{k}"
            cand, k = cut_utf8(base, NAME_BYTES - len(suffix)) + suffix, k + 1
        out[col] = cand
        used.add(cand.casefold())
    return {c: out[c] for c in columns}


def _text_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c != df.geometry.name and (
        pd.api.types.is_object_dtype(df[c]) or pd.api.types.is_string_dtype(df[c]))]


def _too_long(value: object) -> bool:
    return isinstance(value, str) and len(value.encode("utf-8")) > TEXT_BYTES


def geometry_groups(gdf: gpd.GeoDataFrame) -> dict[str, np.ndarray]:
    """Kind ("point", "line", "polygon") → row mask; refuses kinds a Shapefile cannot hold."""
    types = gdf.geom_type.to_numpy(dtype=object)
    kinds = np.array([_KINDS.get(t) if isinstance(t, str) else "" for t in types], dtype=object)
    bad = sorted({str(t) for t, k in zip(types, kinds, strict=True) if k is None})
    if bad:
        raise UnsupportedInputError(
            f"Shapefile 不能保存 {', '.join(bad)} 类型的几何：请改用 GeoPackage",
            f"A Shapefile cannot hold {', '.join(bad)} geometries: use GeoPackage instead")
    present = [k for k in ("point", "line", "polygon") if (kinds == k).any()] or ["point"]
    kinds[kinds == ""] = present[0]
    return {k: kinds == k for k in present}


def shp_warnings(gdf: gpd.GeoDataFrame, layer_name: str) -> Warnings:
    """What writing ``gdf`` as a Shapefile will change (or UnsupportedInputError if it cannot)."""
    out: Warnings = []
    groups = geometry_groups(gdf)
    cut = {c: int(gdf[c].map(_too_long).sum()) for c in _text_columns(gdf)}
    cut = {c: n for c, n in cut.items() if n}
    if cut:
        zh = ", ".join(f"{c}（{n} 行）" for c, n in cut.items())
        en = ", ".join(f"{c} ({n} rows)" for c, n in cut.items())
        out.append((f"Shapefile 文本字段最长 254 字节，以下字段的长文本将被截断：{zh}；完整内容请用 GeoPackage。",
                    f"Shapefile text fields hold at most 254 bytes; long text will be cut in: {en}. "
                    "Use GeoPackage to keep it whole."))
    names = shp_field_names([c for c in gdf.columns if c != gdf.geometry.name])
    n_renamed = sum(a != b for a, b in names.items())
    if n_renamed:
        out.append((f"Shapefile 字段名最长 10 字节：{n_renamed} 个字段名将缩短，对照表见压缩包内 {MAPPING_FILE}。",
                    f"Shapefile field names hold 10 bytes: {n_renamed} names will be shortened; "
                    f"the zip's {MAPPING_FILE} maps them back."))
    if len(groups) > 1:
        files = ", ".join(f"{layer_name}_{k}" for k in groups)
        out.append((f"Shapefile 每个文件只能有一种几何类型：将按类型分为 {len(groups)} 个文件（{files}）；"
                    "GeoPackage 可保存为一层。",
                    f"A Shapefile holds one geometry type: {len(groups)} files will be written "
                    f"({files}); GeoPackage keeps them in one layer."))
    return out


def write_shapefile_zip(gdf: gpd.GeoDataFrame, path: Path, layer_name: str,
                        note: tuple[str, str] | None, neutralise) -> None:
    """Write the zip at ``path`` (see the module docstring). ``neutralise`` defuses mapping cells."""
    gdf = gdf.copy()
    for col in _text_columns(gdf):
        gdf[col] = gdf[col].map(lambda v: cut_utf8(v, TEXT_BYTES) if isinstance(v, str) else v)
    names = shp_field_names([c for c in gdf.columns if c != gdf.geometry.name])
    renamed = {a: b for a, b in names.items() if a != b}
    gdf = gdf.rename(columns=names)
    groups = geometry_groups(gdf)
    tmp = Path(tempfile.mkdtemp(prefix="zq-shp-"))
    try:
        for kind, mask in groups.items():
            part = gdf[mask]
            stem = layer_name if len(groups) == 1 else f"{layer_name}_{kind}"
            multi = kind == "point" and bool((part.geom_type == "MultiPoint").any())
            pyogrio.write_dataframe(part, tmp / f"{stem}.shp", driver="ESRI Shapefile", layer=stem,
                                    promote_to_multi=multi or None,
                                    layer_options={"ENCODING": "UTF-8"})
        if renamed:
            pd.DataFrame({"short_name": list(renamed.values()),
                          "original_name": [neutralise(a) for a in renamed]}
                         ).to_csv(tmp / MAPPING_FILE, index=False, encoding="utf-8-sig")
        if note:
            (tmp / NOTE_FILE).write_text("\n".join(note) + "\n", encoding="utf-8")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(tmp.iterdir()):
                zf.write(f, f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
