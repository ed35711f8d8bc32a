"""The page on a PostGIS workspace (AppTest): imported layers and scenes come from the database."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from layers.store import open_store
from layers.store.base import LOCAL
from tests.store.conftest import frame, spec

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_the_page_shows_a_layer_stored_in_postgis(pg_db, tmp_path, monkeypatch):
    monkeypatch.setenv("ZQ_DATABASE_URL", pg_db)
    monkeypatch.setenv("ZQ_WORKSPACE", str(tmp_path))
    store = open_store()
    assert store.kind == "postgis" and store.root == tmp_path
    stored = store.add_layer(spec("pg_parcels"), frame(4), actor=LOCAL)
    assert stored.file == "" and stored.gpkg_layer == "ws_pg_parcels"
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["layers"] = "pg_parcels"
    at = at.run()
    assert not at.exception, at.exception
    assert any(w.key == "layer.pg_parcels" and w.value for w in at.checkbox)
    assert not (tmp_path / "workspace.gpkg").exists()  # nothing went to a GeoPackage


def test_the_page_says_when_the_database_is_away(tmp_path, monkeypatch):
    import socket

    with socket.socket() as s:  # a local port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("ZQ_DATABASE_URL", f"postgresql://zq:secret@127.0.0.1:{port}/nowhere")
    monkeypatch.setenv("ZQ_WORKSPACE", str(tmp_path))
    open_store().TIMEOUT = 0.5
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    at = at.run()
    assert not at.exception, at.exception
    [err] = [e.value for e in at.error if "cannot be reached" in e.value]
    assert "secret" not in err and "nowhere" in err and str(port) in err
    assert any(w.key == "layer.parks" for w in at.checkbox)  # the bundled layers still shown


def test_a_big_postgis_layer_is_tiled_and_filtered_in_sql(pg_db, tmp_path, monkeypatch):
    """20,001 parcels (above the tiling threshold) in PostGIS: tiles from ST_AsMVT, no MBTiles
    written; the filter's mask and shown count come from SQL and equal pandas'."""
    import html
    from dataclasses import replace

    import numpy as np

    from bench.parcels import layer_declaration, make_parcels
    from geo.filters import CategoryFilter, FilterSet
    from layers import tile_routes, tiled
    from layers.spec import spec_from_dict
    from layers.tiled_pg import StoreTiles
    from layers.tiled_store import STORE

    monkeypatch.setenv("ZQ_DATABASE_URL", pg_db)
    monkeypatch.setenv("ZQ_WORKSPACE", str(tmp_path))
    monkeypatch.setitem(tile_routes._MOUNTED, "yes", True)  # as under serve.py
    parcels = make_parcels(tiled.THRESHOLD + 1, seed=11)
    spec = replace(spec_from_dict(layer_declaration(tmp_path / "parcels.fgb")), id="pg_big")
    open_store().add_layer(spec, parcels, actor=LOCAL)
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update({"layers": "pg_big", "f.dlbm": "in:0103|0601", "lang": "en"})
    at = at.run()
    assert not at.exception, at.exception
    want = FilterSet((CategoryFilter("dlbm", ("0103", "0601")),)).mask(parcels).to_numpy()
    sentence = next(html.unescape(m.value) for m in at.markdown if "Shown" in m.value)
    assert f"{int(want.sum())}/{len(parcels)}" in sentence, sentence
    live = STORE.layer("pg_big")
    assert isinstance(live.reader, StoreTiles) and not (tmp_path / "tiles").exists()
    published = [m for (layer, _), (_, m) in STORE._masks.items() if layer == "pg_big"]
    assert published and (published[-1] == want).all()
    assert np.count_nonzero(published[-1]) == int(want.sum())
