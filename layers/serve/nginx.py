"""The nginx configuration of a cluster: a pure function from the app processes to the text.

Sticky per browser with nginx OSS (which has no ``sticky cookie``): the cookie ``zq_node``
names the process that last served the browser (``n0``, ``n1`` …). A request with the cookie goes
to the upstream ``zq_n<i>``: that process first, the others as ``backup``; without the cookie
(a first visit) to ``zq_all`` (least connections). Every response whose serving process differs
from the cookie sets the cookie to the process that actually served it (read from
``$upstream_addr`` after the response), so after a failover the browser stays on the process
that now holds its session, even when the dead one is restarted on the same port. (A hash of
the cookie would send it back to the restarted process, which knows nothing of the session's
tile masks and downloads.)

``proxy_next_upstream error timeout``: a request to a dead process is passed to the next one;
the Streamlit frontend reconnects its websocket and opens a new session there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

COOKIE = "zq_node"
_ADDR = re.compile(r"^[A-Za-z0-9.\-]+:[0-9]{1,5}$|^\[[0-9a-fA-F:]+\]:[0-9]{1,5}$")


@dataclass(frozen=True)
class Backend:
    """One app process: its node name (``n<i>``, the cookie's value) and ``host:port``."""

    name: str
    address: str


@dataclass(frozen=True)
class Options:
    """What the configuration needs besides the backends.

    ``listen``: ``host:port`` nginx listens on; ``run_dir``: pid, logs and temp folders;
    ``max_upload_mb``: Streamlit's ``server.maxUploadSize``; ``user``: the worker user (only
    when nginx starts as root, so the workers can write into ``run_dir``); ``fail_timeout_s``:
    how long a process that refused a connection is left out.
    """

    listen: str
    run_dir: Path
    max_upload_mb: int = 1024
    user: str | None = None
    fail_timeout_s: int = 10


def backends(addresses: list[str]) -> list[Backend]:
    """Node names ``n0`` … for ``host:port`` addresses (checked: they go into the config)."""
    if not addresses:
        raise ValueError("at least one app process")
    bad = [a for a in addresses if not _ADDR.match(a)]
    if bad or len(set(addresses)) != len(addresses):
        raise ValueError(f"addresses must be distinct host:port: {addresses}")
    return [Backend(f"n{i}", a) for i, a in enumerate(addresses)]


def _upstreams(nodes: list[Backend], fail_timeout_s: int) -> list[str]:
    server = f"max_fails=1 fail_timeout={fail_timeout_s}s"
    out = ["upstream zq_all {", "    least_conn;"]
    out += [f"    server {b.address} {server};" for b in nodes]
    out += ["    keepalive 16;", "}"]
    for b in nodes:
        out += [f"upstream zq_{b.name} {{", f"    server {b.address} {server};"]
        out += [f"    server {o.address} backup;" for o in nodes if o is not b]
        out += ["    keepalive 8;", "}"]
    return out


def _maps(nodes: list[Backend]) -> list[str]:
    out = ["map $http_upgrade $zq_connection {", '    default "upgrade";', '    "" "";', "}"]
    out += [f"map $cookie_{COOKIE} $zq_upstream {{", "    default zq_all;"]
    out += [f"    {b.name} zq_{b.name};" for b in nodes] + ["}"]
    out += ["map $upstream_addr $zq_served {", '    default "";']
    out += [f'    "~(^|[ ,]){re.escape(b.address)}$" {b.name};' for b in nodes] + ["}"]
    out += [f'map "$cookie_{COOKIE}|$zq_served" $zq_set_cookie {{',
            f'    default "{COOKIE}=$zq_served; Path=/; HttpOnly; SameSite=Lax";',
            '    "~\\|$" "";']
    out += [f'    "{b.name}|{b.name}" "";' for b in nodes] + ["}"]
    return out


def _server(opts: Options) -> list[str]:
    return [
        "server {",
        f"    listen {opts.listen};",
        f"    client_max_body_size {opts.max_upload_mb}m;",
        "    location / {",
        "        proxy_pass http://$zq_upstream;",
        "        proxy_http_version 1.1;",
        "        proxy_set_header Host $http_host;",
        "        proxy_set_header Upgrade $http_upgrade;",
        "        proxy_set_header Connection $zq_connection;",
        "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "        proxy_set_header X-Forwarded-Proto $scheme;",
        "        proxy_next_upstream error timeout;",
        "        proxy_connect_timeout 2s;",
        "        proxy_read_timeout 86400s;",
        "        proxy_send_timeout 86400s;",
        "        proxy_buffering off;",
        "        proxy_request_buffering off;",
        "        add_header Set-Cookie $zq_set_cookie always;",
        "    }",
        "}",
    ]


def render(nodes: list[Backend], opts: Options) -> str:
    """The whole ``nginx.conf`` (run with ``nginx -p RUN_DIR -c nginx.conf``, in the foreground).

    Precondition: ``nodes`` from :func:`backends`; everything nginx writes stays in
    ``opts.run_dir``.
    """
    run = opts.run_dir
    head = [f"user {opts.user};"] if opts.user else []
    head += ["daemon off;", "worker_processes 1;", f"pid {run / 'nginx.pid'};",
             f"error_log {run / 'error.log'} notice;", "events {", "    worker_connections 4096;",
             "}", "http {", "    log_format zq '$remote_addr [$time_local] \"$request\" $status "
             "cookie=$cookie_zq_node upstream=$upstream_addr';",
             f"    access_log {run / 'access.log'} zq;"]
    head += [f"    {kind}_temp_path {run / 'temp' / kind};"
             for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")]
    body = _maps(nodes) + _upstreams(nodes, opts.fail_timeout_s) + _server(opts)
    return "\n".join(head + ["    " + line for line in body] + ["}", ""])
