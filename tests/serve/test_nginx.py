"""The nginx configuration (layers/serve/nginx.py): table-driven on the text, and each table
entry checked by the real nginx (``nginx -t``) in a temporary folder."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from layers.serve import nginx
from layers.serve.supervisor import NGINX, max_upload_mb

CASES = {
    "one process": (["127.0.0.1:8601"], {}),
    "two processes": (["127.0.0.1:8601", "127.0.0.1:8602"], {}),
    "three hosts": (["10.0.0.5:8501", "10.0.0.6:8501", "[::1]:8501"],
                    {"max_upload_mb": 200, "fail_timeout_s": 30}),
}


def _render(tmp_path: Path, addresses: list[str], extra: dict) -> str:
    opts = nginx.Options(listen="127.0.0.1:18080", run_dir=tmp_path, **extra)
    return nginx.render(nginx.backends(addresses), opts)


@pytest.mark.parametrize("name", CASES)
def test_upstreams_sticky_and_failover(tmp_path, name):
    addresses, extra = CASES[name]
    conf = _render(tmp_path, addresses, extra)
    fail = extra.get("fail_timeout_s", 10)
    assert "upstream zq_all {\n        least_conn;" in conf
    for i, addr in enumerate(addresses):
        assert f"server {addr} max_fails=1 fail_timeout={fail}s;" in conf
        block = conf.split(f"upstream zq_n{i} {{")[1].split("}")[0]
        assert block.count("backup;") == len(addresses) - 1 and f"{addr} max_fails" in block
        assert f"    n{i} zq_n{i};" in conf  # the cookie's node -> its upstream
        assert f'"n{i}|n{i}" "";' in conf  # no Set-Cookie when the cookie is already right
    assert "proxy_pass http://$zq_upstream;" in conf and "default zq_all;" in conf
    assert "proxy_next_upstream error timeout;" in conf


@pytest.mark.parametrize("name", CASES)
def test_websocket_uploads_and_files_stay_in_the_run_folder(tmp_path, name):
    addresses, extra = CASES[name]
    conf = _render(tmp_path, addresses, extra)
    for line in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                 "proxy_set_header Connection $zq_connection;", "proxy_read_timeout 86400s;",
                 "proxy_buffering off;", "daemon off;", "listen 127.0.0.1:18080;",
                 f"client_max_body_size {extra.get('max_upload_mb', 1024)}m;"):
        assert line in conf, line
    paths = [w.rstrip(";") for w in conf.split() if w.startswith("/") and w != "/"]
    assert paths and all(p.startswith(str(tmp_path)) for p in paths), paths
    assert "user " not in conf


@pytest.mark.parametrize("name", CASES)
def test_real_nginx_accepts_it(tmp_path, name):
    addresses, extra = CASES[name]
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / "temp" / kind).mkdir(parents=True)
    conf = tmp_path / "nginx.conf"
    conf.write_text(_render(tmp_path, addresses, extra))
    res = subprocess.run([NGINX, "-t", "-q", "-p", str(tmp_path), "-c", str(conf), "-e",
                          str(tmp_path / "error.log")], capture_output=True, text=True, timeout=30)
    assert res.returncode == 0, res.stderr


def test_worker_user_only_when_given(tmp_path):
    opts = nginx.Options(listen="127.0.0.1:1", run_dir=tmp_path, user="root")
    assert nginx.render(nginx.backends(["127.0.0.1:2"]), opts).startswith("user root;\n")


@pytest.mark.parametrize("addresses", [[], ["127.0.0.1:1", "127.0.0.1:1"], ["a b:1"],
                                       ["127.0.0.1:1; include /etc/passwd"], ["host"]])
def test_bad_addresses_refused(addresses):
    with pytest.raises(ValueError):
        nginx.backends(addresses)


def test_upload_limit_follows_streamlit(monkeypatch):
    monkeypatch.delenv("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", raising=False)
    assert max_upload_mb() == 1024  # .streamlit/config.toml
    monkeypatch.setenv("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", "300")
    assert max_upload_mb() == 300
