"""Prepared export files: a big filtered layer written to a file on the server (streamed, with
progress) and downloaded from the app's own server, never held in the page (issue 10, point 3).

``st.download_button`` keeps its bytes in the Streamlit process and sends them through the
page's media manager; for tens or hundreds of MB that is the naive path.  Here the file is
written by :func:`geo.export_stream.write_rows` into ``<workspace>/exports/<token>/`` and
served by :data:`ROUTES` (mounted by ``serve.py``)::

    GET /exports/{token}/{name}      the prepared file, as an attachment

The token is 20 random hex digits (unguessable; one per prepared file); files older than
:data:`KEEP_SECONDS` are removed whenever a new one is prepared.  Starlette only.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import geopandas as gpd
import numpy as np
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from geo.export import MIME_TYPES
from geo.export_stream import write_rows
from layers.store import default_root

URL_PREFIX = "/exports"
KEEP_SECONDS = 3600
PREPARE_ABOVE_ROWS = 20_000  # above this a download is prepared as a file (≈ several MB and more)
_TOKEN = re.compile(r"^[0-9a-f]{20}$")
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")


@dataclass(frozen=True)
class Prepared:
    """A written export: where it is, its URL on this server, its size."""

    path: Path
    url: str
    bytes: int
    rows: int


_MOUNTED = {"yes": False}


def mark_mounted() -> None:
    """Called by ``serve.py``, which serves :data:`ROUTES`: prepared files can be linked to."""
    _MOUNTED["yes"] = True


def mounted() -> bool:
    """Whether this process serves :data:`ROUTES` (``streamlit run serve.py``)."""
    return _MOUNTED["yes"]


def exports_dir(root: Path | None = None) -> Path:
    """``<workspace>/exports`` (made if missing)."""
    path = Path(root or default_root()) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def should_prepare(rows: int) -> bool:
    """Whether a download of ``rows`` features is prepared as a file rather than held in the page."""
    return rows > PREPARE_ABOVE_ROWS


def _sweep(folder: Path, now: float) -> None:
    for sub in folder.iterdir():
        if sub.is_dir() and _TOKEN.match(sub.name) and now - sub.stat().st_mtime > KEEP_SECONDS:
            shutil.rmtree(sub, ignore_errors=True)


def prepare(gdf: gpd.GeoDataFrame, rows: np.ndarray, file_name: str, fmt: str, to_crs: str, *,
            csv_geometry: str = "wkt", layer_name: str = "layer", root: Path | None = None,
            progress: Callable[[float], None] | None = None) -> Prepared:
    """Write the rows ``rows`` of ``gdf`` (EPSG:4326) to a new prepared file named ``file_name``.

    Preconditions as :func:`geo.export_stream.write_rows`; ``file_name`` is server-made
    (``layers.export.download_name``).  Refusals raise before anything is written.
    """
    if not _NAME.match(file_name):
        raise ValueError(f"not a download name: {file_name!r}")
    folder = exports_dir(root)
    _sweep(folder, time.time())
    token = secrets.token_hex(10)
    (folder / token).mkdir()
    path = folder / token / file_name
    try:
        write_rows(gdf, rows, path, fmt, to_crs, csv_geometry=csv_geometry, layer_name=layer_name,
                   progress=progress)
    except Exception:
        shutil.rmtree(folder / token, ignore_errors=True)
        raise
    return Prepared(path, f"{URL_PREFIX}/{token}/{quote(file_name)}", path.stat().st_size, len(rows))


def make_routes(root: Path | None = None) -> list[Route]:
    """The download route, reading the exports of ``root`` (the workspace's by default)."""

    async def download(request: Request) -> Response:
        token, name = request.path_params["token"], request.path_params["name"]
        if not (_TOKEN.match(token) and _NAME.match(name)):
            return Response("not found", status_code=404, media_type="text/plain")
        path = exports_dir(root) / token / name
        if not path.is_file():
            return Response("not found", status_code=404, media_type="text/plain")
        ext = path.suffix.lstrip(".")
        mime = MIME_TYPES.get({"zip": "shp"}.get(ext, ext), "application/octet-stream")
        return FileResponse(path, media_type=mime, filename=name, headers={"Cache-Control": "no-store"})

    return [Route(URL_PREFIX + "/{token:str}/{name:str}", download, methods=["GET"])]


ROUTES = make_routes()
