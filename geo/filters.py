"""Attribute filters that apply themselves in pandas and describe themselves in zh/en.

Security: a filter is (declared field, allow-listed operator, typed value). User text is
only ever compared as a literal: no ``eval``, no ``DataFrame.query``, no SQL, no regex.

Field kinds and their operators (:data:`OPS`): category -> "in", "not_in";
number -> "range"; year -> "range"; text -> "contains". A category cell may hold several
values separated by ";" (e.g. clusters "新材料;生物医药"): it matches if ANY is selected.
URL encoding of a :class:`FilterSet` lives in :mod:`geo.filter_params`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from geo._filter_coerce import as_key as _as_key
from geo._filter_coerce import coerce_text, coerce_values, declared_kind, to_number
from geo.errors import InvalidFilterError, pick

if TYPE_CHECKING:
    from geo.filter_params import IgnoredParam

KINDS = ("category", "number", "year", "text")
OPS: dict[str, tuple[str, ...]] = {
    "category": ("in", "not_in"),
    "number": ("range",),
    "year": ("range",),
    "text": ("contains",),
}
LIST_SEP = ";"

Labels = Mapping[str, tuple[str, str]] | None
ValueLabels = Mapping[str, Mapping[str, tuple[str, str]]] | None


def _bad(zh: str, en: str) -> InvalidFilterError:
    return InvalidFilterError(zh, en)


def _label(field: str, lang: str, labels: Labels) -> str:
    return pick(lang, *labels[field]) if labels and field in labels else field


def _column(df: pd.DataFrame, field: str) -> pd.Series:
    if field not in df.columns:
        raise _bad(f"数据中没有字段“{field}”", f"The data has no field {field!r}")
    return df[field]


def _cell_parts(v: object) -> set[str]:
    """The values a cell holds: list items, or the whole text plus its ";"-separated parts."""
    if isinstance(v, list | tuple | set | frozenset):
        return {_as_key(x) for x in v}
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return set()
    whole = _as_key(v)
    return {whole} | {p.strip() for p in whole.split(LIST_SEP)}


def _num(v: float) -> str:
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.4f}".rstrip("0").rstrip(".")


def _or_list(items: list[str], lang: str) -> str:
    if lang == "zh" or len(items) < 2:
        return pick(lang, " 或 ".join(items), items[0] if items else "")
    return ", ".join(items[:-1]) + " or " + items[-1]


@dataclass(frozen=True)
class CategoryFilter:
    """Rows whose field equals any of ``values`` (or none of them when ``exclude``)."""

    field: str
    values: tuple[str, ...]
    exclude: bool = False

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """Boolean mask over ``df``; empty cells match nothing (so "not in" keeps them)."""
        wanted = frozenset(_as_key(v) for v in self.values)
        hits = [not _cell_parts(v).isdisjoint(wanted) for v in _column(df, self.field)]
        hit = pd.Series(hits, index=df.index, dtype=bool)
        return ~hit if self.exclude else hit

    def describe(self, lang: str, labels: Labels = None, value_labels: ValueLabels = None) -> str:
        """E.g. zh "产业集群 = 新材料 或 生物医药", en "Industry cluster is New materials or Biomedicine"."""
        names = (value_labels or {}).get(self.field, {})
        shown = [pick(lang, *names[v]) if v in names else v for v in map(_as_key, self.values)]
        label = _label(self.field, lang, labels)
        if not self.exclude:
            return pick(lang, f"{label} = {_or_list(shown, lang)}", f"{label} is {_or_list(shown, lang)}")
        if len(shown) == 1:
            return pick(lang, f"{label} ≠ {shown[0]}", f"{label} is not {shown[0]}")
        return pick(lang, f"{label} 不属于 {'、'.join(shown)}", f"{label} is none of {', '.join(shown)}")


def _check_bounds(lo: float | None, hi: float | None) -> None:
    for v in (lo, hi):
        if v is not None and (isinstance(v, bool) or not math.isfinite(v)):
            raise _bad(f"范围边界无效：{v!r}", f"Invalid range bound: {v!r}")
    if lo is not None and hi is not None and lo > hi:
        raise _bad(f"范围下限 {lo} 大于上限 {hi}", f"Range lower bound {lo} exceeds upper bound {hi}")


def _range_mask(values: pd.Series, lo: float | None, hi: float | None) -> pd.Series:
    """Inclusive bounds; NaN fails every comparison, so unknown values drop out once bounded."""
    mask = pd.Series(True, index=values.index, dtype=bool)
    if lo is not None:
        mask &= (values >= lo).fillna(False).astype(bool)
    if hi is not None:
        mask &= (values <= hi).fillna(False).astype(bool)
    return mask


_UNKNOWN_NOTE = ("（不含未知值）", " (unknown values excluded)")


@dataclass(frozen=True)
class RangeFilter:
    """Rows whose numeric field lies in [lo, hi]; either bound may be None (open)."""

    field: str
    lo: float | None = None
    hi: float | None = None

    def __post_init__(self) -> None:
        _check_bounds(self.lo, self.hi)

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """Boolean mask; text that is not a number counts as unknown."""
        values = pd.to_numeric(_column(df, self.field), errors="coerce").astype(float)
        return _range_mask(values, self.lo, self.hi)

    def describe(self, lang: str, labels: Labels = None, value_labels: ValueLabels = None) -> str:  # noqa: ARG002
        """E.g. zh "投资额（亿元） 10–50（不含未知值）", en "Investment 10–50 (unknown values excluded)"."""
        label = _label(self.field, lang, labels)
        lo, hi = self.lo, self.hi
        if lo is None and hi is None:
            return pick(lang, f"{label} 不限", f"{label}: any value")
        if lo is not None and hi is not None:
            text = f"{label} {_num(lo)}–{_num(hi)}"
        else:
            text = f"{label} ≥ {_num(lo)}" if lo is not None else f"{label} ≤ {_num(hi)}"
        return text + pick(lang, *_UNKNOWN_NOTE)


def _year_values(col: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        return pd.to_numeric(col, errors="coerce").astype(float)
    first_year = col.astype("string").str.extract(r"(\d{4})", expand=False)
    return pd.to_numeric(first_year, errors="coerce").astype(float)


@dataclass(frozen=True)
class YearRangeFilter:
    """Rows whose year lies in [lo, hi]; text cells use their first 4-digit number ("2021年")."""

    field: str
    lo: int | None = None
    hi: int | None = None

    def __post_init__(self) -> None:
        _check_bounds(self.lo, self.hi)

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """Boolean mask; cells without a year count as unknown."""
        return _range_mask(_year_values(_column(df, self.field)), self.lo, self.hi)

    def describe(self, lang: str, labels: Labels = None, value_labels: ValueLabels = None) -> str:  # noqa: ARG002
        """E.g. zh "规划年份 2020–2025（不含未知值）", en "Plan year 2020 or later (...)"."""
        label = _label(self.field, lang, labels)
        lo, hi = self.lo, self.hi
        if lo is None and hi is None:
            return pick(lang, f"{label} 不限", f"{label}: any year")
        if lo is not None and hi is not None:
            text = f"{label} {lo}–{hi}"
        elif lo is not None:
            text = pick(lang, f"{label} {lo} 年及以后", f"{label} {lo} or later")
        else:
            text = pick(lang, f"{label} {hi} 年及以前", f"{label} {hi} or earlier")
        return text + pick(lang, *_UNKNOWN_NOTE)


@dataclass(frozen=True)
class TextFilter:
    """Rows where any of ``fields`` contains ``text``: case-insensitive, literal (not regex)."""

    fields: tuple[str, ...]
    text: str

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """Boolean mask; empty cells never match."""
        mask = pd.Series(False, index=df.index, dtype=bool)
        needle = self.text.casefold()
        for field in self.fields:
            col = _column(df, field).astype("string").str.casefold()
            mask |= col.str.contains(needle, regex=False).fillna(False).astype(bool)
        return mask

    def describe(self, lang: str, labels: Labels = None, value_labels: ValueLabels = None) -> str:  # noqa: ARG002
        """E.g. zh "名称含“重汽”", en 'Name contains "重汽"'.

        ``labels`` may label the fields together under their ","-joined key ("name_zh,name_en").
        """
        joined = ",".join(self.fields)
        fields = [joined] if labels and joined in labels else self.fields
        names = [_label(f, lang, labels) for f in fields]
        return pick(lang, f"{'或'.join(names)}含“{self.text}”",
                    f'{" or ".join(names)} contains "{self.text}"')


Filter = CategoryFilter | RangeFilter | YearRangeFilter | TextFilter


def filter_key(f: Filter) -> str:
    """The field (or ","-joined fields of a TextFilter) a filter is keyed by in a FilterSet."""
    return ",".join(f.fields) if isinstance(f, TextFilter) else f.field


@dataclass(frozen=True)
class FilterSet:
    """Filters combined with AND (one per field); OR lives inside a CategoryFilter's values."""

    filters: tuple[Filter, ...] = ()

    def __post_init__(self) -> None:
        keys = [filter_key(f) for f in self.filters]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise _bad(f"同一字段只能有一个筛选条件：{', '.join(dupes)}",
                       f"Only one filter per field is allowed: {', '.join(dupes)}")

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """AND of every filter's mask; all True for an empty set."""
        mask = pd.Series(True, index=df.index, dtype=bool)
        for f in self.filters:
            mask &= f.mask(df)
        return mask

    def apply(self, df: pd.DataFrame) -> pd.DataFrame:
        """A new frame with the matching rows (the input is not modified)."""
        return df.loc[self.mask(df)].copy()

    def describe(self, lang: str, labels: Labels = None, value_labels: ValueLabels = None) -> str:
        """One sentence: zh parts joined by "，且 ", en by ", and "; empty -> "全部要素"/"all features"."""
        parts = [f.describe(lang, labels, value_labels) for f in self.filters]
        if not parts:
            return pick(lang, "全部要素", "all features")
        return pick(lang, "，且 ", ", and ").join(parts)

    def to_params(self) -> dict[str, str]:
        """URL query parameters, see :func:`geo.filter_params.to_params`."""
        from geo.filter_params import to_params

        return to_params(self)

    @classmethod
    def from_params(
        cls, params: Mapping[str, str], declared: Mapping[str, str]
    ) -> tuple[FilterSet, list[IgnoredParam]]:
        """(FilterSet, ignored) from URL parameters, see :func:`geo.filter_params.from_params`."""
        from geo.filter_params import from_params

        return from_params(params, declared)


