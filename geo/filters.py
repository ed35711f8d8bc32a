"""Attribute filters that apply themselves in pandas and describe themselves in zh/en.

Security: a filter is (declared field, allow-listed operator, typed value). User text is
only ever compared as a literal: no ``eval``, no ``DataFrame.query``, no SQL, no regex.

Field kinds and their operators (:data:`OPS`): category -> "in", "not_in";
number -> "range"; year -> "range"; text -> "contains". A category cell may hold several
values separated by ";" (e.g. clusters "新材料;生物医药"): it matches if ANY is selected.
URL encoding of a :class:`FilterSet` lives in :mod:`geo.filter_params`.

One filter model: every filter class — here, in :mod:`geo.filters_range` and
:mod:`geo.filters_spatial` (near a reference, inside drawn areas) — has the same members, so
nothing outside these modules (and :mod:`geo.filters_text`) switches on a filter's class: ``key`` (its slot in a FilterSet),
``mask(df)``, ``describe(lang, labels, value_labels)`` (zh/en words for the sentence),
``param()`` (its URL ``(key, value)``), ``widget_values()`` (the sidebar widgets' values, keyed
by the name below the ``flt.`` prefix), ``applies(layer)`` (which layers it filters, from the
layer's filterable fields and roles), ``applies_to(layer, df)`` (the same, given the layer's
features: a name search leaves a context layer whole unless it names one of its features) and
``bind(ctx)`` (resolve spatial references).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from geo import filters_sql as sql
from geo._filter_coerce import (
    PREFIX,
    bad,
    coerce_text,
    coerce_values,
    column,
    declared_kind,
    q,
    to_number,
)
from geo._filter_coerce import as_key as _as_key
from geo._filter_coerce import label as _label
from geo.errors import pick
from geo.filters_range import RangeFilter, YearRangeFilter
from geo.filters_spatial import InsideFilter, NearFilter, SpatialContext
from geo.filters_text import TextFilter

if TYPE_CHECKING:
    from geo.filter_params import IgnoredParam

KINDS = ("category", "number", "year", "text")
EXCLUDE_SUFFIX = ".not"  # the category widget's "exclude the chosen" switch: <field>.not

OPS: dict[str, tuple[str, ...]] = {
    "category": ("in", "not_in"),
    "number": ("range",),
    "year": ("range",),
    "text": ("contains",),
}
LIST_SEP = ";"

Labels = Mapping[str, tuple[str, str]] | None
ValueLabels = Mapping[str, Mapping[str, tuple[str, str]]] | None


def _cell_parts(v: object) -> set[str]:
    """The values a cell holds: list items, or the whole text plus its ";"-separated parts."""
    if isinstance(v, list | tuple | set | frozenset):
        return {_as_key(x) for x in v}
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return set()
    whole = _as_key(v)
    return {whole} | {p.strip() for p in whole.split(LIST_SEP)}


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

    @property
    def key(self) -> str:
        """The FilterSet key: the field name."""
        return self.field

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """Boolean mask over ``df``; empty cells match nothing (so "not in" keeps them).

        Each distinct cell value is looked at once (a layer repeats few values)."""
        wanted = frozenset(_as_key(v) for v in self.values)
        col = column(df, self.field)
        try:
            codes, uniques = pd.factorize(col, use_na_sentinel=True)
        except TypeError:  # unhashable cells (lists): one by one
            hits = np.array([not _cell_parts(v).isdisjoint(wanted) for v in col], dtype=bool)
        else:
            per_value = np.array([not _cell_parts(v).isdisjoint(wanted) for v in uniques] + [False],
                                 dtype=bool)
            hits = per_value[codes]  # code -1 (empty cell) picks the trailing False
        hit = pd.Series(hits, index=df.index, dtype=bool)
        return ~hit if self.exclude else hit

    def condition(self) -> sql.In:
        """The mask as a condition a database evaluates (:mod:`geo.filters_sql`)."""
        return sql.In(self.field, tuple(_as_key(v) for v in self.values), self.exclude)

    def param(self) -> tuple[str, str]:
        """URL form: ``f.<field>=in:<v1>|<v2>`` (or ``not_in:``)."""
        tag = "not_in" if self.exclude else "in"
        return PREFIX + q(self.field), f"{tag}:" + "|".join(q(v) for v in self.values)

    def widget_values(self) -> dict[str, object]:
        """The multiselect's value and its "exclude" switch, keyed by widget name below the
        filter prefix (a ``not_in:`` link restores as an exclusion, never as its opposite)."""
        return {self.field: list(self.values), self.field + EXCLUDE_SUFFIX: self.exclude}

    def applies(self, layer: Any) -> bool:
        """True for a layer declaring ``field`` as filterable."""
        return self.field in layer.declared_kinds()

    def applies_to(self, layer: Any, df: pd.DataFrame) -> bool:  # noqa: ARG002
        """Whether it filters ``layer`` whose features are ``df``: as :meth:`applies`."""
        return self.applies(layer)

    def bind(self, ctx: object) -> CategoryFilter:  # noqa: ARG002
        """Nothing to resolve: the filter itself."""
        return self

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


Filter = CategoryFilter | RangeFilter | YearRangeFilter | TextFilter | NearFilter | InsideFilter


def filter_key(f: Filter) -> str:
    """The key a filter has in a FilterSet (its field, joined fields, "@near", "@inside")."""
    return f.key


@dataclass(frozen=True)
class FilterSet:
    """Filters combined with AND (one per field); OR lives inside a CategoryFilter's values."""

    filters: tuple[Filter, ...] = ()

    def __post_init__(self) -> None:
        keys = [filter_key(f) for f in self.filters]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise bad(f"同一字段只能有一个筛选条件：{', '.join(dupes)}",
                       f"Only one filter per field is allowed: {', '.join(dupes)}")

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """AND of every filter's mask; all True for an empty set."""
        mask = pd.Series(True, index=df.index, dtype=bool)
        for f in self.filters:
            mask &= f.mask(df)
        return mask

    def condition(self) -> sql.All:
        """AND of every filter's condition, for a database (bind spatial filters first)."""
        return sql.All(tuple(f.condition() for f in self.filters))

    def bind(self, ctx: SpatialContext) -> FilterSet:
        """Every filter bound to the frames of ``ctx`` (spatial ones resolve their reference);
        InvalidFilterError when a reference cannot be resolved."""
        return FilterSet(tuple(f.bind(ctx) for f in self.filters))

    def for_layer(self, layer: Any) -> FilterSet:
        """The filters that apply to ``layer`` (an object with ``id``, ``roles`` and
        ``declared_kinds()``, e.g. a :class:`layers.spec.LayerSpec`)."""
        return FilterSet(tuple(f for f in self.filters if f.applies(layer)))

    def for_frame(self, layer: Any, df: pd.DataFrame) -> FilterSet:
        """The filters that apply to ``layer`` with its features ``df`` (see ``applies_to``:
        a name search leaves a context layer whole unless it names one of its features)."""
        return FilterSet(tuple(f for f in self.filters if f.applies_to(layer, df)))

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
        raise bad(f"字段“{field}”（{kind}）不支持运算“{op}”，可用：{', '.join(OPS[kind])}",
                   f"Operator {op!r} is not allowed for field {field!r} ({kind}); "
                   f"allowed: {', '.join(OPS[kind])}")
    if kind == "category":
        return CategoryFilter(field, coerce_values(field, value), exclude=op == "not_in")
    if kind == "text":
        return TextFilter((field,), coerce_text(field, value))
    if isinstance(value, str | bytes) or not hasattr(value, "__len__") or len(value) != 2:
        raise bad(f"字段“{field}”的范围须为（下限, 上限）",
                   f"The range for field {field!r} must be (lo, hi)")
    lo, hi = (to_number(field, v, kind == "year") for v in value)
    return (YearRangeFilter if kind == "year" else RangeFilter)(field, lo, hi)
