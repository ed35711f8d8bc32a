"""A throwaway PostgreSQL + PostGIS cluster for the tests (real server, never a mock).

``initdb`` in a temporary folder (run as the ``postgres`` user when the tests run as root: the
folder is chowned to it), ``pg_ctl start`` on a free 127.0.0.1 port with the socket in that
folder, a template database with ``CREATE EXTENSION postgis``; each test that needs an empty
workspace gets ``CREATE DATABASE … TEMPLATE`` of it (fast). Stopped and removed by ``remove()``.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

TEMPLATE = "zq_template"


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run bash scripts/dev.sh setup test")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One PostgreSQL server in a temporary folder, on a free local port."""

    def __init__(self) -> None:
        self.bin = _bindir()
        self.base = Path(tempfile.mkdtemp(prefix="zq-pg-"))
        self.data = self.base / "data"
        self.port = _free_port()
        self._names = itertools.count(1)
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.base, "postgres", "postgres")
        self.user = "postgres" if self.as_root else os.environ.get("USER", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", self.user, "-E", "UTF8",
                  "--no-sync")
        self.start()
        self.sql("postgres", f"CREATE DATABASE {TEMPLATE}")
        self.sql(TEMPLATE, "CREATE EXTENSION postgis")

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / tool), *args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        """Start (or restart) the server; returns once it accepts connections."""
        opts = (f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.base / "log"),
                  "-w", "start")

    def stop(self) -> None:
        """Stop the server (fast: connections are cut, committed work is kept)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, dbname: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def sql(self, dbname: str, statement: str) -> None:
        """Run one statement with psql (set-up only: fixed text, no user values)."""
        self._run("psql", "-h", str(self.base), "-p", str(self.port), "-U", self.user,
                  "-d", dbname, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement)

    def new_database(self) -> str:
        """A fresh database with PostGIS (from the template); returns its URL."""
        import psycopg

        name = f"zq_test_{next(self._names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")  # name: made here
        return self.url(name)

    def remove(self) -> None:
        """Stop the server (if running) and delete its folder."""
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.base, ignore_errors=True)
