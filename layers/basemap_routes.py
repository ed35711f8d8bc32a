"""ASGI route for the presenter's own basemap packages (``layers/basemap_packages.py``):

    GET /tiles/basemaps/{basemap_id}/{z}/{x}/{y}.{ext}    the tile (204 where the package has none)

Starlette only (never Streamlit); mounted by ``serve.py`` beside the tiled layers' routes.
The id must name a package of the configured folder; z/x/y are integers; nothing else of the
request is used.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from layers import basemap_packages as bp

URL_PREFIX = bp.URL_PREFIX
_ID = re.compile(r"^pkg-[a-z0-9-]{1,40}$")


async def tile(request: Request) -> Response:
    pid = request.path_params["basemap_id"]
    pkg = bp.find(pid) if _ID.match(pid) else None
    if pkg is None or request.path_params["ext"] != pkg.ext:
        return Response("not found", status_code=404, media_type="text/plain")
    z, x, y = (request.path_params[k] for k in ("z", "x", "y"))
    data = bp.read_tile(pkg, z, x, y)
    if data is None:
        return Response(status_code=204)
    return Response(data, media_type=pkg.mime, headers={"Cache-Control": "public, max-age=3600"})


ROUTES = [Route(URL_PREFIX + "/{basemap_id}/{z:int}/{x:int}/{y:int}.{ext}", tile, methods=["GET"])]
