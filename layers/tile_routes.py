"""ASGI routes for tiled layers, served by the app's own server (``serve.py``: ``st.App``).

    GET /tiles/layers/{id}/{z}/{x}/{y}.pbf        gzip MVT (204 when the tile is empty): from the
                                                  layer's MBTiles, or ST_AsMVT (PostGIS layers)
    GET /tiles/layers/{id}/mask/{token}.bin       packed shown-mask (see geo.tiles.bitmap)
    GET /tiles/layers/{id}/feature/{fid}.json     one feature's whole record
    GET /tiles/layers/{id}/at.json?lng=&lat=&z=&mask=TOKEN   the record of the shown feature there
    GET /tiles/layers/{id}/rows.json?mask=TOKEN&offset=&limit=&sort=&desc=&lang=   a table page

Starlette only (never Streamlit). Every path part is validated; nothing from the request
reaches SQL except as bound integers. Basemap tiles (issue 13) live under /tiles/basemaps/.
"""

from __future__ import annotations

import re

import numpy as np
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from layers import tiled_records
from layers.tiled import URL_PREFIX
from layers.tiled_store import STORE, TileStore

_ID = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_TOKEN = re.compile(r"^[0-9a-f]{20}$")
MVT_TYPE = "application/vnd.mapbox-vector-tile"
IMMUTABLE = "public, max-age=31536000, immutable"


def _json(obj: object, status: int = 200) -> JSONResponse:
    return JSONResponse(obj, status_code=status, headers={"Cache-Control": "no-store"})


def _not_found(what: str) -> JSONResponse:
    return _json({"error": f"not found: {what}"}, 404)


def _live(request: Request, store: TileStore):
    layer_id = request.path_params["layer_id"]
    return store.layer(layer_id) if _ID.match(layer_id) else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def make_routes(store: TileStore = STORE) -> list[Route]:
    """The routes, reading ``store`` (the process-wide one by default; tests pass their own)."""

    async def tile(request: Request) -> Response:
        live = _live(request, store)
        z, x, y = (request.path_params[k] for k in ("z", "x", "y"))
        if live is None:
            return _not_found("layer")
        if not (live.info.minzoom <= z <= live.info.maxzoom and 0 <= x < 2**z and 0 <= y < 2**z):
            return Response(status_code=204)
        data = await run_in_threadpool(live.reader.tile, z, x, y)  # SQLite or PostGIS
        if not data:
            return Response(status_code=204, headers={"Cache-Control": "public, max-age=3600"})
        headers = {"Cache-Control": "public, max-age=3600"}
        if data[:2] == b"\x1f\x8b":
            headers["Content-Encoding"] = "gzip"
        return Response(data, media_type=MVT_TYPE, headers=headers)

    async def mask(request: Request) -> Response:
        live, token = _live(request, store), request.path_params["token"]
        found = store.mask(live.spec.id, token) if live and _TOKEN.match(token) else None
        if found is None:
            return _not_found("mask")
        return Response(found[0], media_type="application/octet-stream",
                        headers={"Cache-Control": IMMUTABLE})

    async def feature(request: Request) -> Response:
        live = _live(request, store)
        lang = "en" if request.query_params.get("lang") == "en" else "zh"
        rec = tiled_records.record(live.spec, live.frame, request.path_params["fid"], lang) \
            if live else None
        return _json(rec) if rec else _not_found("feature")

    async def at(request: Request) -> Response:
        live, q = _live(request, store), request.query_params
        if live is None:
            return _not_found("layer")
        try:
            lon, lat, z = float(q.get("lng", "")), float(q.get("lat", "")), int(q.get("z", ""))
        except ValueError:
            return _json({"error": "lng, lat and z are required numbers"}, 400)
        token = q.get("mask", "")
        found = store.mask(live.spec.id, token) if _TOKEN.match(token) else None
        row = tiled_records.locate(live.frame, live.tree, lon, lat, z,
                                   found[1] if found else None)
        lang = "en" if q.get("lang") == "en" else "zh"
        return _json(tiled_records.record(live.spec, live.frame, row, lang)) if row is not None \
            else _not_found("feature")

    async def rows(request: Request) -> Response:
        live, q = _live(request, store), request.query_params
        if live is None:
            return _not_found("layer")
        token = q.get("mask", "")
        found = store.mask(live.spec.id, token) if _TOKEN.match(token) else None
        shown = found[1] if found else np.ones(len(live.frame), dtype=bool)
        return _json(tiled_records.page(
            live.spec, live.frame, shown, offset=_int(q.get("offset"), 0),
            limit=_int(q.get("limit"), 50), sort=q.get("sort"), desc=q.get("desc") == "1",
            lang="en" if q.get("lang") == "en" else "zh"))

    base = URL_PREFIX + "/{layer_id:str}"
    return [Route(base + "/{z:int}/{x:int}/{y:int}.pbf", tile),
            Route(base + "/mask/{token:str}.bin", mask),
            Route(base + "/feature/{fid:int}.json", feature),
            Route(base + "/at.json", at),
            Route(base + "/rows.json", rows)]


ROUTES = make_routes()
_MOUNTED = {"yes": False}


def mark_mounted() -> None:
    """Called by ``serve.py``, which serves :data:`ROUTES`: tiled layers can be drawn."""
    _MOUNTED["yes"] = True


def mounted() -> bool:
    """Whether this process serves :data:`ROUTES` (``streamlit run serve.py``)."""
    return _MOUNTED["yes"]
