"""Offline basemap packages a presenter brings: MBTiles, PMTiles or a folder of z/x/y tiles,
raster (PNG/JPEG/WebP) or vector (MVT), from a configured folder.

Folder: ``ZQ_BASEMAPS`` (a directory), default ``<workspace>/basemaps``.  Each entry is one
package; its id is ``pkg-`` + a slug of its name.  Attribution comes from the package's own
metadata (MBTiles ``metadata`` table, PMTiles JSON metadata, ``metadata.json`` in a folder) or,
when it has none, an ``<name>.attribution.txt`` beside it; a package without one says so.
Tiles are read here and served by the app's own server (``layers/basemap_routes.py``); nothing
is fetched from elsewhere.  No Streamlit here.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from layers.store import default_root

EXTS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp",
        "pbf": "application/x-protobuf", "mvt": "application/x-protobuf"}
VECTOR = ("pbf", "mvt")
PREFIX = "pkg-"
URL_PREFIX = "/tiles/basemaps"  # served by layers/basemap_routes.py
_SLUG = re.compile(r"[^a-z0-9]+")
NO_ATTRIBUTION = "（底图包未注明来源）/ (the package names no source)"


@dataclass(frozen=True)
class Package:
    """One basemap package found in the folder."""

    id: str
    name: str
    path: Path
    kind: str  # "mbtiles" | "pmtiles" | "folder"
    ext: str  # tile format: png, jpg, webp, pbf
    attribution: str
    minzoom: int
    maxzoom: int
    bounds: tuple[float, float, float, float] | None  # west, south, east, north (WGS84)

    @property
    def vector(self) -> bool:
        return self.ext in VECTOR

    @property
    def mime(self) -> str:
        return EXTS[self.ext]


def tile_url(pkg: Package) -> str:
    """The Leaflet URL template of a package's tiles on the app's own server."""
    return f"{URL_PREFIX}/{pkg.id}/{{z}}/{{x}}/{{y}}.{pkg.ext}"


def folder() -> Path:
    """Where packages are looked for (``ZQ_BASEMAPS``, default ``<workspace>/basemaps``)."""
    return Path(os.environ.get("ZQ_BASEMAPS") or default_root() / "basemaps")


def slug(name: str) -> str:
    """The basemap id of a package named ``name``: PREFIX + its lower-case ASCII slug (≤ 40 chars)."""
    s = _SLUG.sub("-", name.lower()).strip("-")[:40]
    return PREFIX + (s or "basemap")


def _bounds(text: object) -> tuple[float, float, float, float] | None:
    try:
        w, s, e, n = (float(v) for v in (text.split(",") if isinstance(text, str) else text))
    except (TypeError, ValueError):
        return None
    return (w, s, e, n) if -180 <= w < e <= 180 and -90 <= s < n <= 90 else None


def _attribution(meta: dict, path: Path) -> str:
    text = str(meta.get("attribution") or "").strip()
    side = path.with_name(path.name + ".attribution.txt") if path.is_dir() else \
        path.with_suffix(".attribution.txt")
    if not text and side.is_file():
        text = side.read_text(encoding="utf-8", errors="replace").strip()
    return re.sub(r"<[^>]*>", "", text)[:300] or NO_ATTRIBUTION  # plain text, never markup


def _mbtiles(path: Path) -> Package | None:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        meta = dict(con.execute("SELECT name, value FROM metadata").fetchall())
        zmin, zmax = con.execute("SELECT min(zoom_level), max(zoom_level) FROM tiles").fetchone()
    ext = str(meta.get("format") or "png").lower()
    if ext not in EXTS or zmin is None:
        return None
    return Package(slug(path.stem), str(meta.get("name") or path.stem), path, "mbtiles", ext,
                   _attribution(meta, path), int(zmin), int(zmax), _bounds(meta.get("bounds")))


def _pmtiles(path: Path) -> Package | None:
    from pmtiles.reader import MmapSource, Reader
    from pmtiles.tile import TileType

    with open(path, "rb") as f:
        reader = Reader(MmapSource(f))
        h = reader.header()
        meta = reader.metadata() or {}
    ext = {TileType.MVT: "pbf", TileType.PNG: "png", TileType.JPEG: "jpg",
           TileType.WEBP: "webp"}.get(h["tile_type"])
    if ext is None:
        return None
    bounds = _bounds([h["min_lon_e7"] / 1e7, h["min_lat_e7"] / 1e7, h["max_lon_e7"] / 1e7,
                      h["max_lat_e7"] / 1e7])
    return Package(slug(path.stem), str(meta.get("name") or path.stem), path, "pmtiles", ext,
                   _attribution(meta, path), h["min_zoom"], h["max_zoom"], bounds)


def _folder(path: Path) -> Package | None:
    zooms = sorted(int(p.name) for p in path.iterdir() if p.is_dir() and p.name.isdigit())
    if not zooms:
        return None
    tile = next((t for t in (path / str(zooms[0])).glob("*/*") if t.suffix[1:].lower() in EXTS), None)
    if tile is None:
        return None
    meta = {}
    if (path / "metadata.json").is_file():
        try:
            meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
        except (ValueError, OSError):
            meta = {}
    return Package(slug(path.name), str(meta.get("name") or path.name), path, "folder",
                   tile.suffix[1:].lower(), _attribution(meta, path), zooms[0], zooms[-1],
                   _bounds(meta.get("bounds")))


def discover(root: Path | None = None) -> list[Package]:
    """The usable packages in ``root`` (default ``folder()``), sorted by id; unreadable or
    unknown entries are skipped (``problems`` lists them)."""
    return sorted((p for p, _ in _scan(root or folder()) if p is not None), key=lambda p: p.id)


def problems(root: Path | None = None) -> list[str]:
    """File names in the folder that are not usable basemap packages."""
    return [name for p, name in _scan(root or folder()) if p is None]


def _scan(root: Path) -> list[tuple[Package | None, str]]:
    if not root.is_dir():
        return []
    out, seen = [], set()
    for path in sorted(root.iterdir()):
        if path.name.endswith(".attribution.txt") or path.name.startswith("."):
            continue
        reader = {".mbtiles": _mbtiles, ".pmtiles": _pmtiles}.get(path.suffix.lower())
        if path.is_dir():
            reader = _folder
        try:
            pkg = reader(path) if reader else None
        except (OSError, sqlite3.Error, ValueError, KeyError):
            pkg = None
        if pkg is not None and pkg.id in seen:
            pkg = None
        if pkg is not None:
            seen.add(pkg.id)
        out.append((pkg, path.name))
    return out


def find(package_id: str, root: Path | None = None) -> Package | None:
    """The package with this id among those :func:`discover` finds, or None."""
    return next((p for p in discover(root) if p.id == package_id), None)


def read_tile(pkg: Package, z: int, x: int, y: int) -> bytes | None:
    """The tile's bytes (vector tiles un-gzipped), or None where the package has none."""
    if not (pkg.minzoom <= z <= pkg.maxzoom and 0 <= x < 2**z and 0 <= y < 2**z):
        return None
    data = _read(pkg, z, x, y)
    if data and pkg.vector and data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data or None


