"""Filters pushed down to PostGIS against the pandas masks, at 10^5 parcels (same run, same data).

    .venv/bin/python -m bench.bench_pushdown                 # a throwaway cluster (tests/pgcluster.py)
    .venv/bin/python -m bench.bench_pushdown --n 1000000 --url postgresql://…/scratch_db

Per filter: the pandas mask (``FilterSet.mask`` on the in-memory frame), ``count_where`` and
``ids_where`` (bound SQL on the layer's table, :mod:`layers.store.sql_where`), median of
``--repeats``; the rows agree or the script stops. Then one z14 tile from ``ST_AsMVT`` (cold).
``--url`` must name an empty scratch database: the layer is imported into it.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from tempfile import mkdtemp

import numpy as np

from bench.parcels import layer_declaration, make_parcels
from geo.filters import CategoryFilter, FilterSet, NearFilter, RangeFilter, TextFilter
from geo.filters_spatial import SpatialContext
from layers.spec import spec_from_dict
from layers.store.base import LOCAL
from layers.store.postgis import PostgisStore
from layers.tiled_pg import store_info

FILTERS = {
    "dlbm in 0103|0702": FilterSet((CategoryFilter("dlbm", ("0103", "0702")),)),
    "area 5000..7000": FilterSet((RangeFilter("tbmj_m2", 5000, 7000),)),
    "name contains 00012": FilterSet((TextFilter(("name_zh",), "00012"),)),
    "within 1 km of parcel 0": FilterSet((NearFilter("parcels", 0, 1000),)),
}


def _median_ms(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), out


def run(store: PostgisStore, n: int, repeats: int) -> None:
    """Import ``n`` parcels into ``store`` and print the comparison."""
    t0 = time.perf_counter()
    spec = replace(spec_from_dict(layer_declaration(Path(mkdtemp()) / "p.fgb")), tiled=True)
    stored = store.add_layer(spec, make_parcels(n, seed=1), actor=LOCAL)
    frame = store.read_layer(stored.id)
    print(f"{n:,} parcels imported and read back in {time.perf_counter() - t0:.1f} s")
    print(f"{'filter':28} {'shown':>8} {'pandas ms':>10} {'count_where':>12} {'ids_where':>10}")
    for name, fset in FILTERS.items():
        bound = fset.bind(SpatialContext({"parcels": frame}))
        cond = bound.condition()
        pandas_ms, mask = _median_ms(lambda b=bound: b.mask(frame).to_numpy(dtype=bool), repeats)
        count_ms, count = _median_ms(lambda c=cond: store.count_where("parcels", c), repeats)
        ids_ms, ids = _median_ms(lambda c=cond: store.ids_where("parcels", c), repeats)
        if count != mask.sum() or not np.array_equal(ids, np.flatnonzero(mask)):
            raise SystemExit(f"{name}: SQL and pandas disagree ({count} vs {mask.sum()})")
        print(f"{name:28} {count:>8,} {pandas_ms:>10.1f} {count_ms:>12.1f} {ids_ms:>10.1f}")
    info = store_info(stored, frame)
    from tests.tiles.test_tiles_decode import _tile_at_centre

    x, y = _tile_at_centre(frame, 14)
    t0 = time.perf_counter()
    data = store.mvt("parcels", 14, x, y, info.columns, info.minzoom)
    print(f"z14 tile {x}/{y} from ST_AsMVT: {(time.perf_counter() - t0) * 1000:.0f} ms, "
          f"{len(data):,} bytes (minzoom {info.minzoom})")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--url", help="an empty scratch database (default: a throwaway cluster)")
    args = ap.parse_args(argv)
    cluster = None
    if not args.url:
        from tests.pgcluster import Cluster

        cluster = Cluster()
    try:
        store = PostgisStore(args.url or cluster.new_database(), mkdtemp())
        try:
            run(store, args.n, args.repeats)
        finally:
            store.close()
    finally:
        if cluster is not None:
            cluster.remove()


if __name__ == "__main__":
    main()
