"""The page's tiled path on a PostGIS layer (layers/tiled_page.py + layers/tiled_pg.py): no
MBTiles, tiles from the database, the mask from ids_where and the count from count_where —
the database's answer, not the in-memory frame's (real PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bench.parcels import layer_declaration, make_parcels
from geo.filters import CategoryFilter, FilterSet, NearFilter, RangeFilter
from layers import explorer as ex
from layers import tiled_page, tiled_pg
from layers.spec import Catalog, spec_from_dict
from layers.store import open_store
from layers.store.base import LOCAL
from layers.tiled_store import TileStore


@pytest.fixture
def pg_layer(pg_db, tmp_path, monkeypatch):
    """(catalog, frames, workspace root) with a 3,000-parcel layer declared tiled, in PostGIS."""
    monkeypatch.setenv("ZQ_DATABASE_URL", pg_db)
    store = open_store(root=tmp_path)
    spec = replace(spec_from_dict(layer_declaration(tmp_path / "p.fgb")), tiled=True)
    stored = store.add_layer(spec, make_parcels(3_000, seed=5), actor=LOCAL)
    frame = store.read_layer(stored.id)
    yield Catalog(themes=(), layers=(stored,)), {stored.id: frame}, tmp_path
    store.close()


def test_a_postgis_layer_is_tiled_from_the_database(pg_layer):
    cat, frames, root = pg_layer
    tiles = TileStore()
    plan = tiled_page.prepare_tiled(cat, frames, root, mounted=True, shift="wgs84", store=tiles)
    assert list(plan.infos) == ["parcels"] and "parcels" in plan.pushdown
    live = tiles.layer("parcels")
    assert isinstance(live.reader, tiled_pg.StoreTiles) and not (root / "tiles").exists()
    again = tiled_page.prepare_tiled(cat, frames, root, mounted=True, shift="wgs84", store=tiles)
    assert tiles.layer("parcels") is live and again.infos == plan.infos  # zoom rule ran once


@pytest.mark.parametrize("filters", [
    FilterSet((CategoryFilter("dlbm", ("0103", "0702")),)),
    FilterSet((CategoryFilter("dlbm", ("0103",), exclude=True), RangeFilter("tbmj_m2", 5000, None))),
    FilterSet((NearFilter("parcels", 0, 600),)),
], ids=["in", "not in and range", "near a parcel"])
def test_masks_and_counts_come_from_sql(pg_layer, filters):
    cat, frames, root = pg_layer
    spec, frame = cat.layers[0], frames["parcels"]
    tiles = TileStore()
    plan = tiled_page.prepare_tiled(cat, frames, root, mounted=True, shift="wgs84", store=tiles)
    want = ex.layer_masks(frames, [spec], filters)["parcels"]  # pandas
    masks = ex.layer_masks(frames, [spec], filters, plan.pushdown)
    assert (masks["parcels"] == want).all() and plan.pushdown.counts["parcels"] == want.sum()
    state = tiled_page.visible_states(["parcels"], masks, plan, tiles)["parcels"]
    assert state["shown"] == int(want.sum()) < len(frame)
    token = state["mask"].rsplit("/", 1)[1].removesuffix(".bin")
    assert (tiles.mask("parcels", token)[1] == want).all()
    # The database answers, not the frame in memory: a frame altered after loading changes
    # pandas' mask but not the pushed-down one (the spatial reference is bound from it).
    if not any(isinstance(f, NearFilter) for f in filters.filters):
        altered = {"parcels": frame.assign(dlbm="0103", tbmj_m2=0.0)}
        assert (ex.layer_masks(altered, [spec], filters, plan.pushdown)["parcels"] == want).all()


def test_no_filter_no_query(pg_layer):
    cat, frames, root = pg_layer
    plan = tiled_page.prepare_tiled(cat, frames, root, mounted=True, shift="wgs84",
                                    store=TileStore())
    masks = ex.layer_masks(frames, list(cat.layers), FilterSet(), plan.pushdown)
    assert masks["parcels"].all() and plan.pushdown.counts["parcels"] == len(frames["parcels"])
    assert np.asarray(masks["parcels"]).dtype == bool


def test_cli_import_into_postgis_prepares_no_mbtiles(pg_db, tmp_path, monkeypatch, capsys):
    import pyogrio

    from layers import cli as layers_cli
    from layers import tiled

    monkeypatch.setenv("ZQ_DATABASE_URL", pg_db)
    monkeypatch.setenv("ZQ_WORKSPACE", str(tmp_path))
    monkeypatch.setattr(tiled, "THRESHOLD", 100)
    src = tmp_path / "in.fgb"
    pyogrio.write_dataframe(make_parcels(400, seed=5), src, driver="FlatGeobuf")
    assert layers_cli.main(["import", str(src), "--lang", "en"]) == 0
    assert "ST_AsMVT" in capsys.readouterr().err
    (spec,) = open_store().layer_specs()
    assert not tiled.tiles_path(tmp_path, spec.id).exists()
    open_store().close()


def test_a_rerun_with_the_same_filters_asks_the_database_nothing(pg_layer):
    cat, frames, root = pg_layer
    spec, frame = cat.layers[0], frames["parcels"]
    plan = tiled_page.prepare_tiled(cat, frames, root, mounted=True, shift="wgs84",
                                    store=TileStore())
    plan.pushdown.results = tiled_pg.LruCache(size=2)
    one = FilterSet((CategoryFilter("dlbm", ("0103",)),))
    first = ex.layer_masks(frames, [spec], one, plan.pushdown)["parcels"]
    assert plan.pushdown.results.hits == 0
    again = ex.layer_masks(frames, [spec], one, plan.pushdown)["parcels"]
    assert plan.pushdown.results.hits == 1 and (again == first).all()
    assert plan.pushdown.counts["parcels"] == int(first.sum())
    other = ex.layer_masks(frames, [spec], FilterSet((CategoryFilter("dlbm", ("0601",)),)),
                           plan.pushdown)["parcels"]
    assert plan.pushdown.results.hits == 1 and len(plan.pushdown.results) == 2
    assert not (other & first).any() and other.sum() == plan.pushdown.counts["parcels"]
    assert len(frame) == len(first)
