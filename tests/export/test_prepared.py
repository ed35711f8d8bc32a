"""Prepared export files (layers/export_files.py): written on the server with progress, served
by the app's own route as an attachment, unguessable, swept after an hour; nothing else of the
disk is reachable through the route."""

from __future__ import annotations

import asyncio
import os
import threading
import time

import numpy as np
import pytest

from bench.parcels import make_parcels
from layers import export_files as ef


def asgi_get(routes, path: str) -> tuple[int, dict, bytes]:
    """GET ``path`` from a Starlette router (no HTTP client needed): a client that sends its
    request once and then waits, as a real one does (FileResponse listens for a disconnect)."""
    from starlette.routing import Router

    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [], "scheme": "http", "server": ("test", 80), "root_path": "", "http_version": "1.1"}
    sent: list[dict] = []

    async def run():
        done = asyncio.Event()
        asked = {"n": 0}

        async def receive():
            asked["n"] += 1
            if asked["n"] == 1:
                return {"type": "http.request", "body": b"", "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(message):
            sent.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                done.set()

        await asyncio.wait_for(Router(routes=routes)(scope, receive, send), 30)

    worker = threading.Thread(target=asyncio.run, args=(run(),))  # its own loop (see tests/tiles)
    worker.start()
    worker.join(40)
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.fixture(scope="module")
def parcels():
    return make_parcels(1_200, seed=5)


def test_prepare_then_download(parcels, tmp_path):
    seen: list[float] = []
    rows = np.arange(0, len(parcels), 2)
    done = ef.prepare(parcels, rows, "zhangqiu_parcels_EPSG4548.gpkg", "gpkg", "EPSG:4548",
                      root=tmp_path, progress=seen.append)
    assert done.rows == 600 and done.bytes == done.path.stat().st_size and seen[-1] == 1.0
    status, headers, body = asgi_get(ef.make_routes(tmp_path), done.url)
    assert status == 200 and body == done.path.read_bytes()
    assert headers["content-type"].startswith("application/geopackage+sqlite3")
    assert 'attachment; filename="zhangqiu_parcels_EPSG4548.gpkg"' in headers["content-disposition"]


@pytest.mark.parametrize("path", [
    "/exports/0123456789abcdef0123/zhangqiu.gpkg",          # a token never issued
    "/exports/../../etc/passwd/x",                           # traversal
    "/exports/0123456789ABCDEF0123/x.gpkg",                  # not our token form
    "/exports/0123456789abcdef0123/..%2Fsecret",             # a name that is no file name
])
def test_nothing_else_is_reachable(tmp_path, path):
    (tmp_path / "exports").mkdir()
    (tmp_path / "secret").write_text("no")
    status, _, _ = asgi_get(ef.make_routes(tmp_path), path)
    assert status == 404


def test_old_files_are_swept_and_refusals_leave_nothing(parcels, tmp_path):
    old = ef.prepare(parcels, np.arange(5), "a.geojson", "geojson", "EPSG:4326", root=tmp_path)
    stale = time.time() - ef.KEEP_SECONDS - 10
    os.utime(old.path.parent, (stale, stale))
    ef.prepare(parcels, np.arange(5), "b.geojson", "geojson", "EPSG:4326", root=tmp_path)
    assert not old.path.exists()
    before = set((tmp_path / "exports").iterdir())
    with pytest.raises(Exception, match="lon/lat"):
        ef.prepare(parcels, np.arange(5), "c.csv", "csv", "EPSG:4326", csv_geometry="lonlat", root=tmp_path)
    assert set((tmp_path / "exports").iterdir()) == before
    with pytest.raises(ValueError):
        ef.prepare(parcels, np.arange(5), "../x.csv", "csv", "EPSG:4326", root=tmp_path)


def test_the_threshold():
    assert not ef.should_prepare(ef.PREPARE_ABOVE_ROWS) and ef.should_prepare(ef.PREPARE_ABOVE_ROWS + 1)
