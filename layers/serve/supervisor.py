"""Start N app processes and nginx in front of them, watch them, stop them all.

Each app process is ``streamlit run serve.py`` on a free local port with the same environment
(``ZQ_DATABASE_URL``, ``ZQ_WORKSPACE``, one ``server.cookieSecret`` for all of them); nginx runs
as the current user in the foreground from a configuration written into the run folder
(:mod:`layers.serve.nginx`), with its pid, logs and temp folders there too, never in /etc.
A process that dies is reported in the log and started again on its port; its browsers have
meanwhile been passed to another process by nginx. ``nodes.json`` in the run folder says which
process is which (name, port, pid), for operators and tests.
"""

from __future__ import annotations

import ctypes
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from layers.serve import nginx

REPO = Path(__file__).resolve().parents[2]
NGINX = "/usr/sbin/nginx"
HEALTH = "/_stcore/health"
RESTART_PAUSE_S = 2.0  # at least this long between two starts of one process


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def max_upload_mb(repo: Path = REPO) -> int:
    """Streamlit's ``server.maxUploadSize`` (env, then ``.streamlit/config.toml``, then 200)."""
    if env := os.environ.get("STREAMLIT_SERVER_MAX_UPLOAD_SIZE"):
        return int(env)
    try:
        conf = tomllib.loads((repo / ".streamlit" / "config.toml").read_text())
    except OSError:
        return 200
    return int(conf.get("server", {}).get("maxUploadSize", 200))


def healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether ``url``'s Streamlit health check answers 200."""
    try:
        with urllib.request.urlopen(url + HEALTH, timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def _die_with_parent() -> None:  # in the child, before exec: SIGTERM when the supervisor dies
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class AppProcess:
    """One ``streamlit run serve.py``: node name, port, the running process, restarts."""

    name: str
    port: int
    proc: subprocess.Popen | None = None
    started: float = 0.0
    restarts: int = 0
    reported: bool = False  # its exit has been logged

    @property
    def url(self) -> str:
        """The process's own URL (127.0.0.1, not through nginx)."""
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """N app processes behind one nginx on ``listen`` (``host:port``), files in ``run_dir``."""

    processes: int
    listen: str
    run_dir: Path
    restart: bool = True
    log: Callable[[str], None] = print
    apps: list[AppProcess] = field(default_factory=list)
    nginx_proc: subprocess.Popen | None = None
    env: dict = field(default_factory=dict)

    def start(self, timeout: float = 90.0) -> None:
        """Start the apps, wait until each answers its health check, then start nginx."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get(
            "STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))}
        if self.env.get("ZQ_WORKSPACE"):  # the apps run in the repo: a relative path would move
            self.env["ZQ_WORKSPACE"] = str(Path(self.env["ZQ_WORKSPACE"]).resolve())
        self.apps = [AppProcess(f"n{i}", free_port()) for i in range(self.processes)]
        for app in self.apps:
            self._spawn(app)
        deadline = time.monotonic() + timeout
        for app in self.apps:
            self._wait_healthy(app, deadline)
        self._start_nginx()
        self.write_nodes()
        self.log(f"serving {self.processes} app processes on http://{self.listen} "
                 f"(nginx, files in {self.run_dir})")

    def _spawn(self, app: AppProcess) -> None:
        out = (self.run_dir / f"{app.name}.log").open("ab")
        cmd = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port",
               str(app.port), "--server.address", "127.0.0.1", "--server.headless", "true"]
        app.proc = subprocess.Popen(cmd, cwd=REPO, env=self.env, stdout=out,
                                    stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        out.close()
        app.started, app.reported = time.monotonic(), False

    def _wait_healthy(self, app: AppProcess, deadline: float) -> None:
        while not healthy(app.url):
            if app.proc.poll() is not None:
                tail = (self.run_dir / f"{app.name}.log").read_text(errors="replace")[-800:]
                raise RuntimeError(f"app process {app.name} exited at start:\n{tail}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"app process {app.name} did not answer {HEALTH} in time")
            time.sleep(0.3)

    def config(self) -> str:
        """The nginx configuration of the current processes."""
        user = pwd.getpwuid(os.geteuid()).pw_name if os.geteuid() == 0 else None
        opts = nginx.Options(listen=self.listen, run_dir=self.run_dir, user=user,
                             max_upload_mb=max_upload_mb())
        return nginx.render(nginx.backends([f"127.0.0.1:{a.port}" for a in self.apps]), opts)

    def _start_nginx(self) -> None:
        if not os.access(NGINX, os.X_OK):
            raise RuntimeError(f"{NGINX} is missing: bash scripts/dev.sh setup cluster "
                               "(apt-get install nginx-light)")
        conf = self.run_dir / "nginx.conf"
        conf.write_text(self.config())
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / "temp" / kind).mkdir(parents=True, exist_ok=True)
        err = self.run_dir / "error.log"
        self.nginx_proc = subprocess.Popen(
            [NGINX, "-p", str(self.run_dir), "-c", str(conf), "-e", str(err)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 15
        while not healthy(f"http://{self.listen}"):
            if self.nginx_proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("nginx did not start:\n" + err.read_text(errors="replace")[-800:])
            time.sleep(0.2)

    def write_nodes(self) -> None:
        """``nodes.json``: the URL, nginx's pid and each process's name, port and pid."""
        info = {"url": f"http://{self.listen}", "nginx_pid": self.nginx_proc.pid,
                "nodes": [{"name": a.name, "port": a.port, "pid": a.proc.pid,
                           "restarts": a.restarts} for a in self.apps]}
        (self.run_dir / "nodes.json").write_text(json.dumps(info, indent=1))

    def check(self) -> bool:
        """One round of supervision; False when nginx itself has gone (the cluster is down)."""
        if self.nginx_proc.poll() is not None:
            self.log(f"nginx exited with code {self.nginx_proc.returncode}; stopping")
            return False
        for app in self.apps:
            code = app.proc.poll()
            if code is None:
                continue
            if not app.reported:
                self.log(f"app process {app.name} (port {app.port}, pid {app.proc.pid}) exited "
                         f"with code {code}; its browsers reconnect to the other processes")
                app.reported = True
            if self.restart and time.monotonic() - app.started >= RESTART_PAUSE_S:
                app.restarts += 1
                self._spawn(app)
                self.log(f"app process {app.name} started again on port {app.port} "
                         f"(pid {app.proc.pid})")
                self.write_nodes()
        return True

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM to nginx and every app process, SIGKILL after ``timeout``; nothing is left."""
        procs = [p for p in [self.nginx_proc, *(a.proc for a in self.apps)] if p is not None]
        for p in procs:
            if p.poll() is None:
                p.terminate()
        deadline = time.monotonic() + timeout
        for p in procs:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def run(cluster: Cluster, remove_run_dir: bool) -> int:
    """Start ``cluster``, supervise it until SIGINT/SIGTERM or nginx's end, stop it; exit code."""
    stopping: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        stopping.append(signum)

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    code = 0
    try:
        cluster.start()
        while not stopping:
            if not cluster.check():
                code = 1
                break
            time.sleep(0.5)
    finally:
        cluster.stop()
        for s, handler in old.items():
            signal.signal(s, handler)
        if remove_run_dir:
            shutil.rmtree(cluster.run_dir, ignore_errors=True)
        cluster.log("stopped")
    return code
