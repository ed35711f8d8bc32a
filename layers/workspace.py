"""The embedded workspace: a GeoPackage holding the user's imported layers, their declarations,
and small tables (e.g. presenter scenes), in a configurable data directory.

Location: ``ZQ_WORKSPACE`` (a directory), default ``<repo>/workspace``.  Layout:
``workspace.gpkg`` (one GPKG layer per imported layer, named ``ws_<id>``, plus the SQLite table
``zq_meta`` of JSON documents) and ``originals/`` (uploaded files kept byte-for-byte).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from dataclasses import asdict
from pathlib import Path

import geopandas as gpd

from layers.spec import LayerSpec, spec_from_dict

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "workspace"
SPEC_PREFIX = "layer_spec:"
#: document per imported layer (files, checksums, date, count): the upload and the CLI write it
IMPORT_META_PREFIX = "import_meta:"
_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def default_root() -> Path:
    """The workspace folder: ``ZQ_WORKSPACE`` if set, else DEFAULT_ROOT."""
    return Path(os.environ.get("ZQ_WORKSPACE") or DEFAULT_ROOT)


def spec_to_dict(spec: LayerSpec) -> dict:
    """A layer declaration as plain JSON data (stored with an imported layer)."""
    d = asdict(spec)
    d["style"]["palette"] = [list(p) for p in spec.style.palette]
    return d


class Workspace:
    """A directory with ``workspace.gpkg``; every method opens and closes its own connection."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root else default_root()
        self.gpkg = self.root / "workspace.gpkg"

    # -- key/value JSON documents (SQLite table inside the GeoPackage) ----------------------
    def _connect(self) -> sqlite3.Connection:
        """SQLite connection; the first call creates ``zq_meta`` through GDAL (conformant GPKG).

        The app calls this on every rerun (the catalog includes the workspace layers), so the
        table check is one SQLite query, not a GDAL open.
        """
        if self.gpkg.exists():
            con = sqlite3.connect(self.gpkg)
            found = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                "name = 'zq_meta'").fetchone()
            if found:
                return con
            con.close()
        import pandas as pd
        import pyogrio

        self.root.mkdir(parents=True, exist_ok=True)
        pyogrio.write_dataframe(pd.DataFrame({"key": ["zq_created"], "value": ["true"]}),
                                self.gpkg, layer="zq_meta", driver="GPKG")
        return sqlite3.connect(self.gpkg)

    def put(self, key: str, value: object) -> None:
        with self._connect() as con:
            con.execute("DELETE FROM zq_meta WHERE key = ?", (key,))
            con.execute("INSERT INTO zq_meta (key, value) VALUES (?, ?)",
                        (key, json.dumps(value, ensure_ascii=False)))

    def get(self, key: str, default: object = None) -> object:
        if not self.gpkg.exists():
            return default
        with self._connect() as con:
            row = con.execute("SELECT value FROM zq_meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def delete(self, key: str) -> None:
        if self.gpkg.exists():
            with self._connect() as con:
                con.execute("DELETE FROM zq_meta WHERE key = ?", (key,))

    def keys(self, prefix: str = "") -> list[str]:
        if not self.gpkg.exists():
            return []
        with self._connect() as con:
            rows = con.execute("SELECT key FROM zq_meta ORDER BY key").fetchall()
        return [r[0] for r in rows if r[0].startswith(prefix) and r[0] != "zq_created"]

    # -- imported layers --------------------------------------------------------------------
    def layer_specs(self) -> list[LayerSpec]:
        """Declarations of the imported layers, pointing at their GPKG layer."""
        return [spec_from_dict(self.get(k)) for k in self.keys(SPEC_PREFIX)]

    def add_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame) -> LayerSpec:
        """Store ``gdf`` (EPSG:4326) as GPKG layer ``ws_<id>`` and its declaration; replaces."""
        if not _ID_RE.match(spec.id):
            raise ValueError(f"layer id {spec.id!r}: lowercase letters, digits, _ only")
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"ws_{spec.id}"
        gdf.to_crs(4326).to_file(self.gpkg, layer=name, driver="GPKG", engine="pyogrio")
        d = spec_to_dict(spec)
        d.update(file=str(self.gpkg.resolve()), gpkg_layer=name)
        self.put(SPEC_PREFIX + spec.id, d)
        return spec_from_dict(d)

    def remove_layer(self, layer_id: str) -> None:
        import pyogrio

        self.delete(SPEC_PREFIX + layer_id)
        name = f"ws_{layer_id}"
        if not self.gpkg.exists() or name not in [n for n, _ in pyogrio.list_layers(self.gpkg)]:
            return
        with sqlite3.connect(self.gpkg) as con:  # what GDAL's DeleteLayer does, in SQL
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
                with contextlib.suppress(sqlite3.OperationalError):  # optional table absent
                    con.execute(f"DELETE FROM {table} WHERE table_name = ?", (name,))

    def originals_dir(self) -> Path:
        path = self.root / "originals"
        path.mkdir(parents=True, exist_ok=True)
        return path
