"""Turning an uploaded file into a workspace layer, without Streamlit (the UI is ``ui/importer.py``).

What is decided here (the upload itself is staged by ``geo.ingest.stage_upload``, which keeps
only an allow-listed extension: the user's file name is never a path): how that name is shown
(as text, sanitised), which columns could be filtered and how
(guessed from the column types, adjustable), the provenance columns every layer carries
(``source``, ``accuracy``, ``accuracy_m``), and the LayerSpec stored in the workspace.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import secrets
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.imported_columns import FieldChoice, attribute_columns
from layers.registry import ACCURACY, ACCURACY_M, NAME_EN, NAME_ZH, SOURCE
from layers.spec import ACCURACY_VALUES, Field, LayerSpec, Style

#: offered when the file does not say its text encoding (the user must pick one)
ENCODINGS = ("utf-8", "gb18030", "big5", "utf-16", "latin-1")
IMPORTED_THEME = "imported"
MAX_NAME_CHARS = 80
#: attribute names the workspace GeoPackage uses itself (FID and geometry column)
RESERVED_COLUMNS = ("fid", "geom")
_ID_PREFIX = "imp_"

Notices = list[tuple[str, str]]


def display_filename(filename: str) -> str:
    """The user's file name as text for provenance: base name, no control characters, ≤ 80 chars."""
    base = re.split(r"[\\/]", filename or "")[-1]
    clean = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return (clean[:MAX_NAME_CHARS] + "…" if len(clean) > MAX_NAME_CHARS else clean) or "upload"


def plain_label(text: object, limit: int = 60) -> str:
    """A user's layer name or field label made fit to be a one-line label.

    Control characters go, whitespace is collapsed, the length is capped; every other character
    is kept as typed.  Wherever it meets Markdown (widget labels, the sentence) it goes through
    ``layers.text.md_plain``, so ``![x](http://...)`` or ``:red[...]`` stays text.
    """
    clean = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in str(text))
    clean = " ".join(clean.split())
    return clean[:limit]


def new_layer_id(existing: Iterable[str]) -> str:
    """A fresh workspace layer id (``imp_<8 hex>``) not in ``existing``."""
    taken = set(existing)
    while True:
        candidate = _ID_PREFIX + secrets.token_hex(4)
        if candidate not in taken:
            return candidate


def sha256(data: bytes) -> str:
    """Hex SHA-256 of an original upload (kept in the layer's import record)."""
    return hashlib.sha256(data).hexdigest()


def encoding_undeclared(result) -> bool:
    """True when the file does not say its text encoding, so the user must choose it.

    ``result`` is a ``geo.ingest.IngestResult``: its error kind is "encoding" (nothing decodes
    cleanly), or its encoding was detected rather than declared (the reader's reason says
    "declares no encoding"; plain-ASCII text and declarations such as a .cpg, a DBF language
    byte or a BOM need no choice).
    """
    if result.error_kind == "encoding":
        return True
    reason = result.encoding_reason
    return bool(reason) and "declares no encoding" in reason[1]


# -- the frame and the spec ----------------------------------------------------------------
def prepare_frame(gdf: gpd.GeoDataFrame, *, source: str, accuracy: str,
                  accuracy_m: float | None, name_col: str | None) -> tuple[gpd.GeoDataFrame, Notices]:
    """A copy ready for the workspace: reserved names renamed, a ``name_zh`` from the chosen
    name column (and an empty ``name_en`` beside it if missing: the name search reads both),
    and the provenance columns ``source``/``accuracy``/``accuracy_m`` added
    where missing (an existing column that does not fit is kept under ``<name>_src``)."""
    if accuracy not in ACCURACY_VALUES:
        raise ValueError(f"accuracy must be one of {ACCURACY_VALUES}")
    out = gdf.copy()
    notices: Notices = []
    for col in attribute_columns(out):
        if col.casefold() in RESERVED_COLUMNS or (col in ("accuracy", "accuracy_m")
                                                  and not _fits(out[col], col)):
            new = _free(f"{col}_src", out.columns)
            out = out.rename(columns={col: new})
            notices.append((f"列“{col}”改名为“{new}”（该名称由本应用使用）。",
                            f"Column {col!r} was renamed {new!r} (the app uses that name)."))
    if name_col and name_col in out.columns and "name_zh" not in out.columns:
        out["name_zh"] = out[name_col].map(lambda v: None if _missing(v) else str(v))
    if "name_zh" in out.columns and "name_en" not in out.columns:
        out["name_en"] = None  # the name search reads both columns
    if "source" not in out.columns:
        out["source"] = source
    if "accuracy" not in out.columns:
        out["accuracy"] = accuracy
    if "accuracy_m" not in out.columns:
        out["accuracy_m"] = np.nan if accuracy_m is None else float(accuracy_m)
    return out, notices


