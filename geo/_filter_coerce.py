"""Typed coercion of filter values (private helper of :mod:`geo.filters`).

Every user value becomes a plain ``str``, ``float`` or ``int`` here, or is refused with an
:class:`~geo.errors.InvalidFilterError` carrying a zh/en message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote

from geo.errors import InvalidFilterError

if TYPE_CHECKING:
    import pandas as pd

MAX_VALUES = 200
MAX_TEXT = 200


def as_key(v: object) -> str:
    """A cell or selected value as the string it is matched by (2023.0 -> "2023")."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def declared_kind(ops: Mapping[str, tuple[str, ...]], declared: Mapping[str, str], field: str) -> str:
    """The declared kind of ``field``; InvalidFilterError if undeclared or of an unknown kind."""
    if field not in declared:
        raise InvalidFilterError(f"字段“{field}”未声明为可筛选",
                                 f"Field {field!r} is not declared as filterable")
    kind = declared[field]
    if kind not in ops:
        raise InvalidFilterError(f"字段“{field}”的类型“{kind}”未知",
                                 f"Field {field!r} has unknown kind {kind!r}")
    return kind


def to_number(field: str, v: object, year: bool) -> float | int | None:
    """None/"" -> None (open bound); else a finite float (or an int year 1000-3000)."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    try:
        if isinstance(v, bool):
            raise ValueError
        x = float(v.strip() if isinstance(v, str) else v)
    except (TypeError, ValueError):
        raise InvalidFilterError(f"字段“{field}”的值“{v}”不是数字",
                                 f"Value {v!r} for field {field!r} is not a number") from None
    if not math.isfinite(x):
        raise InvalidFilterError(f"字段“{field}”的值“{v}”不是有限数",
                                 f"Value {v!r} for field {field!r} is not finite")
    if year and not (x.is_integer() and 1000 <= x <= 3000):
        raise InvalidFilterError(f"字段“{field}”的值“{v}”不是年份",
                                 f"Value {v!r} for field {field!r} is not a year")
    return int(x) if year else x


def coerce_values(field: str, value: object) -> tuple[str, ...]:
    """One value or an iterable of values -> 1..MAX_VALUES distinct non-empty strings."""
    items = [value] if isinstance(value, str | int | float) else value
    try:
        values = tuple(dict.fromkeys(k for k in map(as_key, items) if k))  # type: ignore[arg-type]
    except TypeError:
        raise InvalidFilterError(f"字段“{field}”的取值无效",
                                 f"Invalid values for field {field!r}") from None
    if not values or len(values) > MAX_VALUES:
        raise InvalidFilterError(f"字段“{field}”须选择 1–{MAX_VALUES} 个值",
                                 f"Field {field!r} needs 1 to {MAX_VALUES} selected values")
    return values


def coerce_text(field: str, value: object) -> str:
    """A search string, stripped, 1..MAX_TEXT characters; anything else is refused."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > MAX_TEXT:
        raise InvalidFilterError(f"字段“{field}”的搜索文字须为 1–{MAX_TEXT} 个字符",
                                 f"Search text for field {field!r} must be 1 to {MAX_TEXT} characters")
    return text


# ----------------------------------------------------------------- shared by the filter classes

#: URL parameters of filters start with this (see :mod:`geo.filter_params`)
PREFIX = "f."


def bad(zh: str, en: str) -> InvalidFilterError:
    """An InvalidFilterError with a message for the user in Chinese and English."""
    return InvalidFilterError(zh, en)


def label(field: str, lang: str, labels: Mapping[str, tuple[str, str]] | None) -> str:
    """The label of ``field`` in ``lang`` from ``labels`` (field -> (zh, en)), else the field."""
    if labels and field in labels:
        zh, en = labels[field]
        return zh if lang == "zh" else en
    return field


def column(df: pd.DataFrame, field: str) -> pd.Series:
    """``df[field]``; InvalidFilterError when the frame has no such column."""
    if field not in df.columns:
        raise bad(f"数据中没有字段“{field}”", f"The data has no field {field!r}")
    return df[field]


def num(v: float) -> str:
    """A number as shown in a sentence: "1,500", "2.5"."""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.4f}".rstrip("0").rstrip(".")


def bound(v: float | int | None) -> str:
    """A number as written in a URL ("" for None): "10", "-1.25"."""
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def q(text: str) -> str:
    """Percent-encode one name or value of a filter's URL form (``: | , . %`` survive)."""
    return quote(text, safe="")
