"""A big layer in a PostGIS workspace (``streamlit run serve.py``, ``ZQ_DATABASE_URL``): drawn from
ST_AsMVT tiles, filtered in SQL, the exact count on the map and in the sentence, no MBTiles.

20,001 synthetic parcels imported into a throwaway database (tests/conftest.py ``pg_db``).
"""

from __future__ import annotations

import pytest

from bench.parcels import layer_declaration, make_parcels
from geo.filters import CategoryFilter, FilterSet
from layers import tiled
from layers.spec import spec_from_dict
from layers.store.base import LOCAL
from layers.store.postgis import PostgisStore

from .conftest import REPO_ROOT
from .test_tiles import PAINTED_JS, VIEW, _wait_tiles
from .zqpage import map_state, open_app, sentence

N = tiled.THRESHOLD + 1


@pytest.fixture(scope="module")
def pg_app(start_app, pg_cluster, tmp_path_factory):
    url, root = pg_cluster.new_database(), tmp_path_factory.mktemp("zq-pg-workspace")
    parcels = make_parcels(N, seed=3)
    store = PostgisStore(url, root)
    try:
        store.add_layer(spec_from_dict(layer_declaration(root / "parcels.fgb")), parcels,
                        actor=LOCAL)
    finally:
        store.close()
    base = start_app(REPO_ROOT / "serve.py", env={"ZQ_WORKSPACE": str(root),
                                                   "ZQ_DATABASE_URL": url})
    return base, parcels, root


def test_postgis_layer_painted_from_st_asmvt_and_counted_in_sql(page, pg_app):
    base, parcels, root = pg_app
    flt = FilterSet((CategoryFilter("dlbm", ("0103", "0601")),))
    expected = int(flt.mask(parcels).sum())
    query = "&".join(f"{k}={v}" for k, v in flt.to_params().items())
    tile_answers = []
    page.on("response", lambda r: tile_answers.append(r.status)
            if "/tiles/layers/parcels/" in r.url and r.url.endswith(".pbf") else None)
    frame = open_app(page, f"{base}/?layers=parcels&v={VIEW[0]},{VIEW[1]},{VIEW[2]}&{query}")
    _wait_tiles(frame)
    frame.wait_for_function("n => Number(document.querySelector('.leaflet-container')"
                            ".dataset.zqShown) === n", arg=expected, timeout=30_000)
    assert f"{expected}/{N}" in sentence(page).inner_text().replace(",", "")
    painted = frame.evaluate(PAINTED_JS)
    assert painted["tiles"] >= 4 and painted["pixels"] > 1000, painted
    assert map_state(frame)["onMap"] == ["parcels"]
    assert 200 in tile_answers and not set(tile_answers) - {200, 204}, tile_answers
    assert not (root / "tiles").exists()  # nothing prepared: the database made the tiles
    assert not page.external_requests
    assert page.js_errors == []
