"""``python -m layers serve``: N app processes behind a real nginx, sticky per browser."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from layers.serve.supervisor import Cluster, run

MAX_PROCESSES = 32


def add_serve_parser(sub: argparse._SubParsersAction) -> None:
    """The ``serve`` sub-command's arguments."""
    p = sub.add_parser("serve", help="run N app processes behind nginx (sticky per browser; "
                       "a team uses ZQ_DATABASE_URL)")
    p.add_argument("--processes", type=int, default=2, help="app processes (default 2)")
    p.add_argument("--port", type=int, default=8501, help="nginx's port (default 8501)")
    p.add_argument("--address", default="127.0.0.1",
                   help="nginx's address (default 127.0.0.1; 0.0.0.0 for the LAN)")
    p.add_argument("--run-dir", type=Path, help="nginx.conf, logs, nodes.json (default: a "
                   "temporary folder removed at the end; a given folder is kept)")
    p.add_argument("--no-restart", action="store_true",
                   help="do not start a process again when it dies")


def _say(msg: str) -> None:
    print(f"[layers serve] {msg}", file=sys.stderr, flush=True)


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the cluster in the foreground until Ctrl-C / SIGTERM; 2 on bad arguments."""
    if not 1 <= args.processes <= MAX_PROCESSES or not 1 <= args.port <= 65535:
        _say(f"error: 1 <= --processes <= {MAX_PROCESSES} and 1 <= --port <= 65535")
        return 2
    if not os.environ.get("ZQ_DATABASE_URL"):
        _say("warning: ZQ_DATABASE_URL is not set, so the processes share the GeoPackage "
             "workspace in ZQ_WORKSPACE: fine for reading; a team behind a balancer saves into "
             "PostGIS (README, 'A team workspace on PostGIS')")
    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="zq-serve-"))
    cluster = Cluster(args.processes, f"{args.address}:{args.port}", run_dir.resolve(),
                      restart=not args.no_restart, log=_say)
    return run(cluster, remove_run_dir=args.run_dir is None)
