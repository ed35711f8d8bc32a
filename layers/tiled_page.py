"""What the page does for tiled layers on each run (no Streamlit: app.py calls these).

:func:`prepare_tiled` decides which catalog layers are drawn from tiles, makes their tiles if
missing (normally ``python -m layers import`` made them already) and registers them with the
tile routes; :func:`visible_states` turns the filter masks into what ``ZQ.apply`` receives:
visible indices for inline layers, a mask URL + exact count for tiled ones. A big layer in a
PostGIS workspace gets no MBTiles: its tiles come from ``ST_AsMVT`` and its masks and counts
from SQL (:mod:`layers.tiled_pg`, ``plan.pushdown``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np

from layers import tiled, tiled_pg
from layers.render import visible_indices
from layers.spec import Catalog, LayerSpec
from layers.tiled import TileInfo
from layers.tiled_store import STORE, TileStore, tiled_state


@dataclass
class TiledPlan:
    """Per page run: the tiled layers drawn (id -> info) and those that cannot be (notes)."""

    infos: dict[str, TileInfo] = field(default_factory=dict)
    notes: list[tuple[str, str, int]] = field(default_factory=list)  # (string key, layer id, n)
    pushdown: tiled_pg.Pushdown = field(default_factory=tiled_pg.Pushdown)  # filtered in SQL


def tiles_root(spec: LayerSpec, workspace_root: Path) -> Path:
    """Where a layer's tiles live: the workspace for imported layers, else beside its file."""
    return Path(workspace_root) if spec.gpkg_layer else spec.path.parent


def prepare_tiled(cat: Catalog, frames: Mapping[str, gpd.GeoDataFrame], workspace_root: Path,
                  *, mounted: bool, shift: str, store: TileStore = STORE) -> TiledPlan:
    """Tiles for every big layer of ``cat``: prepared if missing, registered in ``store``.

    Without the routes (``streamlit run app.py`` instead of ``serve.py``) or on a GCJ-02 /
    BD-09 basemap (the tiles are WGS84) a big layer is drawn inline as before, with a note.
    """
    plan = TiledPlan()
    for spec in cat.layers:
        frame = frames[spec.id]
        if not tiled.is_tiled(spec, len(frame)):
            continue
        if not mounted or shift != "wgs84":
            plan.notes.append(("tiles_no_routes" if not mounted else "tiles_no_shift", spec.id,
                               len(frame)))
            continue
        plan.infos[spec.id] = _register(spec, frame, workspace_root, store, plan.pushdown)
    return plan


def _register(spec: LayerSpec, frame: gpd.GeoDataFrame, workspace_root: Path, store: TileStore,
              pushdown: tiled_pg.Pushdown) -> TileInfo:
    """Register one tiled layer: from its database (tiles and filters in SQL) or MBTiles."""
    database = tiled_pg.pushdown_store(spec)
    if database is not None:
        pushdown.stores[spec.id] = database
        live = store.layer(spec.id)
        if live is not None and live.frame is frame:  # the zoom rule ran for this frame
            return live.info
        info = tiled_pg.store_info(spec, frame)
        store.register(spec, frame, info, tiled_pg.StoreTiles(database, info))
        return info
    root = tiles_root(spec, workspace_root)
    info = tiled.ensure(spec, frame, root)
    store.register(spec, frame, info, tiled.tiles_path(root, spec.id))
    return info


def visible_states(ids: list[str], masks: Mapping[str, np.ndarray], plan: TiledPlan,
                   store: TileStore = STORE) -> dict[str, object]:
    """``ZQ.apply``'s ``visible``: indices (inline layers) or mask URL + exact count (tiled)."""
    out: dict[str, object] = {}
    for layer_id in ids:
        mask = masks[layer_id]
        if layer_id in plan.infos:
            out[layer_id] = tiled_state(layer_id, mask, store.publish(layer_id, mask),
                                        plan.pushdown.counts.get(layer_id))
        else:
            out[layer_id] = visible_indices(mask)
    return out
