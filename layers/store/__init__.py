"""The workspace store: one interface (:mod:`layers.store.base`), two engines.

The embedded default is a GeoPackage in ``ZQ_WORKSPACE`` (:mod:`layers.store.gpkg`);
``ZQ_DATABASE_URL=postgresql://…`` puts the whole workspace in PostgreSQL + PostGIS
(:mod:`layers.store.postgis`). Local files the app keeps beside the store (tile caches,
prepared exports, uploaded originals) live under ``ZQ_WORKSPACE`` with either engine
(:func:`default_root`, ``Store.root``).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from layers.spec import LayerSpec
from layers.store.base import Store

DEFAULT_ROOT = Path(__file__).resolve().parent.parent.parent / "workspace"
#: document per imported layer (files, checksums, date, count): the upload and the CLI write it
IMPORT_META_PREFIX = "import_meta:"

_STORES: dict[tuple[str, str], Store] = {}
_LOCK = threading.Lock()


def default_root() -> Path:
    """The workspace folder: ``ZQ_WORKSPACE`` if set, else ``<repo>/workspace``."""
    return Path(os.environ.get("ZQ_WORKSPACE") or DEFAULT_ROOT)


def open_store(url: str | None = None, root: Path | str | None = None) -> Store:
    """The process's store for ``url`` (default ``ZQ_DATABASE_URL``) or, without one, the
    GeoPackage in ``root`` (default :func:`default_root`). One object per URL/folder and
    process, shared by every session's thread; it connects lazily (a database that is down
    makes its calls raise UnavailableError, not this one)."""
    url = url if url is not None else os.environ.get("ZQ_DATABASE_URL", "")
    folder = Path(root) if root is not None else default_root()
    key = ("postgis", url) if url else ("gpkg", str(folder.resolve()))
    with _LOCK:
        store = _STORES.get(key)
        if store is None:
            store = _make(url, folder)
            _STORES[key] = store
    return store


def _make(url: str, folder: Path) -> Store:
    if url:
        if not url.startswith(("postgresql://", "postgres://")):
            raise ValueError("ZQ_DATABASE_URL must start with postgresql://")
        from layers.store.postgis import PostgisStore

        return PostgisStore(url, folder)
    from layers.store.gpkg import GpkgStore

    return GpkgStore(folder)


def is_stored(spec: LayerSpec) -> bool:
    """Whether ``spec`` is a workspace layer (its rows are in the store, not in ``data/``)."""
    return spec.gpkg_layer is not None


def store_of(spec: LayerSpec) -> Store:
    """The store holding workspace layer ``spec``: the GeoPackage its declaration names, else the
    process's database store."""
    if spec.file:
        return open_store(url="", root=Path(spec.file).parent)
    return open_store()


def originals_dir(store: Store) -> Path:
    """``<root>/originals``: uploaded and imported files kept byte-for-byte (made if missing)."""
    path = Path(store.root) / "originals"
    path.mkdir(parents=True, exist_ok=True)
    return path
