"""The database engine: the whole workspace in PostgreSQL + PostGIS (``ZQ_DATABASE_URL``).

psycopg 3 with a small connection pool shared by the process's threads. The schema is created
and migrated by the app itself at first use (``migrations/postgis``, version in ``zq_schema``),
under an advisory lock, so two processes opening the same database at once migrate it once.
Imported layers are real tables ``ws_<id>`` (``zq_id`` = row number as primary key, the
attribute columns, ``geom geometry(Geometry, 4326)`` with a GiST index, and one on
``ST_Transform(geom, 4548)`` for the pushed-down spatial filters), created and filled with
COPY in the transaction that registers the layer and writes its trail entry: a killed import
or a dropped connection leaves nothing. Every value is a bound parameter and every identifier
goes through :class:`psycopg.sql.Identifier`. A database that cannot be reached raises
:class:`UnavailableError`; the pool replaces broken connections, so the next call after the
database returns works.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import shapely
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from layers.spec import LayerSpec, spec_from_dict
from layers.store import migrations
from layers.store.base import Actor, Progress, StoreError, UnavailableError
from layers.store.gpkg import check_layer_id
from layers.store.postgis_query import PostgisQueries
from layers.store.sql import SqlStore
from layers.store.values import spec_to_dict

MIGRATION_LOCK = 0x7A71_5354  # advisory lock key of the migrations ("zqST")
COPY_STEP = 10_000  # rows between progress reports
_RESERVED = ("zq_id", "geom")


def _pg_type(col: pd.Series) -> str:
    """The column type of an attribute (a pandas dtype), as SQL text from a fixed list."""
    if pd.api.types.is_bool_dtype(col):
        return "boolean"
    if pd.api.types.is_integer_dtype(col):
        return "bigint"
    if pd.api.types.is_float_dtype(col):
        return "double precision"
    if pd.api.types.is_datetime64_any_dtype(col):
        return "timestamptz" if getattr(col.dt, "tz", None) is not None else "timestamp"
    return "text"


def _values(col: pd.Series, kind: str) -> list:
    """Python values of a column for COPY (NULL for missing; text columns as str)."""
    out = col.astype(object).where(col.notna(), None).tolist()
    if kind == "text":
        return [None if v is None else str(v) for v in out]
    return [v.item() if isinstance(v, np.generic) else v for v in out]


class PostgisStore(PostgisQueries, SqlStore):
    """The workspace in one PostgreSQL database; ``root`` holds the local files beside it."""

    kind = "postgis"
    #: seconds a call waits for a connection before it says the database is unavailable
    TIMEOUT = 3.0
    GEOM_IN = "ST_GeomFromWKB(%s, 4326)"
    GEOM_OUT = "ST_AsBinary(geom)"

    def __init__(self, url: str, root: Path | str):
        self.url, self.root = url, Path(root)
        self._pool: ConnectionPool | None = None
        self._lock_open = threading.Lock()
        self._ready = False

    def describe(self) -> str:
        info = conninfo_to_dict(self.url)
        return (f"postgresql://{info.get('user', '')}@{info.get('host', 'localhost')}:"
                f"{info.get('port', 5432)}/{info.get('dbname', '')}")

    def ping(self) -> None:
        with self._read() as cur:
            cur.execute("SELECT 1")

    def close(self) -> None:
        """Close the pool's connections (tests; a process simply exits)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    # -- connections ----------------------------------------------------------------------------
    def _unavailable(self, exc: Exception) -> UnavailableError:
        where = self.describe()
        return UnavailableError(f"无法连接工作区数据库（{where}）；请稍后再试，或请管理员检查数据库",
                                f"The workspace database ({where}) cannot be reached; try again "
                                f"shortly or ask the administrator to check it ({type(exc).__name__})")

    def _connections(self) -> ConnectionPool:
        with self._lock_open:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self.url, min_size=1, max_size=8, timeout=self.TIMEOUT, open=True,
                    check=ConnectionPool.check_connection, name="zq-store",
                    # jit off: the short filter/tile queries lose ~0.5 s compiling otherwise
                    kwargs={"autocommit": True, "connect_timeout": 3, "options": "-c jit=off"})
            return self._pool

    @contextmanager
    def _conn(self, write: bool) -> Iterator[psycopg.Cursor]:
        """A cursor (in one transaction when ``write``); connection failures → Unavailable."""
        try:
            with self._connections().connection() as conn:
                if write:
                    with conn.transaction(), conn.cursor() as cur:
                        yield cur
                else:
                    with conn.cursor() as cur:
                        yield cur
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise self._unavailable(exc) from exc

    def _ensure(self) -> None:
        if self._ready:
            return
        with self._conn(write=True) as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            cur.execute("CREATE TABLE IF NOT EXISTS zq_schema (version integer NOT NULL)")
            current = cur.execute("SELECT MAX(version) FROM zq_schema").fetchone()[0] or 0
            for number, text in migrations.pending("postgis", int(current)):
                cur.execute(text)
                cur.execute("INSERT INTO zq_schema (version) VALUES (%s)", (number,))
        self._ready = True

    @contextmanager
    def _tx(self) -> Iterator[psycopg.Cursor]:
        self._ensure()
        with self._conn(write=True) as cur:
            yield cur

    @contextmanager
    def _read(self) -> Iterator[psycopg.Cursor]:
        self._ensure()
        with self._conn(write=False) as cur:
            yield cur

    def _js(self, value: object) -> object:
        return None if value is None else Jsonb(value)

    def _unjs(self, value: object) -> object:
        return value

    def _lock(self, cur: psycopg.Cursor, name: str) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (name,))

    def _stored_spec(self, spec: dict) -> LayerSpec:
        return spec_from_dict({**spec, "file": "", "gpkg_layer": f"ws_{spec['id']}"})

    # -- imported layers' data ----------------------------------------------------------------
    @staticmethod
    def _table(layer_id: str) -> sql.Identifier:
        check_layer_id(layer_id)
        return sql.Identifier(f"ws_{layer_id}")

    def _count_in(self, cur: psycopg.Cursor, layer_id: str) -> int:
        q = sql.SQL("SELECT count(*) FROM {}").format(self._table(layer_id))
        return int(cur.execute(q).fetchone()[0])

    def count(self, layer_id: str) -> int:
        self._live_layer(layer_id)
        with self._read() as cur:
            return self._count_in(cur, layer_id)

    def read_layer(self, layer_id: str, columns: Iterable[str] | None = None) -> gpd.GeoDataFrame:
        self._live_layer(layer_id)
        with self._read() as cur:
            names = [r[0] for r in cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND table_name = %s ORDER BY ordinal_position",
                (f"ws_{layer_id}",)).fetchall() if r[0] not in _RESERVED]
            if columns is not None:
                wanted = set(columns)
                names = [n for n in names if n in wanted]
            q = sql.SQL("SELECT {}ST_AsBinary(geom) FROM {} ORDER BY zq_id").format(
                sql.SQL("").join(sql.SQL("{}, ").format(sql.Identifier(n)) for n in names),
                self._table(layer_id))
            rows = cur.execute(q).fetchall()
        geoms = shapely.from_wkb([r[-1] for r in rows]) if rows else []
        df = pd.DataFrame([r[:-1] for r in rows], columns=names)
        return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs=4326), crs=4326)

    def _add_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame, actor: Actor, meta: dict,
                   progress: Progress) -> LayerSpec:
        table = self._table(spec.id)
        gdf = gdf.to_crs(4326)
        cols = [c for c in gdf.columns if c != gdf.geometry.name]
        if clash := [c for c in cols if c in _RESERVED]:
            raise StoreError(f"属性名 {clash} 为保留字", f"Attribute names {clash} are reserved")
        kinds = [_pg_type(gdf[c]) for c in cols]
        progress.phase("store")
        with self._tx() as cur:
            if cur.execute("SELECT 1 FROM zq_layers WHERE id = %s", (spec.id,)).fetchone():
                raise StoreError(f"图层 {spec.id} 已存在", f"Layer {spec.id} already exists")
            defs = [sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(k))  # k: a fixed type name
                    for c, k in zip(cols, kinds, strict=True)]
            cur.execute(sql.SQL("CREATE TABLE {} (zq_id bigint PRIMARY KEY, {}geom "
                                "geometry(Geometry, 4326))").format(
                table, sql.SQL("").join(sql.SQL("{}, ").format(d) for d in defs)))
            self._copy(cur, table, gdf, cols, kinds, progress)
            cur.execute(sql.SQL("CREATE INDEX ON {} USING gist (geom)").format(table))
            cur.execute(sql.SQL("CREATE INDEX {} ON {} USING gist (ST_Transform(geom, 4548))").format(
                sql.Identifier(f"ws_{spec.id}_geom_4548"), table))  # filters (sql_where)
            cur.execute(sql.SQL("ANALYZE {}").format(table))  # the planner knows the new rows
            self._register_layer(cur, spec, len(gdf), actor, meta)
        return self._stored_spec(spec_to_dict(spec))

    def _copy(self, cur: psycopg.Cursor, table: sql.Identifier, gdf: gpd.GeoDataFrame,
              cols: list[str], kinds: list[str], progress: Progress) -> None:
        """COPY the rows (row number as zq_id, geometry as EWKB hex) in this transaction."""
        values = [_values(gdf[c], k) for c, k in zip(cols, kinds, strict=True)]
        geoms = shapely.set_srid(np.asarray(gdf.geometry.values, dtype=object), 4326)
        wkb = shapely.to_wkb(geoms, hex=True, include_srid=True)
        names = sql.SQL(", ").join(sql.Identifier(n) for n in ["zq_id", *cols, "geom"])
        n = len(gdf)
        with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(table, names)) as copy:
            for i in range(n):
                copy.write_row((i, *(v[i] for v in values), wkb[i]))
                if (i + 1) % COPY_STEP == 0:
                    progress.step(i + 1, n)
        progress.step(n, n)
