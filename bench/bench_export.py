"""Exporting the filtered view of a bureau-scale layer: streamed (geo.export_stream.write_rows,
chunk by chunk to a file) against the naive path (``gdf[mask]`` → ``layers.export.vector_bytes``:
the selection, its reprojection and the file's bytes in memory at once), side by side.

Each variant runs in a fresh process that first builds the parcels (the layer the app holds),
then exports ~60 % of them (a DLBM filter) to GeoPackage in CGCS2000 GK CM 117°E; printed: the
time, and the peak RSS the export added on top of the loaded layer (VmHWM, reset after loading)::

    python -m bench.bench_export --n 100000 [--n 1000000] [--fmt gpkg|geojson|csv]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _status_mb(key: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> None:
    """Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS."""
    Path("/proc/self/clear_refs").write_text("5")


def _child(n: int, fmt: str, how: str) -> dict:
    import numpy as np

    from bench.parcels import make_parcels
    from geo.export_stream import write_rows
    from layers.export import vector_bytes

    gdf = make_parcels(n, seed=1)
    rows = np.flatnonzero(gdf["dlbm"].astype(str).str[:2].isin(["01", "02", "03"]).to_numpy())
    if len(rows) < n // 3:
        rows = np.arange(0, n, 5 * n // 8 or 1)[: max(1, n * 6 // 10)]
    base = _status_mb("VmRSS")
    _reset_peak()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        if how == "naive":
            size = len(vector_bytes(gdf[np.isin(np.arange(n), rows)], fmt, "EPSG:4548"))
        else:
            path = Path(tmp) / f"out.{fmt}"
            write_rows(gdf, rows, path, fmt, "EPSG:4548")
            size = path.stat().st_size
    seconds = time.perf_counter() - t0
    peak = _status_mb("VmHWM")  # the peak since the reset: the export's
    return {"rows": int(len(rows)), "seconds": seconds, "added_peak_mb": peak - base, "layer_mb": base,
            "file_mb": size / 2**20}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, action="append", help="parcel counts (default 10^4, 10^5)")
    ap.add_argument("--fmt", default="gpkg", choices=("gpkg", "geojson", "csv"))
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(int(args.child[0]), args.child[1], args.child[2])))
        return
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; format {args.fmt}, "
          "target EPSG:4548")
    print(f"{'n':>9} {'rows':>9} {'file MB':>8} | {'naive s':>8} {'+MB':>7} | {'stream s':>8} {'+MB':>7} | "
          "memory naive/stream")
    for n in args.n or [10_000, 100_000]:
        got = {}
        for how in ("naive", "stream"):
            out = subprocess.run([sys.executable, "-m", "bench.bench_export", "--child", str(n), args.fmt, how],
                                 capture_output=True, text=True, check=True)
            got[how] = json.loads(out.stdout.strip().splitlines()[-1])
        a, b = got["naive"], got["stream"]
        print(f"{n:>9,} {b['rows']:>9,} {b['file_mb']:>8.1f} | {a['seconds']:>8.2f} {a['added_peak_mb']:>7.0f} | "
              f"{b['seconds']:>8.2f} {b['added_peak_mb']:>7.0f} | "
              f"{a['added_peak_mb'] / max(b['added_peak_mb'], 1):.1f}x  (layer itself {b['layer_mb']:.0f} MB RSS)")


if __name__ == "__main__":
    main()
