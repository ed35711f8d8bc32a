"""What the page does for big layers: which are tiled, notes when they cannot be, ZQ.apply states."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyogrio

from bench.parcels import layer_declaration
from layers import tiled, tiled_page
from layers.spec import Catalog, spec_from_dict
from layers.tiled_store import TileStore


def _catalog(tmp_path, parcels):
    path = tmp_path / "parcels.fgb"
    pyogrio.write_dataframe(parcels, path, driver="FlatGeobuf")
    spec = replace(spec_from_dict(layer_declaration(path)), tiled=True)
    small = replace(spec, id="small", tiled=None)
    return Catalog(themes=(), layers=(spec, small)), {spec.id: parcels, "small": parcels.head(10)}


def test_tiled_when_routes_are_served(tmp_path, parcels):
    cat, frames = _catalog(tmp_path, parcels)
    store = TileStore()
    plan = tiled_page.prepare_tiled(cat, frames, tmp_path, mounted=True, shift="wgs84", store=store)
    assert list(plan.infos) == ["parcels"] and not plan.notes
    assert tiled.tiles_path(tmp_path, "parcels").is_file()  # beside the data file (not workspace)
    assert store.layer("parcels").frame is frames["parcels"]
    mask = np.asarray(frames["parcels"].dlbm == "0103")
    states = tiled_page.visible_states(["parcels", "small"],
                                       {"parcels": mask, "small": np.ones(10, bool)}, plan, store)
    assert states["small"] == "all"
    assert states["parcels"]["shown"] == int(mask.sum())
    token = states["parcels"]["mask"].rsplit("/", 1)[1].removesuffix(".bin")
    assert (store.mask("parcels", token)[1] == mask).all()
    all_shown = tiled_page.visible_states(["parcels"], {"parcels": np.ones(len(mask), bool)}, plan,
                                          store)
    assert all_shown == {"parcels": "all"}


def test_inline_with_a_note_without_routes_or_on_gcj02(tmp_path, parcels):
    cat, frames = _catalog(tmp_path, parcels)
    for mounted, shift, key in ((False, "wgs84", "tiles_no_routes"), (True, "gcj02", "tiles_no_shift")):
        plan = tiled_page.prepare_tiled(cat, frames, tmp_path, mounted=mounted, shift=shift,
                                        store=TileStore())
        assert not plan.infos and plan.notes == [(key, "parcels", len(frames["parcels"]))]
        states = tiled_page.visible_states(["parcels"], {"parcels": np.ones(5000, bool)}, plan)
        assert states == {"parcels": "all"}  # drawn inline, as before
