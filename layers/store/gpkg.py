"""The embedded engine: the workspace in one GeoPackage, ``<root>/workspace.gpkg``.

Layout (readable by QGIS/GDAL as any GeoPackage): one GPKG layer ``ws_<id>`` per imported layer,
the JSON documents in ``zq_meta`` (both as earlier versions wrote them, so a workspace made by
them opens without loss), and the store's own SQLite tables (``zq_layers``, ``zq_features``,
``zq_audit``, accounts, sign-ins, sessions, ``zq_schema``) created by the numbered migrations in
``migrations/gpkg``. Every change and its trail entry are one ``BEGIN IMMEDIATE`` transaction.

An imported layer's rows are written by GDAL first (its own connection) under their final name
and only then registered, with the trail entry, in one transaction: until then no reader lists
it, so an import killed midway leaves no half layer (only an unlisted table).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from layers.spec import LayerSpec, spec_from_dict
from layers.store import migrations
from layers.store.base import Actor, Progress, StoreError, UnavailableError
from layers.store.sql import SqlStore
from layers.store.values import spec_to_dict

_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
CHUNK = 50_000  # rows per GDAL write (an import reports progress between them)
_CREATE = threading.Lock()


class _Lite:
    """A SQLite cursor that takes ``%s`` placeholders (the shared SQL's spelling)."""

    def __init__(self, con: sqlite3.Connection):
        self.con, self.cur = con, con.cursor()

    def execute(self, sql: str, params: tuple = ()) -> _Lite:
        self.cur.execute(sql.replace("%s", "?"), params)
        return self

    def fetchone(self) -> tuple | None:
        return self.cur.fetchone()

    def fetchall(self) -> list[tuple]:
        return self.cur.fetchall()


def _busy(exc: sqlite3.OperationalError) -> UnavailableError:
    return UnavailableError(f"工作区正忙或无法写入（{exc}），请稍后再试",
                            f"The workspace is busy or cannot be written ({exc}); try again shortly")


def check_layer_id(layer_id: str) -> None:
    """Raise ValueError unless ``layer_id`` is lowercase letters, digits and _ (≤ 41)."""
    if not _ID_RE.match(layer_id):
        raise ValueError(f"layer id {layer_id!r}: lowercase letters, digits, _ only")


class GpkgStore(SqlStore):
    """The workspace in ``<root>/workspace.gpkg``; each call opens its own SQLite connection."""

    kind = "gpkg"

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.gpkg = self.root / "workspace.gpkg"
        self._ready = False

    def describe(self) -> str:
        return str(self.gpkg)

    def ping(self) -> None:
        with self._read() as cur:
            cur.execute("SELECT 1")

    # -- connections, transactions, migrations ------------------------------------------------
    def _ensure(self) -> None:
        """Create the GeoPackage (through GDAL: a conformant file) and migrate it, once."""
        if self._ready and self.gpkg.exists():
            return
        with _CREATE:
            if not self._has_table("zq_meta"):
                self.root.mkdir(parents=True, exist_ok=True)
                pyogrio.write_dataframe(pd.DataFrame({"key": ["zq_created"], "value": ["true"]}),
                                        self.gpkg, layer="zq_meta", driver="GPKG")
            self._migrate()
            self._ready = True

    def _has_table(self, name: str) -> bool:
        if not self.gpkg.exists():
            return False
        with self._raw() as con:
            return con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                               (name,)).fetchone() is not None

    @contextmanager
    def _raw(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.gpkg, timeout=30, isolation_level=None)
        try:
            yield con
        finally:
            con.close()

    def _migrate(self) -> None:
        with self._raw() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                con.execute("CREATE TABLE IF NOT EXISTS zq_schema (version INTEGER NOT NULL)")
                row = con.execute("SELECT MAX(version) FROM zq_schema").fetchone()
                for number, text in migrations.pending("gpkg", int(row[0] or 0)):
                    for statement in _statements(text):
                        con.execute(statement)
                    con.execute("INSERT INTO zq_schema (version) VALUES (?)", (number,))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    @contextmanager
    def _tx(self) -> Iterator[_Lite]:
        self._ensure()
        with self._raw() as con:
            try:
                con.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise _busy(exc) from exc
            try:
                yield _Lite(con)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    @contextmanager
    def _read(self) -> Iterator[_Lite]:
        self._ensure()
        with self._raw() as con:
            yield _Lite(con)

    def _ts(self, when: dt.datetime) -> str:
        """Fixed-width UTC text, so that SQLite compares times as strings correctly."""
        return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")

    def _stored_spec(self, spec: dict) -> LayerSpec:
        return spec_from_dict({**spec, "file": str(self.gpkg.resolve()),
                               "gpkg_layer": f"ws_{spec['id']}"})

    # -- imported layers' data ----------------------------------------------------------------
    def read_layer(self, layer_id: str, columns: Iterable[str] | None = None) -> gpd.GeoDataFrame:
        self._live_layer(layer_id)
        return pyogrio.read_dataframe(self.gpkg, layer=f"ws_{layer_id}", use_arrow=True,
                                      columns=list(columns) if columns is not None else None)

    def count(self, layer_id: str) -> int:
        self._live_layer(layer_id)
        with self._read() as cur:
            return self._count_in(cur, layer_id)

    def _count_in(self, cur: _Lite, layer_id: str) -> int:
        check_layer_id(layer_id)
        return int(cur.execute(f'SELECT count(*) FROM "ws_{layer_id}"').fetchone()[0])

    def _add_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame, actor: Actor, meta: dict,
                   progress: Progress) -> LayerSpec:
        check_layer_id(spec.id)
        self._ensure()
        with self._read() as cur:
            if cur.execute("SELECT 1 FROM zq_layers WHERE id = %s", (spec.id,)).fetchone():
                raise StoreError(f"图层 {spec.id} 已存在", f"Layer {spec.id} already exists")
        name, gdf = f"ws_{spec.id}", gdf.to_crs(4326)
        progress.phase("store")
        try:
            for start in range(0, max(len(gdf), 1), CHUNK):
                pyogrio.write_dataframe(gdf.iloc[start:start + CHUNK], self.gpkg, layer=name,
                                        driver="GPKG", append=start > 0)
                progress.step(min(start + CHUNK, len(gdf)), len(gdf))
            with self._tx() as cur:
                self._register_layer(cur, spec, len(gdf), actor, meta)
        except BaseException:
            with suppress(sqlite3.Error):
                self._drop_table(name)
            raise
        return self._stored_spec(spec_to_dict(spec))

    def _drop_table(self, name: str) -> None:
        """Drop a GPKG layer's table and its registrations (what GDAL's DeleteLayer does)."""
        with self._raw() as con:
            con.execute("BEGIN IMMEDIATE")
            triggers = con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                   "tbl_name = ?", (name,)).fetchall()
            for (trigger,) in triggers:
                con.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
            rtrees = con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                 "name LIKE ?", (f"rtree_{name}_%",)).fetchall()
            for (rtree,) in rtrees:
                con.execute(f'DROP TABLE IF EXISTS "{rtree}"')
            con.execute(f'DROP TABLE IF EXISTS "{name}"')
            for table in ("gpkg_contents", "gpkg_geometry_columns", "gpkg_extensions",
                          "gpkg_ogr_contents"):
                with suppress(sqlite3.OperationalError):  # optional table absent
                    con.execute(f"DELETE FROM {table} WHERE table_name = ?", (name,))
            con.execute("COMMIT")


def _statements(text: str) -> Iterator[str]:
    """The complete SQL statements of a migration file (triggers' inner ``;`` included)."""
    buf = ""
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            yield buf.strip()
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {buf[:60]!r}")