def _missing(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _fits(series: pd.Series, col: str) -> bool:
    values = series.dropna()
    if col == "accuracy":
        return bool(values.astype(str).isin(ACCURACY_VALUES).all())
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _free(name: str, taken) -> str:
    k, cand = 1, name
    while cand in taken:
        cand, k = f"{name}{k}", k + 1
    return cand


def source_text(filename: str, when: dt.date | None = None) -> tuple[str, str]:
    """Provenance sentence (zh, en): "用户导入：<file>（<date>）"."""
    day = (when or dt.date.today()).isoformat()
    name = display_filename(filename)
    return f"用户导入：{name}（{day}）", f"Imported by a user: {name} ({day})"


def build_spec(layer_id: str, name_zh: str, name_en: str, color: str, gdf: gpd.GeoDataFrame,
               choices: list[FieldChoice], tooltip: list[str], source: tuple[str, str]) -> LayerSpec:
    """The declaration of an imported layer (theme "imported", drawn above the bundled ones).

    ``gdf`` is the prepared frame (:func:`prepare_frame`); every column is declared (the
    record panel shows the whole record), ``name_zh`` as a searchable name, provenance
    fields as in the bundled layers. Names and labels go through :func:`plain_label`.
    """
    by_name = {c.name: c for c in choices}
    fields = []
    for col in attribute_columns(gdf):
        if col == "accuracy":
            fields.append(ACCURACY)
        elif col == "accuracy_m":
            fields.append(ACCURACY_M)
        elif col == "source" and col not in by_name:
            fields.append(SOURCE)
        elif col == "name_zh" and col not in by_name:
            fields.append(NAME_ZH)
        elif col == "name_en" and col not in by_name:
            fields.append(NAME_EN)
        else:
            ch = by_name.get(col, FieldChoice(col, col, col))
            fields.append(Field(col, plain_label(ch.zh) or plain_label(col),
                                plain_label(ch.en) or plain_label(col), ch.kind, filter=ch.filter))
    types = sorted(set(gdf.geom_type.dropna()))
    tip = tuple(dict.fromkeys(c for c in tooltip if c in gdf.columns)) or ("accuracy",)
    zh, en = plain_label(name_zh) or layer_id, plain_label(name_en) or layer_id
    return LayerSpec(
        id=layer_id, name_zh=zh, name_en=en, theme=IMPORTED_THEME, file="",
        geometry_types=tuple(types), style=Style(color=color, weight=2, fill_opacity=0.25, radius=6),
        fields=tuple(fields), tooltip=tip, legend_zh=zh, legend_en=en, z=7,
        source_zh=source[0], source_en=source[1])


def preview_spec(gdf: gpd.GeoDataFrame, color: str = "#d62728") -> LayerSpec:
    """A throwaway declaration to draw an upload before it is added (text fields, tooltip = first 5)."""
    cols = attribute_columns(gdf)
    fields = tuple(Field(c, c, c) for c in cols)
    return LayerSpec(
        id="import_preview", name_zh="预览", name_en="Preview", theme=IMPORTED_THEME, file="",
        geometry_types=tuple(sorted(set(gdf.geom_type.dropna()))),
        style=Style(color=color, weight=2, fill_opacity=0.25, radius=6), fields=fields,
        tooltip=tuple(cols[:5]), legend_zh="预览", legend_en="Preview", z=9)


def save_original(data: bytes, directory: Path, layer_id: str, suffix: str) -> Path:
    """Keep the upload byte-for-byte as ``<layer id><suffix>`` (a server-made name)."""
    path = Path(directory) / f"{layer_id}{suffix}"
    path.write_bytes(data)
    return path
