"""A tiled synthetic DLTB-like layer (5,000 parcels), prepared once per test session."""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import replace

import pytest
from starlette.routing import Router

from bench.parcels import layer_declaration, make_parcels
from layers import tiled
from layers.spec import spec_from_dict
from layers.tile_routes import make_routes
from layers.tiled_store import TileStore

N = 5_000


@pytest.fixture(scope="session")
def parcels():
    return make_parcels(N, seed=7)


@pytest.fixture(scope="session")
def prepared(parcels, tmp_path_factory):
    """(spec, frame, info, root): tiles forced on (the layer is below THRESHOLD)."""
    root = tmp_path_factory.mktemp("tiles")
    spec = replace(spec_from_dict(layer_declaration(root / "parcels.fgb")), tiled=True)
    info = tiled.prepare(spec, parcels, root)
    return spec, parcels, info, root


@pytest.fixture
def store(prepared):
    spec, frame, info, root = prepared
    st = TileStore()
    st.register(spec, frame, info, tiled.tiles_path(root, spec.id))
    return st


def asgi_get(routes, path: str, query: str = "") -> tuple[int, dict, bytes]:
    """GET ``path`` from a Starlette router: (status, headers, body); no HTTP client needed."""
    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
             "query_string": query.encode(), "headers": [], "scheme": "http",
             "server": ("test", 80), "root_path": "", "http_version": "1.1"}
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    # In a thread of its own: another test (Playwright, AppTest) may leave this thread's loop running.
    worker = threading.Thread(target=asyncio.run, args=(Router(routes=routes)(scope, receive, send),))
    worker.start()
    worker.join(30)
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], headers, body


@pytest.fixture
def get(store):
    routes = make_routes(store)

    def call(path: str, query: str = ""):
        return asgi_get(routes, path, query)

    def call_json(path: str, query: str = ""):
        status, _, body = asgi_get(routes, path, query)
        return status, json.loads(body)

    call.json = call_json
    return call
