"""A load harness that speaks Streamlit's own websocket protocol (issue 12, point 1).

    python -m bench.load --users N --changes K [--url URL] [--json PATH] [--waves 3]

N concurrent sessions, each opening the explorer with a query string (``BackMsg.rerun_script``
on ``/_stcore/stream``, as the page does) and then making K changes with 0.5–1.5 s think time:
the cluster filter (a multiselect: pick one cluster / clear it) and a layer checkbox, each sent
as the page sends it (the widget's id and value in ``widget_states``), timed from the send to the
server's ``script_finished``.  Printed: per-action latency p50/p95/p99, failed sessions, server
CPU per change, RSS before/after and across the waves.  ``--json PATH`` writes the same figures
(keys ``p50_ms``, ``p95_ms``, ``p99_ms``, ``failed_sessions``, ``rss_mb_before``,
``rss_mb_after`` …).  Without ``--url`` it starts ``streamlit run serve.py`` on a free local
port (``--extra-layers`` adds ``ZQ_EXTRA_LAYERS``, e.g. a 10^5-parcel tiled layer from
``python -m bench.parcels``); with ``--url`` it drives a running server (localhost only) and
finds its process by the port to read CPU and RSS.  Bounded: ≤ 200 users, ≤ 100 changes each,
``--timeout`` per action and for the whole run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO = Path(__file__).resolve().parents[1]
LOCAL = {"localhost", "127.0.0.1", "::1"}
MAX_USERS, MAX_CHANGES = 200, 100
CLUSTER_KEY, LAYER_KEY = "flt.cluster", "layer.parks"
CLK = os.sysconf("SC_CLK_TCK")


class SessionError(Exception):
    """A session could not open, a run failed (an exception in the page) or timed out."""


@dataclass
class Session:
    """One simulated user: a websocket, the widgets it learned, the values it set."""

    url: str
    query: str
    timeout: float
    ws: object = None
    widgets: dict = field(default_factory=dict)  # user key -> (id, kind, element proto)
    states: dict = field(default_factory=dict)  # widget id -> (value field, value)
    bytes_in: int = 0
    headers: dict = field(default_factory=dict)  # extra handshake headers, e.g. a Cookie

    async def open(self) -> float:
        parts = urlsplit(self.url)
        ws_url = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.ws = await websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                           origin=f"http://{parts.netloc}", open_timeout=self.timeout,
                                           additional_headers=self.headers or None)
        return await self.run()

    async def run(self) -> float:
        """Send one rerun with every value set so far; seconds until the script finished."""
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        for wid, (kind, value) in self.states.items():
            ws = msg.rerun_script.widget_states.widgets.add()
            ws.id = wid
            if kind == "string_array_value":
                ws.string_array_value.data.extend(value)
            else:
                setattr(ws, kind, value)
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        await asyncio.wait_for(self._until_finished(), self.timeout)
        return time.perf_counter() - t0

    async def _until_finished(self) -> None:
        while True:
            data = await self.ws.recv()
            self.bytes_in += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                et = el.WhichOneof("type")
                if et == "exception":
                    raise SessionError(f"exception in the page: {el.exception.message[:200]}")
                proto = getattr(el, et)
                wid = getattr(proto, "id", "")
                if isinstance(wid, str) and wid.startswith("$$ID-"):
                    self.widgets[wid.split("-", 2)[2]] = (wid, et, proto)
            elif kind == "page_info_changed":  # the page wrote its link: send it from now on,
                self.query = fwd.page_info_changed.query_string  # as the browser does
            elif kind == "script_finished":
                if fwd.script_finished not in (0, 3):  # successfully / fragment successfully
                    raise SessionError(f"script finished with status {fwd.script_finished}")
                return

    def change(self, k: int) -> None:
        """The k-th change: cluster filter on (a cluster) / off, then a layer switched off / on."""
        if k % 4 in (0, 1):
            wid, _, proto = self.widgets[CLUSTER_KEY]
            pick = [proto.options[(k // 4) % len(proto.options)]] if k % 4 == 0 else []
            self.states[wid] = ("string_array_value", pick)
        else:
            wid, _, _ = self.widgets[LAYER_KEY]
            self.states[wid] = ("bool_value", k % 4 == 3)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


async def _open(url: str, query: str, timeout: float) -> Session | None:
    """A user opens the page; None when it could not."""
    sess = Session(url, query, timeout)
    try:
        await sess.open()
        return sess
    except (TimeoutError, SessionError, OSError, websockets.WebSocketException):
        await sess.close()
        return None


async def _changes(sess: Session, changes: int, think: tuple[float, float], out: list[float],
                   rng: random.Random) -> bool:
    """The user's ``changes`` changes with think time; False when the session failed."""
    try:
        for k in range(changes):
            await asyncio.sleep(rng.uniform(*think))
            sess.change(k)
            out.append(await sess.run())
        return True
    except (TimeoutError, SessionError, OSError, websockets.WebSocketException, KeyError):
        return False
    finally:
        await sess.close()


