"""Tiled layers stored in PostGIS: tiles from ``ST_AsMVT`` and filters in SQL (no MBTiles).

A big layer imported into a PostGIS workspace (:func:`pushdown_store`) is drawn from tiles the
database makes on request (:class:`StoreTiles`: ``PostgisStore.mvt``, gzip-compressed like the
GDAL tiles, the recent ones kept in a small LRU keyed by store, layer, version and tile), and
its mask and exact shown count come from the database (:class:`Pushdown`: ``ids_where`` /
``count_where`` of the layer's filters' condition, kept per condition so a rerun that changes
no filter asks nothing). The GeoPackage engine and the bundled
layers keep MBTiles and pandas masks (:mod:`layers.tiled_page`).
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np

from geo.filters import FilterSet
from geo.tiles import bitmap
from geo.tiles.zooms import MAXZOOM
from layers import tiled
from layers.spec import LayerSpec
from layers.store import is_stored, store_of
from layers.tiled import TileInfo

MAX_TILES = 512  # tiles kept per process (a z14 parcel tile: ~50-200 kB gzip)
MAX_RESULTS = 64  # filter results kept per process (10^6 features: 125 kB each)


def pushdown_store(spec: LayerSpec):
    """The PostGIS store holding ``spec``'s rows, or None (a bundled or GeoPackage layer)."""
    if not is_stored(spec):
        return None
    store = store_of(spec)
    return store if getattr(store, "kind", "") == "postgis" else None


class LruCache:
    """A thread-safe LRU (tile bytes, ``None`` for an empty tile; filter results); ``hits``
    counts the answers it gave."""

    def __init__(self, size: int = MAX_TILES):
        self._lock = threading.Lock()
        self._tiles: OrderedDict[tuple, object] = OrderedDict()
        self._size = size
        self.hits = 0

    def get(self, key: tuple) -> tuple[bool, object]:
        """(found, value) for ``key``."""
        with self._lock:
            if key not in self._tiles:
                return False, None
            self._tiles.move_to_end(key)
            self.hits += 1
            return True, self._tiles[key]

    def put(self, key: tuple, data: object) -> None:
        """Keep ``data`` under ``key``, dropping the least recently used beyond the size."""
        with self._lock:
            self._tiles[key] = data
            self._tiles.move_to_end(key)
            while len(self._tiles) > self._size:
                self._tiles.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._tiles)


CACHE = LruCache()  # the process's tiles from the database
#: filter results (count, packed mask) by store, layer and condition: a rerun that changes no
#: filter (a click, a tab) asks the database nothing; rows never change under a layer's id
RESULTS = LruCache(size=MAX_RESULTS)


@dataclass
class StoreTiles:
    """The tile source of a PostGIS layer, read by :mod:`layers.tile_routes` like a
    :class:`geo.tiles.mbtiles.TileReader`: ``tile(z, x, y)`` -> gzip MVT bytes or None."""

    store: object  # layers.store.postgis.PostgisStore
    info: TileInfo
    cache: LruCache = field(default=CACHE)

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The gzip-compressed tile ``z/x/y`` (None when empty), from the cache or ``ST_AsMVT``."""
        key = (self.store.describe(), self.info.layer_id, self.info.source_version, z, x, y)
        found, data = self.cache.get(key)
        if found:
            return data
        raw = self.store.mvt(self.info.layer_id, z, x, y, self.info.columns, self.info.minzoom)
        data = gzip.compress(raw, compresslevel=6, mtime=0) if raw else None
        self.cache.put(key, data)
        return data


def store_info(spec: LayerSpec, frame: gpd.GeoDataFrame) -> TileInfo:
    """What the page and the routes need of a PostGIS tiled layer (nothing is written): the zoom
    rule of :mod:`geo.tiles.zooms` on ``frame``, the styling columns, bounds, version."""
    return TileInfo(spec.id, len(frame), tiled.minzoom_for(frame), MAXZOOM,
                    tuple(tiled.tile_columns(spec, frame)),
                    tuple(float(v) for v in frame.total_bounds), 0.0, {},
                    tiled.source_version(spec))


@dataclass
class Pushdown:
    """Per page run: the tiled layers whose filters run in their database (id -> store), and
    the exact shown counts ``count_where`` gave (id -> n), filled by :meth:`mask`."""

    stores: dict[str, object] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    results: LruCache = field(default=RESULTS)

    def __contains__(self, layer_id: str) -> bool:
        return layer_id in self.stores

    def mask(self, spec: LayerSpec, frame: gpd.GeoDataFrame, filters: FilterSet) -> np.ndarray:
        """The boolean mask (row = ``zq_id``) of ``filters`` (bound, those that apply to
        ``spec``) from ``ids_where``; records the count from ``count_where`` (both kept in
        :data:`RESULTS` for the next run with the same condition)."""
        if not filters.filters:
            self.counts[spec.id] = len(frame)
            return np.ones(len(frame), dtype=bool)
        store, cond = self.stores[spec.id], filters.condition()
        key = (store.describe(), spec.id, tiled.source_version(spec), cond)
        found, kept = self.results.get(key)
        if not found:
            ids = store.ids_where(spec.id, cond)
            kept = (store.count_where(spec.id, cond), bitmap.pack(
                tiled.mask_of_rows(len(frame), ids)))
            self.results.put(key, kept)
        self.counts[spec.id] = kept[0]
        return bitmap.unpack(kept[1], len(frame))
