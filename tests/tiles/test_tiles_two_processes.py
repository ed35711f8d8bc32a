"""Two app processes of a cluster (layers serve) may prepare the same tiles at the same moment:
each writes its own temporary file and replaces the target atomically, so both succeed and the
result is a whole MBTiles file and a whole info file (before, both wrote one ``.tmp.mbtiles``)."""

from __future__ import annotations

import multiprocessing as mp
from dataclasses import replace

from bench.parcels import layer_declaration, make_parcels
from layers import tiled
from layers.spec import spec_from_dict


def _prepare(root: str, barrier) -> None:
    from pathlib import Path

    spec = replace(spec_from_dict(layer_declaration(Path(root) / "parcels.fgb")), tiled=True)
    frame = make_parcels(400, seed=3)
    barrier.wait(30)
    tiled.prepare(spec, frame, Path(root))


def test_two_processes_prepare_the_same_tiles_at_once(tmp_path):
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_prepare, args=(str(tmp_path), barrier)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    spec_id = layer_declaration(tmp_path / "parcels.fgb")["id"]
    info = tiled.load_info(tmp_path, spec_id)
    assert info is not None and info.features == 400
    reader = tiled.TileReader(tiled.tiles_path(tmp_path, spec_id))
    assert sum(n for n, _, _ in reader.tile_sizes().values()) > 0
    assert not list(tmp_path.glob("**/*.tmp*"))
