"""Filter conditions (:mod:`geo.filters_sql`) compiled into bound PostGIS SQL.

:func:`compile_where` turns a :data:`~geo.filters_sql.Condition` into a
:class:`psycopg.sql.Composed` ``WHERE`` clause and its parameters: every value is a bound
parameter, every field an :class:`psycopg.sql.Identifier` checked against the table's columns;
no user text is ever formatted into SQL. The rows it keeps are those of the filters' pandas
``mask`` on the same layer as :func:`layers.load.load_layer` reads it back (tests compare both):

* In — the cell's text as :func:`geo._filter_coerce.as_key` gives it (Python's ``strip()``
  whitespace, an integral float without ".0", booleans "True"/"False") or one of its
  ";"-separated parts, trimmed, is a value; NULL matches nothing, so ``exclude`` keeps it.
* Range — numbers as ``pandas.to_numeric`` reads them (text: ASCII decimal notation with
  optional exponent of at most 3 digits, or inf/infinity); ``year``: the first run of four
  Unicode digits of the text, a number only when they are ASCII; unknown drops out.
* Contains — ``strpos(lower(…))`` under the ICU root collation ``und-x-icu`` (full-Unicode
  lower case whatever the database's locale; the masks use ``casefold``, which differs only for
  a handful of letters such as "ß"). A server built without ICU passes ``collation=None``: the
  database's own lower case (ASCII only under the C locale).
* Near / Inside — ``ST_DWithin`` / ``ST_Intersects`` on ``ST_Transform(geom, 4548)``, the very
  CRS the masks measure in; the expression GiST index of migration 002 (made with each table)
  serves both, so results equal the masks' and no 4326 approximation of a metric buffer is
  needed. Several references are one GEOMETRYCOLLECTION (distance = to the nearest member).

Date/time columns compare PostgreSQL's text form (the masks: pandas'), and a name search over a
float column reads 2023.0 as "2023" (pandas: "2023.0"); the app's categories and names are
text, its numbers numbers.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

import shapely
from psycopg import sql

from geo import filters_sql as fs
from geo.errors import InvalidFilterError

Sql = tuple[sql.Composable, list]
#: the characters Python's ``str.strip()`` removes (``as_key`` strips cells and parts)
PY_SPACE = "".join(chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace())
ASCII_SPACE = " \t\n\r\v\f"  # what pandas.to_numeric skips around a number
NUMBER_RE = r"^[ \t\n\r\v\f]*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?[ \t\n\r\v\f]*$"
INF_RE = r"^[+-]?(inf|infinity)$"
#: decimal text at or beyond these rounds to ±inf / to 0 as a double (float8in refuses it)
OVERFLOW = "1.797693134862315807937289714053034150799e308"
UNDERFLOW = "2.470328229206232720882538e-324"
NUMERIC = ("bigint", "integer", "smallint", "double precision", "real", "numeric")
ICU = "und-x-icu"


def _unicode_digits() -> str:
    """A regex bracket body of every Unicode decimal digit (Python's ``\\d``)."""
    runs, start = [], None
    for i in range(sys.maxunicode + 2):
        digit = i <= sys.maxunicode and chr(i).isdecimal()
        if digit and start is None:
            start = i
        elif not digit and start is not None:
            runs.append(f"{chr(start)}-{chr(i - 1)}")
            start = None
    return "".join(runs)


YEAR_RE = f"([{_unicode_digits()}]{{4}})"


def _column(field: str, columns: Mapping[str, str]) -> tuple[sql.Identifier, str]:
    if field not in columns:
        raise InvalidFilterError(f"数据中没有字段“{field}”", f"The data has no field {field!r}")
    return sql.Identifier(field), columns[field]


def cell_text(col: sql.Composable, kind: str) -> sql.Composable:
    """A cell as text, no parameters: text as stored; numbers and booleans as ``as_key`` writes
    them (2023.0 -> "2023", True -> "True"); other types in PostgreSQL's text form."""
    if kind == "text":
        return col
    if kind in ("double precision", "real", "numeric"):
        return sql.SQL("(CASE WHEN {c} = trunc({c}) AND abs({c}) < 1e18 THEN {c}::bigint::text "
                       "WHEN {c} = 'Infinity' THEN 'inf' WHEN {c} = '-Infinity' THEN '-inf' "
                       "ELSE {c}::text END)").format(c=col)
    if kind == "boolean":
        return sql.SQL("(CASE WHEN {c} THEN 'True' WHEN NOT {c} THEN 'False' END)").format(c=col)
    return sql.SQL("{}::text").format(col)


def _key(col: sql.Identifier, kind: str) -> Sql:
    """The cell as ``as_key`` sees it (stripped text), NULL for a missing value."""
    if kind == "text":
        return sql.SQL("btrim({}, %s)").format(col), [PY_SPACE]
    return cell_text(col, kind), []


def _in(cond: fs.In, columns: Mapping[str, str]) -> Sql:
    key, kp = _key(*_column(cond.field, columns))
    values = list(cond.values)
    hit = sql.SQL("coalesce({k} = ANY(%s::text[]) OR (strpos({k}, ';') > 0 AND EXISTS ("
                  "SELECT 1 FROM unnest(string_to_array({k}, ';')) AS part(v) "
                  "WHERE btrim(part.v, %s) = ANY(%s::text[]))), false)").format(k=key)
    params = [*kp, values, *kp, *kp, PY_SPACE, values]
    return (sql.SQL("NOT {}").format(hit) if cond.exclude else hit), params


def _number(col: sql.Identifier, kind: str, year: bool) -> Sql:
    """The cell as the range masks read it (float8), NULL when unknown."""
    if kind in NUMERIC:
        return sql.SQL("{}::float8").format(col), []
    if year:
        text = sql.SQL("substring({}::text from %s)").format(col)
        return sql.SQL("(CASE WHEN {t} ~ '^[0-9]{{4}}$' THEN {t}::float8 END)").format(t=text), \
            [YEAR_RE, YEAR_RE]
    if kind == "boolean":
        return sql.SQL("{}::int::float8").format(col), []
    num = sql.SQL("btrim({}::text, %s)::numeric").format(col)
    return sql.SQL("(CASE WHEN {c}::text ~ %s THEN (CASE WHEN {n} >= {big} THEN 'Infinity'::float8 "
                   "WHEN {n} <= -{big} THEN '-Infinity'::float8 WHEN abs({n}) < {tiny} THEN 0 "
                   "ELSE {n}::float8 END) WHEN {c}::text ~* %s THEN (CASE WHEN left({c}::text, 1) "
                   "= '-' THEN '-Infinity'::float8 ELSE 'Infinity'::float8 END) END)"
                   ).format(c=col, n=num, big=sql.SQL(OVERFLOW), tiny=sql.SQL(UNDERFLOW)), \
        [NUMBER_RE, *[ASCII_SPACE] * 4, INF_RE]


def _range(cond: fs.Range, columns: Mapping[str, str]) -> Sql:
    col, kind = _column(cond.field, columns)
    if kind != "text" and cond.year and kind not in NUMERIC:
        kind = "text"  # a year from the text form (booleans, dates: as pandas' string)
    value, vp = _number(col, kind, cond.year)
    parts, params = [], []
    for op, bound in ((">=", cond.lo), ("<=", cond.hi)):
        if bound is not None:
            parts.append(sql.SQL("coalesce({} {} %s::float8, false)").format(value, sql.SQL(op)))
            params += [*vp, float(bound)]
    return (sql.SQL(" AND ").join(parts) if parts else sql.SQL("true")), params


def _contains(cond: fs.Contains, columns: Mapping[str, str], collation: str | None) -> Sql:
    present = [f for f in cond.fields if f in columns]
    if not present:
        _column(cond.fields[0], columns)  # raises: the mask's error for a frame without them
    parts, params = [], []
    for field in present:
        col, kind = _column(field, columns)
        text = cell_text(col, kind)
        if collation:
            text = sql.SQL("({}) COLLATE {}").format(text, sql.Identifier(collation))
        parts.append(sql.SQL("coalesce(strpos(lower({}), lower(%s::text{})) > 0, false)").format(
            text, sql.SQL(" COLLATE {}").format(sql.Identifier(collation)) if collation
            else sql.SQL("")))
        params.append(cond.text)
    return sql.SQL("({})").format(sql.SQL(" OR ").join(parts)), params


def _collection(wkbs: tuple[bytes, ...]) -> bytes | None:
    geoms = [g for g in shapely.from_wkb(list(wkbs)) if g is not None and not g.is_empty]
    return shapely.to_wkb(shapely.GeometryCollection(geoms)) if geoms else None


def _spatial(cond: fs.Near | fs.Inside) -> Sql:
    """Bare predicates (no coalesce, which would hide them from the index): NULL for a row
    without geometry, which a WHERE drops; spatial parts are never negated."""
    srid = fs.ANALYSIS_SRID
    if isinstance(cond, fs.Near):
        refs = _collection(cond.refs)
        if refs is None:
            return sql.SQL("false"), []
        return sql.SQL("ST_DWithin(ST_Transform(geom, {s}), ST_GeomFromWKB(%s, {s}), %s)").format(
            s=sql.Literal(srid)), [refs, float(cond.metres)]
    area = _collection((cond.area,))
    if area is None:
        return sql.SQL("false"), []
    return sql.SQL("ST_Intersects(ST_Transform(geom, {s}), ST_GeomFromWKB(%s, {s}))").format(
        s=sql.Literal(srid)), [area]


def compile_where(cond: fs.Condition, columns: Mapping[str, str],
                  collation: str | None = ICU) -> Sql:
    """``(clause, params)`` for ``WHERE clause`` over a layer table whose attribute columns are
    ``columns`` (name -> PostgreSQL data type as information_schema spells it).

    Preconditions: spatial conditions carry EPSG:4548 WKB (filters bound first); the table has
    ``geom geometry(…, 4326)``. A field the table lacks raises InvalidFilterError (as the mask).
    ``collation``: of the name search's lower case (None: the database default).
    """
    if isinstance(cond, fs.All):
        parts = [compile_where(p, columns, collation) for p in cond.parts]
        if not parts:
            return sql.SQL("true"), []
        clause = sql.SQL(" AND ").join(sql.SQL("({})").format(c) for c, _ in parts)
        return clause, [v for _, params in parts for v in params]
    if isinstance(cond, fs.In):
        return _in(cond, columns)
    if isinstance(cond, fs.Range):
        return _range(cond, columns)
    if isinstance(cond, fs.Contains):
        return _contains(cond, columns, collation)
    if isinstance(cond, fs.Near | fs.Inside):
        return _spatial(cond)
    raise TypeError(f"not a condition: {cond!r}")