def build_filter(declared: Mapping[str, str], field: str, op: str, value: object) -> Filter:
    """Build a typed filter from (declared field, allowed operator, value).

    Preconditions: ``declared`` maps field -> kind (see :data:`OPS`). ``value`` is, per
    kind: category -> a string or a sequence of values; number/year -> ``(lo, hi)`` with
    None or "" for an open end; text -> a string. Anything else -> InvalidFilterError.
    """
    kind = declared_kind(OPS, declared, field)
    if op not in OPS[kind]:
        raise _bad(f"字段“{field}”（{kind}）不支持运算“{op}”，可用：{', '.join(OPS[kind])}",
                   f"Operator {op!r} is not allowed for field {field!r} ({kind}); "
                   f"allowed: {', '.join(OPS[kind])}")
    if kind == "category":
        return CategoryFilter(field, coerce_values(field, value), exclude=op == "not_in")
    if kind == "text":
        return TextFilter((field,), coerce_text(field, value))
    if isinstance(value, str | bytes) or not hasattr(value, "__len__") or len(value) != 2:
        raise _bad(f"字段“{field}”的范围须为（下限, 上限）",
                   f"The range for field {field!r} must be (lo, hi)")
    lo, hi = (to_number(field, v, kind == "year") for v in value)
    return (YearRangeFilter if kind == "year" else RangeFilter)(field, lo, hi)
