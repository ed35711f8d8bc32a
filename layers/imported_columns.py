"""The columns of an imported file: which could be filtered and how (guessed from the column
types, adjustable by the user and then made safe against the catalog).  No Streamlit here."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from layers.explorer import declared_filters, field_labels
from layers.spec import FIELD_KINDS, Catalog, Field

NAME_COLUMNS = ("name_zh", "name", "名称", "NAME", "Name", "项目名称", "名字", "MC", "mc", "name_en")
MAX_CATEGORY_VALUES = 30

Notices = list[tuple[str, str]]


def attribute_columns(gdf: gpd.GeoDataFrame) -> list[str]:
    """The columns of ``gdf`` other than its geometry."""
    return [c for c in gdf.columns if c != gdf.geometry.name]


def _is_year(values: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(values) or not len(values):
        return False
    if pd.api.types.is_numeric_dtype(values):
        num = values.astype(float)
        return bool(((num % 1 == 0) & (num >= 1900) & (num <= 2100)).all())
    return bool(values.astype(str).str.fullmatch(r"(19|20)\d\d").all())


def allowed_kinds(series: pd.Series) -> tuple[str, ...]:
    """The field kinds a column can honestly be filtered as (the app's widgets need it).

    number: numeric dtype only; year: 4-digit years 1900-2100 (numbers or text); category
    and text: anything.
    """
    values = series.dropna()
    kinds = ["category", "text"]
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        kinds.insert(0, "number")
    if _is_year(values):
        kinds.insert(0, "year")
    return tuple(k for k in FIELD_KINDS if k in kinds)


def guess_kind(series: pd.Series) -> tuple[str, bool]:
    """(kind, filterable by default) guessed from the column's type and values.

    4-digit years → "year"; other numbers → "number"; text or booleans with at most
    MAX_CATEGORY_VALUES distinct values (and some repetition) → "category"; else "text".
    """
    values = series.dropna()
    if not len(values):
        return "text", False
    kinds = allowed_kinds(series)
    if "year" in kinds:
        return "year", True
    if "number" in kinds:
        return "number", True
    distinct = values.astype(str).nunique()
    if distinct <= MAX_CATEGORY_VALUES and (distinct < len(values) or len(values) <= 3):
        return "category", True
    return "text", False


def guess_name_column(columns: list[str]) -> str | None:
    """The first column named like a feature name (NAME_COLUMNS order), or None."""
    for name in NAME_COLUMNS:
        if name in columns:
            return name
    return None


def default_tooltip(columns: list[str], name_col: str | None, limit: int = 4) -> list[str]:
    """Up to ``limit`` columns for the tooltip: the name first, provenance columns left out."""
    rest = [c for c in columns if c != name_col and c not in ("source", "accuracy", "accuracy_m")]
    return ([name_col] if name_col else []) + rest[: limit - (1 if name_col else 0)]


#: One column as the user set it up (labels, kind, filterable) is simply a declared Field.
FieldChoice = Field


def default_choices(gdf: gpd.GeoDataFrame, catalog: Catalog) -> list[FieldChoice]:
    """Every attribute column with guessed kind/filter; labels from the catalog when it
    already declares a field of that name (so shared filters keep their wording), else the
    column name in both languages."""
    labels = field_labels(catalog)
    out = []
    for col in attribute_columns(gdf):
        kind, flt = guess_kind(gdf[col])
        zh, en = labels.get(col, (col, col))
        out.append(FieldChoice(col, zh, en, kind, flt))
    return out


def reconcile(choices: list[FieldChoice], gdf: gpd.GeoDataFrame,
              catalog: Catalog) -> tuple[list[FieldChoice], Notices]:
    """Make user choices safe for the app: a kind the column cannot be (e.g. "number" for text)
    falls back to the guess; a filter whose field the catalog already filters with another
    kind uses that kind if possible, else is not offered (filters are shared across layers)."""
    declared = declared_filters(catalog)
    notices: Notices = []
    out = []
    for ch in choices:
        kinds = allowed_kinds(gdf[ch.name])
        kind = ch.kind if ch.kind in kinds else guess_kind(gdf[ch.name])[0]
        if kind != ch.kind:
            notices.append((f"字段“{ch.name}”不能作为“{ch.kind}”，改为“{kind}”。",
                            f"Column {ch.name!r} cannot be {ch.kind!r}; using {kind!r}."))
        flt = ch.filter
        other = declared.get(ch.name)
        if flt and other and other != kind:
            if other in kinds:
                kind = other
            else:
                flt = False
                notices.append((f"已有图层把“{ch.name}”作为“{other}”筛选，该字段不提供筛选。",
                                f"Another layer filters {ch.name!r} as {other!r}; no filter is "
                                "offered on it here."))
        out.append(FieldChoice(ch.name, ch.zh or ch.name, ch.en or ch.name, kind, flt))
    return out, notices
