"""What the page does for tiled layers on each run (no Streamlit: app.py calls these).

:func:`prepare_tiled` decides which catalog layers are drawn from tiles, makes their tiles if
missing (normally ``python -m layers import`` made them already) and registers them with the
tile routes; :func:`visible_states` turns the filter masks into what ``ZQ.apply`` receives:
visible indices for inline layers, a mask URL + exact count for tiled ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np

from layers import tiled
from layers.render import visible_indices
from layers.spec import Catalog, LayerSpec
from layers.tiled import TileInfo
from layers.tiled_store import STORE, TileStore, tiled_state


@dataclass
class TiledPlan:
    """Per page run: the tiled layers drawn (id -> info) and those that cannot be (notes)."""

    infos: dict[str, TileInfo] = field(default_factory=dict)
    notes: list[tuple[str, str, int]] = field(default_factory=list)  # (string key, layer id, n)


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
        root = tiles_root(spec, workspace_root)
        info = tiled.ensure(spec, frame, root)
        store.register(spec, frame, info, tiled.tiles_path(root, spec.id))
        plan.infos[spec.id] = info
    return plan


def visible_states(ids: list[str], masks: Mapping[str, np.ndarray], plan: TiledPlan,
                   store: TileStore = STORE) -> dict[str, object]:
    """``ZQ.apply``'s ``visible``: indices (inline layers) or mask URL + exact count (tiled)."""
    out: dict[str, object] = {}
    for layer_id in ids:
        mask = masks[layer_id]
        if layer_id in plan.infos:
            out[layer_id] = tiled_state(layer_id, mask, store.publish(layer_id, mask))
        else:
            out[layer_id] = visible_indices(mask)
    return out