def _read(pkg: Package, z: int, x: int, y: int) -> bytes | None:
    if pkg.kind == "mbtiles":  # TMS rows: y counted from the south
        with sqlite3.connect(f"file:{pkg.path}?mode=ro", uri=True) as con:
            row = con.execute("SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? "
                              "AND tile_row=?", (z, x, 2**z - 1 - y)).fetchone()
        return bytes(row[0]) if row else None
    if pkg.kind == "pmtiles":
        from pmtiles.reader import MmapSource, Reader

        with open(pkg.path, "rb") as f:
            return Reader(MmapSource(f)).get(z, x, y)
    tile = pkg.path / str(z) / str(x) / f"{y}.{pkg.ext}"
    return tile.read_bytes() if tile.is_file() else None


def add_package(name: str, data: bytes, root: Path | None = None) -> Package:
    """Store an uploaded .mbtiles/.pmtiles file in the folder; ValueError if it is not one."""
    suffix = Path(name).suffix.lower()
    if suffix not in (".mbtiles", ".pmtiles"):
        raise ValueError("only .mbtiles or .pmtiles files (a z/x/y folder goes into the folder)")
    base = root or folder()
    base.mkdir(parents=True, exist_ok=True)
    stem = _SLUG.sub("-", Path(name).stem.lower()).strip("-")[:40] or "basemap"
    dest = base / f"{stem}{suffix}"
    tmp = base / f".{stem}{suffix}.part"
    tmp.write_bytes(data)
    try:
        pkg = (_mbtiles if suffix == ".mbtiles" else _pmtiles)(tmp)
    except (OSError, sqlite3.Error, ValueError, KeyError) as exc:
        tmp.unlink(missing_ok=True)
        raise ValueError(f"not a readable tile package: {type(exc).__name__}") from exc
    if pkg is None:
        tmp.unlink(missing_ok=True)
        raise ValueError("no tiles in a known format (PNG, JPEG, WebP, MVT)")
    tmp.replace(dest)
    return find(slug(stem), base) or pkg
