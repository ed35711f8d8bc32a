"""Queries the PostGIS engine answers on an imported layer's table (engine-specific, not on
the :class:`~layers.store.base.Store` interface: the GeoPackage engine has no ``ST_AsMVT``, and
its layers keep the pandas path).

* :meth:`PostgisQueries.count_where` / :meth:`~PostgisQueries.ids_where` — the rows a filter
  condition keeps (:mod:`layers.store.sql_where`: bound SQL, index-served spatial parts);
* :meth:`PostgisQueries.mvt` — one Mapbox Vector Tile from ``ST_AsMVT``, the same tile the
  GDAL pipeline writes (:mod:`geo.tiles.mbtiles`): layer ``features``, property ``zq_id`` (the
  row number, also the feature id) plus the styling columns as text, 4096 units per tile.
"""

from __future__ import annotations

import numpy as np
from psycopg import sql

from geo import filters_sql as fs
from geo.tiles.mbtiles import ID_FIELD, TILE_LAYER
from geo.tiles.zooms import MAXZOOM
from layers.store.sql_where import ICU, cell_text, compile_where

EXTENT = 4096  # tile units, as GDAL's MVT driver
BUFFER = 64  # tile units drawn beyond the edge (no seams between tiles)

#: One tile. Rule (as the GDAL tiles): no simplification besides the 4096-unit grid that
#: ST_AsMVTGeom snaps to; features are fetched through the GiST index on ``geom`` (the tile's
#: buffered box in EPSG:4326). A polygon that would collapse on the grid (a parcel smaller
#: than a unit: 7.7 m at z10, 0.5 m at z14) is kept as a one-unit square at its centroid, so every feature
#: in the tile's box is in the tile and a click or the mask can still reach it.
MVT_SQL = """
WITH env AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS e,
                    ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s,
                                 margin => %(margin)s), 4326) AS box),
src AS (SELECT t.zq_id, {props}, ST_Transform(t.geom, 3857) AS g
        FROM {table} AS t, env WHERE t.geom && env.box),
q AS (SELECT src.zq_id AS zq_fid, src.zq_id AS {id_field}, {names},
             coalesce(ST_AsMVTGeom(src.g, env.e, {extent}, {buffer}, true),
                      CASE WHEN ST_Dimension(src.g) = 2 THEN ST_AsMVTGeom(
                          ST_Expand(ST_Centroid(src.g), (ST_XMax(env.e) - ST_XMin(env.e))
                                    / {extent} / 2), env.e, {extent}, {buffer}, true) END) AS mvtgeom
      FROM src, env)
SELECT ST_AsMVT(q, %(layer)s, {extent}, 'mvtgeom', 'zq_fid') FROM q WHERE mvtgeom IS NOT NULL
"""


class PostgisQueries:
    """Mixed into :class:`layers.store.postgis.PostgisStore` (uses its ``_read``, ``_table``
    and ``_live_layer``)."""

    def column_types(self, layer_id: str) -> dict[str, str]:
        """Attribute column -> PostgreSQL type (``format_type``) of layer ``layer_id``'s table."""
        table = self._table(layer_id)  # validates the id
        with self._read() as cur:
            rows = cur.execute(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                "attrelid = to_regclass(%s) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                (table.as_string(cur),)).fetchall()
        return {name: kind for name, kind in rows if name not in ("zq_id", "geom")}

    def _where(self, layer_id: str, cond: fs.Condition) -> tuple[sql.Composable, list]:
        self._live_layer(layer_id)
        return compile_where(cond, self.column_types(layer_id), self._collation())

    def _collation(self) -> str | None:
        """ICU's root collation for the name search's lower case, if the server has ICU."""
        found = getattr(self, "_icu", None)
        if found is None:
            with self._read() as cur:
                found = (cur.execute("SELECT collname FROM pg_collation WHERE collname = %s",
                                     (ICU,)).fetchone() or ("",))[0]
            self._icu = found
        return found or None

    def count_where(self, layer_id: str, cond: fs.Condition) -> int:
        """How many rows of layer ``layer_id`` ``cond`` keeps (one indexed query).

        Preconditions: spatial parts bound (EPSG:4548 WKB). NotFoundError for a layer that is
        missing or removed, InvalidFilterError for a field the table lacks."""
        where, params = self._where(layer_id, cond)
        q = sql.SQL("SELECT count(*) FROM {} WHERE {}").format(self._table(layer_id), where)
        with self._read() as cur:
            return int(cur.execute(q, params).fetchone()[0])

    def ids_where(self, layer_id: str, cond: fs.Condition) -> np.ndarray:
        """The sorted ``zq_id`` (row numbers, int64) of the rows ``cond`` keeps.

        Streamed with COPY (text), so 10^6 ids cost one round trip and a numpy parse."""
        where, params = self._where(layer_id, cond)
        q = sql.SQL("COPY (SELECT zq_id FROM {} WHERE {}) TO STDOUT").format(
            self._table(layer_id), where)
        chunks = []
        with self._read() as cur, cur.copy(q, params) as copy:
            for block in copy:
                chunks.append(bytes(block))
        ids = np.array(b"".join(chunks).split(), dtype=np.int64)
        ids.sort()
        return ids

    def mvt(self, layer_id: str, z: int, x: int, y: int, columns: tuple[str, ...] | list[str],
            minzoom: int) -> bytes:
        """The MVT bytes (not compressed) of XYZ tile ``z/x/y``; ``b""`` when it is empty or
        outside ``minzoom``..MAXZOOM (see :data:`MVT_SQL` for the rule).

        ``columns`` are the styling attributes (:func:`layers.tiled.tile_columns`), carried as
        text like the GDAL tiles (missing values left out)."""
        if not (minzoom <= z <= MAXZOOM and 0 <= x < 2**z and 0 <= y < 2**z):
            return b""
        types = self.column_types(layer_id)
        props, names = [], []
        for i, name in enumerate(columns):
            if name not in types:
                raise ValueError(f"layer {layer_id} has no column {name!r}")
            text = cell_text(sql.SQL("t.{}").format(sql.Identifier(name)), types[name])
            props.append(sql.SQL("{} AS {}").format(text, sql.Identifier(f"c{i}")))
            names.append(sql.SQL("src.{} AS {}").format(sql.Identifier(f"c{i}"),
                                                          sql.Identifier(name)))
        q = sql.SQL(MVT_SQL).format(
            table=self._table(layer_id), id_field=sql.Identifier(ID_FIELD),
            props=sql.SQL(", ").join(props or [sql.SQL("NULL AS c")]),
            names=sql.SQL(", ").join(names or [sql.SQL("NULL::text AS c")]),
            extent=sql.Literal(EXTENT), buffer=sql.Literal(BUFFER))
        params = {"z": int(z), "x": int(x), "y": int(y), "margin": BUFFER / EXTENT,
                  "layer": TILE_LAYER}
        with self._read() as cur:
            row = cur.execute(q, params).fetchone()
        return bytes(row[0]) if row and row[0] else b""
