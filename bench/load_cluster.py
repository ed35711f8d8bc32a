"""1 process vs N processes behind nginx, under the load harness (issue 12, points 3 and 5).

    python -m bench.load_cluster [--processes 1 2] [--users 10 20 30 40 50 60 80] [--changes 8]
                                 [--parcels 100000] [--database-url URL] [--json PATH]

For each process count: ``python -m layers serve --processes N`` on a free port, on a fresh
PostGIS database (``--database-url``, else a throwaway cluster from ``tests/pgcluster.py``), with
the bundled data plus a tiled layer of ``--parcels`` synthetic parcels (``bench/parcels.py``,
tiles prepared beforehand so no process spends the run making them). A warm-up opens two
sessions per process (each process reads the data once), then ``bench.load.run_load`` drives
nginx's URL with each user count in turn (one wave, ``--changes`` changes each, 0.5–1.5 s think
time): p50/p95/p99 per change, failed sessions, and the app processes' CPU (summed). The
search stops at the first count whose p95 is over ``--limit-ms`` (2,000) or that has failures;
printed: p95 at 40 users and the highest count with p95 ≤ the limit, per process count, with
the load average of the machine before and after (it is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyogrio

from bench import load
from bench.parcels import layer_declaration, write
from layers import tiled
from layers.serve.supervisor import REPO, free_port
from layers.spec import spec_from_dict

OUT = REPO / "bench" / "out"


def prepare_parcels(n: int) -> Path:
    """The parcels' declaration file (``ZQ_EXTRA_LAYERS``), their tiles made beside the data."""
    data, decl = write(n, OUT)
    frame = pyogrio.read_dataframe(data, use_arrow=True)
    tiled.ensure(spec_from_dict(layer_declaration(data)), frame, data.parent)
    return decl


def start(processes: int, env: dict, run_dir: Path) -> tuple[subprocess.Popen, dict]:
    """``python -m layers serve`` in the background; (process, its nodes.json)."""
    cmd = [sys.executable, "-m", "layers", "serve", "--processes", str(processes), "--port",
           str(free_port()), "--run-dir", str(run_dir), "--no-restart"]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not (run_dir / "nodes.json").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("the cluster did not start; see " + str(run_dir))
        time.sleep(0.5)
    return proc, json.loads((run_dir / "nodes.json").read_text())


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the supervisor, which stops nginx and every app process."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()


def _app_cpu_s(info: dict) -> float:
    return sum(load._cpu_s(n["pid"]) for n in info["nodes"])


def measure(info: dict, users: int, changes: int) -> dict:
    """One wave of ``users`` sessions through nginx; the harness's figures + the apps' CPU."""
    cpu0 = _app_cpu_s(info)
    res = load.run_sync(load.run_load(info["url"], users, changes, waves=1, timeout=60))
    res["app_cpu_s"] = _app_cpu_s(info) - cpu0
    res["app_cpu_ms_per_change"] = res["app_cpu_s"] / max(1, res["actions"] + users) * 1000
    for key in ("server_pid", "server_cpu_s", "server_cpu_ms_per_change", "server_cpu_ms_per_run",
                "rss_mb_before", "rss_mb_after", "rss_mb_per_wave", "rss_growth_pct_between_waves"):
        res.pop(key, None)  # those are nginx's: the harness finds the process by the port
    return res


def search(info: dict, levels: list[int], changes: int, limit_ms: float) -> list[dict]:
    """``measure`` at each user count, ascending, until p95 > ``limit_ms`` or a session fails."""
    out = []
    for users in sorted(levels):
        res = measure(info, users, changes)
        out.append(res)
        print(f"  {users:3d} users: p50 {res['p50_ms']:5.0f} ms, p95 {res['p95_ms']:5.0f} ms, "
              f"p99 {res['p99_ms']:5.0f} ms, failed {res['failed_sessions']}/{users}, app CPU "
              f"{res['app_cpu_ms_per_change']:.0f} ms per run, load {res['load_average'][0]:.2f}",
              flush=True)
        if res["p95_ms"] > limit_ms or res["failed_sessions"]:
            break
    return out


def summary(runs: list[dict], limit_ms: float) -> dict:
    """p95 at 40 users (if measured) and the highest user count with p95 ≤ ``limit_ms``."""
    ok = [r["users"] for r in runs if r["p95_ms"] <= limit_ms and not r["failed_sessions"]]
    at40 = next((r["p95_ms"] for r in runs if r["users"] == 40), None)
    return {"p95_ms_at_40": at40, "max_users_p95_within_limit": max(ok) if ok else 0}


def _database_urls(args: argparse.Namespace, count: int):
    if args.database_url:
        return None, [args.database_url] * count
    sys.path.insert(0, str(REPO))
    from tests.pgcluster import Cluster  # the tests' throwaway PostgreSQL + PostGIS

    cluster = Cluster()
    return cluster, [cluster.new_database() for _ in range(count)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load_cluster",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--users", type=int, nargs="+", default=[10, 20, 30, 40, 50, 60, 80])
    ap.add_argument("--changes", type=int, default=8)
    ap.add_argument("--parcels", type=int, default=100_000, help="0: bundled data only")
    ap.add_argument("--limit-ms", type=float, default=2000.0)
    ap.add_argument("--database-url", help="a PostGIS database (default: a throwaway cluster)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    extra = {"ZQ_EXTRA_LAYERS": str(prepare_parcels(args.parcels))} if args.parcels else {}
    pg, urls = _database_urls(args, len(args.processes))
    result = {"load_average_before": list(os.getloadavg()), "cpus": os.cpu_count(), "runs": {}}
    try:
        for n, url in zip(args.processes, urls, strict=True):
            ws, run_dir = (Path(tempfile.mkdtemp(prefix=f"zq-cluster-{k}-")) for k in ("ws", "run"))
            env = {**os.environ, **extra, "ZQ_DATABASE_URL": url, "ZQ_WORKSPACE": str(ws)}
            proc, info = start(n, env, run_dir)
            try:
                print(f"{n} process(es) behind nginx ({info['url']}):", flush=True)
                load.run_sync(load.run_load(info["url"], 2 * n, 1, waves=1, timeout=120))
                runs = search(info, args.users, args.changes, args.limit_ms)
            finally:
                stop(proc)
                shutil.rmtree(ws, ignore_errors=True)
                shutil.rmtree(run_dir, ignore_errors=True)
            result["runs"][str(n)] = {"levels": runs, **summary(runs, args.limit_ms)}
            print(f"  -> p95 at 40 users: {result['runs'][str(n)]['p95_ms_at_40']}; highest "
                  f"users with p95 <= {args.limit_ms:.0f} ms: "
                  f"{result['runs'][str(n)]['max_users_p95_within_limit']}", flush=True)
    finally:
        if pg is not None:
            pg.remove()
    result["load_average_after"] = list(os.getloadavg())
    print(f"load average before {result['load_average_before']}, after "
          f"{result['load_average_after']} ({result['cpus']} CPUs, shared)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
