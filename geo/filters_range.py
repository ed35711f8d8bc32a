"""Range filters over numbers and years (part of the filter model, see :mod:`geo.filters`).

Bounds are inclusive and either may be open (None); a value that is not a number (or has no
year) is unknown and drops out once a bound is set, which the wording says.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo import filters_sql as sql
from geo._filter_coerce import PREFIX, bad, bound, column, label, num, q
from geo.errors import pick

Labels = Mapping[str, tuple[str, str]] | None
_UNKNOWN_NOTE = ("（不含未知值）", " (unknown values excluded)")


def _check_bounds(lo: float | None, hi: float | None) -> None:
    for v in (lo, hi):
        if v is not None and (isinstance(v, bool) or not math.isfinite(v)):
            raise bad(f"范围边界无效：{v!r}", f"Invalid range bound: {v!r}")
    if lo is not None and hi is not None and lo > hi:
        raise bad(f"范围下限 {lo} 大于上限 {hi}", f"Range lower bound {lo} exceeds upper bound {hi}")


def _range_mask(values: pd.Series, lo: float | None, hi: float | None) -> pd.Series:
    """Inclusive bounds; NaN fails every comparison, so unknown values drop out once bounded."""
    mask = pd.Series(True, index=values.index, dtype=bool)
    if lo is not None:
        mask &= (values >= lo).fillna(False).astype(bool)
    if hi is not None:
        mask &= (values <= hi).fillna(False).astype(bool)
    return mask


class _FieldRange:
    """What both range filters share: key, URL form, widget value, which layers, binding."""

    field: str
    lo: float | int | None
    hi: float | int | None

    @property
    def key(self) -> str:
        """The FilterSet key: the field name."""
        return self.field

    def param(self) -> tuple[str, str]:
        """URL form: ``f.<field>=range:<lo>..<hi>`` (either end empty)."""
        return PREFIX + q(self.field), f"range:{bound(self.lo)}..{bound(self.hi)}"

    def widget_values(self) -> dict[str, object]:
        """The slider's value, keyed by the widget name below the filter prefix."""
        return {self.field: (self.lo, self.hi)}

    def applies(self, layer: Any) -> bool:
        """True for a layer declaring ``field`` as filterable."""
        return self.field in layer.declared_kinds()

    def applies_to(self, layer: Any, df: pd.DataFrame) -> bool:  # noqa: ARG002
        """Whether it filters ``layer`` whose features are ``df``: as :meth:`applies`."""
        return self.applies(layer)

    def bind(self, ctx: object) -> _FieldRange:  # noqa: ARG002
        """Nothing to resolve: the filter itself."""
        return self


@dataclass(frozen=True)
class RangeFilter(_FieldRange):
    """Rows whose numeric field lies in [lo, hi]; either bound may be None (open)."""

    field: str
    lo: float | None = None
    hi: float | None = None

    def __post_init__(self) -> None:
        _check_bounds(self.lo, self.hi)

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """Boolean mask; text that is not a number counts as unknown."""
        values = pd.to_numeric(column(df, self.field), errors="coerce").astype(float)
        return _range_mask(values, self.lo, self.hi)

    def condition(self) -> sql.Range:
        """The mask as a condition a database evaluates (:mod:`geo.filters_sql`)."""
        return sql.Range(self.field, self.lo, self.hi)

    def describe(self, lang: str, labels: Labels = None, value_labels: object = None) -> str:  # noqa: ARG002
        """E.g. zh "投资额（亿元） 10–50（不含未知值）", en "Investment 10–50 (unknown values excluded)"."""
        name = label(self.field, lang, labels)
        lo, hi = self.lo, self.hi
        if lo is None and hi is None:
            return pick(lang, f"{name} 不限", f"{name}: any value")
        if lo is not None and hi is not None:
            text = f"{name} {num(lo)}–{num(hi)}"
        else:
            text = f"{name} ≥ {num(lo)}" if lo is not None else f"{name} ≤ {num(hi)}"
        return text + pick(lang, *_UNKNOWN_NOTE)


def _year_values(col: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        return pd.to_numeric(col, errors="coerce").astype(float)
    first_year = col.astype("string").str.extract(r"(\d{4})", expand=False)
    return pd.to_numeric(first_year, errors="coerce").astype(float)


@dataclass(frozen=True)
class YearRangeFilter(_FieldRange):
    """Rows whose year lies in [lo, hi]; text cells use their first 4-digit number ("2021年")."""

    field: str
    lo: int | None = None
    hi: int | None = None

    def __post_init__(self) -> None:
        _check_bounds(self.lo, self.hi)

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """Boolean mask; cells without a year count as unknown."""
        return _range_mask(_year_values(column(df, self.field)), self.lo, self.hi)

    def condition(self) -> sql.Range:
        """The mask as a condition a database evaluates (first 4-digit year of a text cell)."""
        return sql.Range(self.field, self.lo, self.hi, year=True)

    def describe(self, lang: str, labels: Labels = None, value_labels: object = None) -> str:  # noqa: ARG002
        """E.g. zh "规划年份 2020–2025（不含未知值）", en "Plan year 2020 or later (...)"."""
        name = label(self.field, lang, labels)
        lo, hi = self.lo, self.hi
        if lo is None and hi is None:
            return pick(lang, f"{name} 不限", f"{name}: any year")
        if lo is not None and hi is not None:
            text = f"{name} {lo}–{hi}"
        elif lo is not None:
            text = pick(lang, f"{name} {lo} 年及以后", f"{name} {lo} or later")
        else:
            text = pick(lang, f"{name} {hi} 年及以前", f"{name} {hi} or earlier")
        return text + pick(lang, *_UNKNOWN_NOTE)
