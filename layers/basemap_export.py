"""A presenter's basemap package in the exported slideshow: its tiles over the scenes either
inlined in the HTML (data: URIs, one file) or written beside it (a zip: the HTML plus
``tiles/z/x/y.ext``; raster only — a browser reads vector tiles from ``file://`` only inlined).
"""

from __future__ import annotations

import io
import zipfile

from layers import basemap_packages as bp
from layers.basemap_map import basemap_config, basemap_element, data_uris, package_tiles
from layers.basemaps import TileLayer
from layers.map.elements import ScriptCall

INLINE_MAX_ZOOM = 16  # the exported tiles stop here (or at the package's own max zoom)


def scene_boxes(frames: dict, cat, scenes: list, lang: str) -> list[list[list[float]]]:
    """WGS84 bounds of every scene's view (what the exported tiles must cover)."""
    from layers.scenes_map import compile_scene, view_bounds

    return [view_bounds(compile_scene(s, frames, cat, lang)["view"], (1920, 1080)) for s in scenes]


def element(tile: TileLayer, frames: dict, cat, scenes: list, lang: str,
            tiles_url: str | None = None) -> ScriptCall:
    """The basemap element of an exported file: tiles inlined, or (``tiles_url``) beside it."""
    pkg = bp.find(tile.package)
    if pkg is None:
        raise ValueError(f"basemap package {tile.package!r} is not in the basemap folder")
    if tiles_url:
        return basemap_element(basemap_config(tile, pkg, url=tiles_url))
    tiles = package_tiles(pkg, scene_boxes(frames, cat, scenes, lang), INLINE_MAX_ZOOM)
    return basemap_element(basemap_config(tile, pkg, tiles=data_uris(pkg, tiles)))


def export_bundle(frames: dict, cat, scenes: list, lang: str, basemap_id: str,
                  start: int = 0) -> bytes:
    """A zip: ``slideshow.html`` and, beside it, ``tiles/z/x/y.ext`` of a raster package."""
    from layers.scenes_map import export_html

    pkg = bp.find(basemap_id)
    if pkg is None or pkg.vector:
        raise ValueError("a zip with tiles beside the HTML needs a raster basemap package")
    html = export_html(frames, cat, scenes, lang, start, basemap_id,
                       tiles_url=f"tiles/{{z}}/{{x}}/{{y}}.{pkg.ext}")
    tiles = package_tiles(pkg, scene_boxes(frames, cat, scenes, lang), INLINE_MAX_ZOOM)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("slideshow.html", html)
        for key, data in tiles.items():
            z.writestr(f"tiles/{key}.{pkg.ext}", data, compress_type=zipfile.ZIP_STORED)
    return buf.getvalue()
