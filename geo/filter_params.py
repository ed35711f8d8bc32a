"""URL query-parameter encoding of a :class:`geo.filters.FilterSet` (shareable links).

Encoding, one parameter per filter (every field name and value is percent-encoded with
``urllib.parse.quote(..., safe="")``, so ``: | , . %`` inside them survive):

=====================  ===============================  ================================
filter                 key                              value
=====================  ===============================  ================================
category in            ``f.<field>``                    ``in:<v1>|<v2>``
category not in        ``f.<field>``                    ``not_in:<v1>|<v2>``
number / year range    ``f.<field>``                    ``range:<lo>..<hi>`` (either empty)
text contains          ``f.<field1>,<field2>``          ``has:<text>``
near a reference       ``f.@near``                      ``near:<layer>:<idx|*>:<metres>``
inside drawn areas     ``f.@inside``                    ``inside:lon,lat;lon,lat;…|…``
=====================  ===============================  ================================

(``*``: every feature of the layer; ``idx``: the row position of one feature; polygons of an
area are separated by ``|``, each an outer ring of lon/lat degrees, checked by
``geo.drawn.check_ring``.)

Parameters not starting with ``f.`` belong to the app and are skipped. A parameter naming
an undeclared field, or carrying a bad operator or value, is ignored and reported: it is
only ever parsed as data, never evaluated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from geo._filter_coerce import PREFIX
from geo.errors import InvalidFilterError
from geo.filters import Filter, FilterSet, TextFilter, build_filter, filter_key
from geo.filters_spatial import decode as decode_spatial

_OP_OF_TAG = {"in": "in", "not_in": "not_in", "range": "range", "has": "contains"}
_SPATIAL = {"@near": "near", "@inside": "inside"}  # key (after the prefix) -> tag


@dataclass(frozen=True)
class IgnoredParam:
    """A URL parameter that was not applied, and why (zh/en)."""

    key: str
    reason_zh: str
    reason_en: str


def encode(f: Filter) -> tuple[str, str]:
    """(key, value) of one filter (each filter knows its URL form)."""
    return f.param()


def to_params(fs: FilterSet) -> dict[str, str]:
    """``{"f.<field>": "<op>:<value>"}`` for every filter of ``fs``."""
    return dict(encode(f) for f in fs.filters)


def _decode_value(tag: str, body: str) -> object:
    if tag in ("in", "not_in"):
        return [unquote(v) for v in body.split("|")] if body else []
    if tag == "range":
        parts = body.split("..")
        if len(parts) != 2:
            raise InvalidFilterError(f"范围“{body}”格式应为 下限..上限",
                                     f"Range {body!r} must look like lo..hi")
        return tuple(unquote(p) for p in parts)
    return unquote(body)


def _decode(key: str, raw: str, declared: Mapping[str, str]) -> Filter:
    name = key[len(PREFIX):]
    if name in _SPATIAL:
        tag, sep, body = str(raw).partition(":")
        if tag != _SPATIAL[name] or not sep:
            raise InvalidFilterError(f"无法识别的空间筛选写法“{raw}”", f"Unrecognised spatial filter {raw!r}")
        return decode_spatial(tag, body)
    fields = [unquote(k) for k in key[len(PREFIX):].split(",")]
    tag, sep, body = str(raw).partition(":")
    if not sep or tag not in _OP_OF_TAG:
        raise InvalidFilterError(f"无法识别的筛选写法“{raw}”", f"Unrecognised filter value {raw!r}")
    value = _decode_value(tag, body)
    built = [build_filter(declared, field, _OP_OF_TAG[tag], value) for field in fields]
    if len(built) == 1:
        return built[0]
    if not all(isinstance(b, TextFilter) for b in built):
        raise InvalidFilterError("只有文字搜索可以同时作用于多个字段",
                                 "Only a text search may span several fields")
    return TextFilter(tuple(fields), built[0].text)


def from_params(params: Mapping[str, str], declared: Mapping[str, str]) -> tuple[FilterSet, list[IgnoredParam]]:
    """Parse URL parameters into a FilterSet; return it with the parameters ignored.

    Preconditions: ``declared`` maps field -> kind as for ``build_filter``. Keys without the
    ``f.`` prefix are skipped silently (app state); unknown fields, bad operators/values
    and duplicates of a field are ignored and listed with a zh/en reason.
    """
    filters: dict[str, Filter] = {}
    ignored: list[IgnoredParam] = []
    for key, raw in params.items():
        if not str(key).startswith(PREFIX):
            continue
        try:
            f = _decode(str(key), raw, declared)
        except InvalidFilterError as exc:
            ignored.append(IgnoredParam(str(key), exc.zh, exc.en))
            continue
        if filter_key(f) in filters:
            ignored.append(IgnoredParam(str(key), "同一字段的筛选条件重复，已忽略",
                                        "Duplicate filter for the same field; ignored"))
            continue
        filters[filter_key(f)] = f
    return FilterSet(tuple(filters.values())), ignored
