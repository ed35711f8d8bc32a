"""Tiled layers beside the inline path, server side, at 10^4 and 10^5 parcels (10^6 with --n).

    .venv/bin/python -m bench.bench_tiles                  # N = 10^4, 10^5
    .venv/bin/python -m bench.bench_tiles --n 10000 100000 1000000

Per N: tile preparation (GDAL MVT -> MBTiles: time, size, zooms, largest tile, RSS), a 24-tile
z14 viewport read from the MBTiles cold (first read of a fresh file handle) and warm, the
first-paint payload of the layer (inline: ``layers.render.layer_payload`` bytes and build time;
tiled: the viewport's tile bytes) and a filter change (inline: the visible-index JSON the page
sends over the websocket; tiled: the mask token in the page plus the packed mask fetched over
HTTP), with the inline/tiled ratio. Server side only: no browser (see bench_explorer.py).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from pathlib import Path

import numpy as np
import pyogrio

from bench.parcels import layer_declaration, write
from geo.filters import CategoryFilter, FilterSet
from geo.tiles import zooms
from geo.tiles.mbtiles import TileReader
from layers import explorer as ex
from layers import tiled
from layers.render import layer_payload, visible_indices
from layers.spec import spec_from_dict
from layers.tiled_store import TileStore

OUT = Path(__file__).resolve().parent / "out"
FILTER = FilterSet((CategoryFilter("dlbm", ("0103", "0702")),))
INLINE_MAX = 100_000


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _viewport(frame, z: int, side: int = 6, rows: int = 4) -> list[tuple[int, int, int]]:
    import shapely

    c = shapely.centroid(frame.geometry.values)
    x, y = zooms.lonlat_to_tile(np.array([np.median(shapely.get_x(c))]),
                                np.array([np.median(shapely.get_y(c))]), z)
    return [(z, int(x[0]) + dx, int(y[0]) + dy) for dx in range(-side // 2, side - side // 2)
            for dy in range(-rows // 2, rows - rows // 2)]


def _read_viewport(path: Path, tiles) -> tuple[float, int]:
    reader = TileReader(path)
    t0 = time.perf_counter()
    size = sum(len(reader.tile(*t) or b"") for t in tiles)
    return (time.perf_counter() - t0) * 1000, size


def one(n: int) -> dict:
    """Every figure for ``n`` parcels."""
    data, _ = write(n, OUT)
    spec = spec_from_dict(layer_declaration(data))
    frame = pyogrio.read_dataframe(data, use_arrow=True)
    root = OUT / f"tiles_{n}"
    t0 = time.perf_counter()
    info = tiled.prepare(spec, frame, root)
    prep_s = time.perf_counter() - t0
    path = tiled.tiles_path(root, spec.id)
    view = _viewport(frame, 14)
    cold_ms, view_bytes = _read_viewport(path, view)
    warm = [_read_viewport(path, view)[0] for _ in range(5)]
    inline_payload, inline_s = b"", float("nan")
    if n <= INLINE_MAX:  # the issue: do not try 10^6 inline
        t0 = time.perf_counter()
        inline_payload = layer_payload(spec, frame, "zh")
        inline_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    mask = ex.layer_masks({spec.id: frame}, [spec], FILTER)[spec.id]
    mask_ms = (time.perf_counter() - t0) * 1000
    store = TileStore()
    t0 = time.perf_counter()
    token = store.publish(spec.id, mask)
    pack_ms = (time.perf_counter() - t0) * 1000
    ws_inline = len(json.dumps({spec.id: visible_indices(mask)}))  # what ZQ.apply would get inline
    ws_tiled = len(json.dumps({spec.id: {"mask": f"{tiled.URL_PREFIX}/{spec.id}/mask/{token}.bin",
                                         "shown": int(mask.sum())}}))
    largest = max(v[1] for v in info.tile_bytes.values())
    return {"n": n, "prepare_s": round(prep_s, 1), "zooms": [info.minzoom, info.maxzoom],
            "mbtiles_mb": round(path.stat().st_size / 2**20, 1), "largest_tile_kb": round(largest / 1024),
            "viewport_cold_ms": round(cold_ms, 1), "viewport_warm_ms": round(statistics.median(warm), 1),
            "viewport_tile_kb": round(view_bytes / 1024), "inline_payload_kb": round(len(inline_payload) / 1024),
            "inline_build_s": None if inline_s != inline_s else round(inline_s, 2), "mask_ms": round(mask_ms, 1), "pack_ms": round(pack_ms, 2),
            "mask_http_kb": round(len(store.mask(spec.id, token)[0]) / 1024, 1),
            "ws_inline_b": ws_inline, "ws_tiled_b": ws_tiled, "shown": int(mask.sum()),
            "rss_peak_mb": round(_rss_mb())}


def _print(r: dict) -> None:
    print(f"N={r['n']:>9,}  tiles z{r['zooms'][0]}-{r['zooms'][1]} prepared in {r['prepare_s']} s, "
          f"{r['mbtiles_mb']} MB, largest tile {r['largest_tile_kb']} kB, peak RSS {r['rss_peak_mb']} MB")
    if r["inline_payload_kb"]:
        print(f"   first paint, layer bytes: inline {r['inline_payload_kb']:,} kB (built in "
              f"{r['inline_build_s']} s) vs tiled 24-tile z14 viewport {r['viewport_tile_kb']:,} kB "
              f"-> {r['inline_payload_kb'] / max(r['viewport_tile_kb'], 1):.1f}x")
    else:
        print(f"   first paint, layer bytes: tiled 24-tile z14 viewport {r['viewport_tile_kb']:,} kB "
              f"(inline not tried above {INLINE_MAX:,})")
    print(f"   viewport read: cold {r['viewport_cold_ms']} ms, warm {r['viewport_warm_ms']} ms (24 tiles)")
    print(f"   filter change ({r['shown']:,} shown): mask {r['mask_ms']} ms + pack {r['pack_ms']} ms; "
          f"websocket bytes inline {r['ws_inline_b']:,} vs tiled {r['ws_tiled_b']} -> "
          f"{r['ws_inline_b'] / r['ws_tiled_b']:.0f}x; packed mask over HTTP {r['mask_http_kb']} kB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000])
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores shared)")
    results = []
    for n in args.n:
        results.append(one(n))
        _print(results[-1])
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "tiles_results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
