"""The load balancer set-up starts and serves a session (issue 12, point 5): two app processes on
one PostGIS workspace behind a real nginx on a free port; a session opened through nginx is
served by the process its cookie names; that process is killed, and the browser's next session
is served by the other one (and the cookie moves there); everything is stopped and removed.
The load figures are in the benchmark (bench/load_cluster.py), not here."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest

from bench import load
from layers.serve.supervisor import REPO, free_port, healthy


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"


def _node_cookie(response_headers) -> str | None:
    for value in response_headers.get_all("Set-Cookie") or []:
        if value.startswith("zq_node="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


def _session(url: str, node: str) -> tuple[load.Session, str | None]:
    """Open one session through nginx as a browser with ``zq_node=node``; (session, new cookie)."""
    sess = load.Session(url, "lang=en", timeout=30, headers={"Cookie": f"zq_node={node}"})

    async def go():
        try:
            await sess.open()
            return _node_cookie(sess.ws.response.headers)
        finally:
            await sess.close()

    return sess, load.run_sync(go())


@pytest.fixture
def cluster(tmp_path, pg_db):
    port, run_dir = free_port(), tmp_path / "run"
    env = {**os.environ, "ZQ_DATABASE_URL": pg_db, "ZQ_WORKSPACE": str(tmp_path / "ws")}
    proc = subprocess.Popen([sys.executable, "-m", "layers", "serve", "--processes", "2",
                             "--port", str(port), "--run-dir", str(run_dir)], cwd=REPO, env=env,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (run_dir / "nodes.json").exists():
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
            time.sleep(0.3)
        yield proc, json.loads((run_dir / "nodes.json").read_text()), run_dir
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
        shutil.rmtree(run_dir, ignore_errors=True)


def test_two_processes_behind_nginx_survive_one_dying(cluster, pg_db):
    proc, info, run_dir = cluster
    url, nodes = info["url"], {n["name"]: n for n in info["nodes"]}
    assert len(nodes) == 2 and healthy(url)
    with urllib.request.urlopen(url + "/") as r:  # a first visit: nginx picks a process
        first = _node_cookie(r.headers)
        assert r.status == 200 and first in nodes
    sess, moved = _session(url, first)
    assert "flt.cluster" in sess.widgets and moved is None  # served, by the cookie's process
    assert f"upstream=127.0.0.1:{nodes[first]['port']}" in (run_dir / "access.log").read_text()
    with psycopg.connect(pg_db) as conn:  # the processes' workspace is the PostGIS database
        assert conn.execute("SELECT count(*) FROM zq_schema").fetchone()[0] > 0

    os.kill(nodes[first]["pid"], signal.SIGKILL)
    other = next(n for n in nodes if n != first)
    sess, moved = _session(url, first)  # the browser reconnects with its old cookie
    assert "flt.cluster" in sess.widgets and moved == other

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    log = proc.stderr.read()
    assert f"app process {first} (port {nodes[first]['port']}" in log and "exited" in log
    started = json.loads((run_dir / "nodes.json").read_text())
    pids = [info["nginx_pid"], *(n["pid"] for n in started["nodes"]), nodes[other]["pid"]]
    assert not [p for p in pids if _alive(p)]
