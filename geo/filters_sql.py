"""Filters as conditions a database can evaluate: the filter model pushed down.

Every filter of :mod:`geo.filters` answers :meth:`condition` with one of the small frozen
records below; a database engine compiles them into bound SQL (PostGIS:
:mod:`layers.store.sql_where`), so a filter over a 10^6-feature table is one indexed query and
never a string built from user text. The records carry values, never SQL: field names are
identifiers the compiler quotes, values are parameters it binds.

Semantics are those of the filters' ``mask`` (tests check both give the same rows):

* :class:`In` — a cell matches when its whole text or one of its ";"-separated parts (trimmed)
  equals a value; an empty cell matches nothing (so ``exclude`` keeps it).
* :class:`Range` — inclusive numeric bounds; a cell that is not a number (or, for ``year``, holds
  no 4-digit year) is unknown and drops out once a bound is set.
* :class:`Contains` — any of the fields contains the text, case-insensitively, literally.
* :class:`Near` / :class:`Inside` — geometries in EPSG:4548 (CGCS2000 GK CM 117°E) as WKB:
  within ``metres`` of any reference / intersecting the area.
"""

from __future__ import annotations

from dataclasses import dataclass

ANALYSIS_SRID = 4548  # CGCS2000 / 3-degree Gauss-Kruger CM 117E, as geo.proximity


@dataclass(frozen=True)
class In:
    """``field`` holds one of ``values`` (as text); ``exclude``: none of them."""

    field: str
    values: tuple[str, ...]
    exclude: bool = False


@dataclass(frozen=True)
class Range:
    """``field`` (a number, or the first 4-digit year of its text when ``year``) in [lo, hi]."""

    field: str
    lo: float | None
    hi: float | None
    year: bool = False


@dataclass(frozen=True)
class Contains:
    """Any of ``fields`` contains ``text`` (case-insensitive, literal)."""

    fields: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Near:
    """Within ``metres`` of any of ``refs`` (WKB, EPSG:4548)."""

    refs: tuple[bytes, ...]
    metres: float


@dataclass(frozen=True)
class Inside:
    """Intersects ``area`` (WKB, EPSG:4548)."""

    area: bytes


@dataclass(frozen=True)
class All:
    """Every part holds (an empty ``All`` holds for every row)."""

    parts: tuple[Condition, ...] = ()


Condition = In | Range | Contains | Near | Inside | All