# ---------------------------------------------------------------- the server process


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pid_listening(port: int) -> int | None:
    """The process listening on ``port`` (Linux /proc: socket inode -> fd link)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(cols[9])
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                link = os.readlink(fd)
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return int(proc.name)
        except OSError:
            continue
    return None


def _cpu_s(pid: int | None) -> float:
    if pid is None:
        return float("nan")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


def _rss_mb(pid: int | None) -> float:
    if pid is None:
        return float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(extra_layers: str | None = None) -> tuple[subprocess.Popen, str]:
    """``streamlit run serve.py`` on a free local port, an empty workspace; (process, URL)."""
    port = _free_port()
    env = {**os.environ, "ZQ_WORKSPACE": tempfile.mkdtemp(prefix="zq-load-ws-")}
    if extra_layers:
        env["ZQ_EXTRA_LAYERS"] = extra_layers
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            raise RuntimeError("the server exited: " + proc.stderr.read().decode(errors="replace")[-500:])
    proc.terminate()
    raise RuntimeError("the server did not answer /_stcore/health within 60 s")


# ---------------------------------------------------------------- the run


async def run_load(url: str, users: int, changes: int, waves: int = 3, query: str = "lang=zh",
                   think: tuple[float, float] = (0.5, 1.5), timeout: float = 60.0, seed: int = 1) -> dict:
    """Drive ``url`` with ``waves`` waves of ``users`` sessions × ``changes``; the figures."""
    parts = urlsplit(url)
    if parts.hostname not in LOCAL:
        raise ValueError(f"localhost only: {url}")
    if not (1 <= users <= MAX_USERS and 1 <= changes <= MAX_CHANGES):
        raise ValueError(f"1 ≤ users ≤ {MAX_USERS} and 1 ≤ changes ≤ {MAX_CHANGES}")
    pid = _pid_listening(parts.port or 80)
    rng = random.Random(seed)
    latencies: list[float] = []
    failed = 0
    rss = [_rss_mb(pid)]
    cpu0 = _cpu_s(pid)
    t0 = time.perf_counter()
    cpu_changes = 0.0
    for _ in range(waves):  # all users open the page, then all make their changes
        opened = await asyncio.gather(*[_open(url, query, timeout) for _ in range(users)])
        c = _cpu_s(pid)
        oks = await asyncio.gather(*[_changes(s, changes, think, latencies, rng)
                                     for s in opened if s is not None])
        cpu_changes += _cpu_s(pid) - c
        failed += opened.count(None) + oks.count(False)
        rss.append(_rss_mb(pid))
    cpu = _cpu_s(pid) - cpu0
    n = len(latencies)
    growth = [(b - a) / a * 100 if a == a and a else float("nan") for a, b in zip(rss[1:], rss[2:], strict=False)]
    return {
        "users": users, "changes": changes, "waves": waves, "actions": n,
        "p50_ms": _percentile(latencies, 50) * 1000, "p95_ms": _percentile(latencies, 95) * 1000,
        "p99_ms": _percentile(latencies, 99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "failed_sessions": failed, "sessions": users * waves,
        "server_pid": pid, "server_cpu_s": cpu,
        "server_cpu_ms_per_run": cpu / max(1, n + users * waves) * 1000,  # page opens included
        "server_cpu_ms_per_change": cpu_changes / max(1, n) * 1000,  # the changes only
        "rss_mb_before": rss[0], "rss_mb_after": rss[-1], "rss_mb_per_wave": rss[1:],
        "rss_growth_pct_between_waves": growth,
        "seconds": time.perf_counter() - t0, "load_average": list(os.getloadavg()),
    }


def run_sync(coro):
    """``asyncio.run(coro)`` in a thread of its own: the caller may already run an event loop
    (a notebook, Playwright's sync API in the same test process)."""
    box: dict = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:  # handed to the caller
            box["error"] = exc

    worker = threading.Thread(target=target, name="bench-load")
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def _print(r: dict) -> None:
    print(f"{r['users']} users × {r['changes']} changes × {r['waves']} waves = {r['actions']} changes "
          f"in {r['seconds']:.0f} s (load average {r['load_average'][0]:.2f})")
    print(f"latency per change: p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms")
    print(f"failed sessions: {r['failed_sessions']} of {r['sessions']}")
    print(f"server CPU: {r['server_cpu_s']:.1f} s; {r['server_cpu_ms_per_change']:.0f} ms per change "
          f"(the changes only), {r['server_cpu_ms_per_run']:.0f} ms per run (page opens included)")
    waves = ", ".join(f"{v:.0f}" for v in r["rss_mb_per_wave"])
    growth = ", ".join(f"{g:+.1f} %" for g in r["rss_growth_pct_between_waves"])
    print(f"server RSS: {r['rss_mb_before']:.0f} MB before, after each wave {waves} MB "
          f"(between waves {growth or 'n/a'})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, required=True)
    ap.add_argument("--changes", type=int, required=True)
    ap.add_argument("--url", help="a running server (localhost only); default: start one")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    ap.add_argument("--waves", type=int, default=3)
    ap.add_argument("--query", default="lang=zh", help="the query string each session opens with")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per action")
    ap.add_argument("--extra-layers", help="ZQ_EXTRA_LAYERS for a started server")
    args = ap.parse_args(argv)
    proc = None
    url = args.url
    if url is None:
        proc, url = start_server(args.extra_layers)
    try:
        budget = args.timeout * (args.changes + 1) * args.waves + 60
        result = run_sync(asyncio.wait_for(run_load(url, args.users, args.changes, args.waves, args.query,
                                                    timeout=args.timeout), budget))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
    _print(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0 if result["failed_sessions"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
