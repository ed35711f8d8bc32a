"""Process-wide state the tile routes read: which tiled layers are live, and their masks.

The page (a script run) registers each tiled layer it draws and publishes the mask of the
current filters; the ASGI routes of :mod:`layers.tile_routes` (same process) answer tiles,
masks, records and table pages from here. A filter change therefore sends the browser a
token (~20 bytes), and the browser fetches the packed mask (N/8 bytes) over HTTP, once per
distinct mask (content-addressed, so the browser may cache it forever).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo.tiles import bitmap
from geo.tiles.mbtiles import TileReader
from layers.spec import LayerSpec
from layers.tiled import URL_PREFIX, TileInfo

MAX_MASKS = 256  # packed masks kept (10^6 features: 125 kB each)


@dataclass
class LiveLayer:
    """A tiled layer as the routes see it: declaration, frame (row = zq_id), tiles."""

    spec: LayerSpec
    frame: gpd.GeoDataFrame
    info: TileInfo
    reader: TileReader  # or any object with ``tile(z, x, y)`` (layers.tiled_pg.StoreTiles)
    _tree: shapely.STRtree | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def tree(self) -> shapely.STRtree:
        """R-tree over the features (built on the first identify: ~1 s at 10^6)."""
        with self._lock:
            if self._tree is None:
                self._tree = shapely.STRtree(self.frame.geometry.values)
            return self._tree


class TileStore:
    """Live tiled layers and published masks; thread-safe."""

    def __init__(self, max_masks: int = MAX_MASKS):
        self._lock = threading.Lock()
        self._layers: dict[str, LiveLayer] = {}
        self._masks: OrderedDict[tuple[str, str], tuple[bytes, np.ndarray]] = OrderedDict()
        self._max = max_masks

    def register(self, spec: LayerSpec, frame: gpd.GeoDataFrame, info: TileInfo,
                 tiles: Path | object) -> LiveLayer:
        """Make ``spec`` answerable by the routes (replaces an older registration); ``tiles``
        is its MBTiles file or a tile source (``tile(z, x, y)``, e.g. from PostGIS)."""
        with self._lock:
            old = self._layers.get(spec.id)
            if old is not None and old.frame is frame and old.info == info:
                return old
            reader = tiles if hasattr(tiles, "tile") else TileReader(tiles)
            live = LiveLayer(spec, frame, info, reader)
            self._layers[spec.id] = live
            return live

    def layer(self, layer_id: str) -> LiveLayer | None:
        """The live layer ``layer_id``, or None."""
        with self._lock:
            return self._layers.get(layer_id)

    def publish(self, layer_id: str, mask: np.ndarray) -> str:
        """Keep ``mask`` (boolean, one per row) and return its token."""
        mask = np.asarray(mask, dtype=bool)
        data = bitmap.pack(mask)
        token = bitmap.token(layer_id, data)
        with self._lock:
            self._masks[(layer_id, token)] = (data, mask)
            self._masks.move_to_end((layer_id, token))
            while len(self._masks) > self._max:
                self._masks.popitem(last=False)
        return token

    def mask(self, layer_id: str, token: str) -> tuple[bytes, np.ndarray] | None:
        """(packed bytes, boolean mask) published under ``token``, or None."""
        with self._lock:
            return self._masks.get((layer_id, token))

    def unregister(self, layer_id: str) -> None:
        """Forget ``layer_id`` and its masks (after the layer was removed)."""
        with self._lock:
            self._layers.pop(layer_id, None)
            for key in [k for k in self._masks if k[0] == layer_id]:
                del self._masks[key]


STORE = TileStore()  # the one store of this server process


def tiled_state(layer_id: str, mask: np.ndarray, token: str, shown: int | None = None
                ) -> dict | str:
    """The ``ZQ.apply`` entry of a tiled layer: "all", or its mask URL and the exact count
    (``shown`` when the database counted it, else the mask's)."""
    mask = np.asarray(mask, dtype=bool)
    if mask.all():
        return "all"
    return {"mask": f"{URL_PREFIX}/{layer_id}/mask/{token}.bin",
            "shown": int(mask.sum()) if shown is None else int(shown)}
