"""Offline front-end assets: where the vendored files and the app's own JS/CSS live and are served.

folium 0.20 and its plugins load Leaflet, jQuery, Bootstrap, Font Awesome, ... from public
CDNs. Those files are vendored under ``static/vendor/`` by ``scripts/vendor_assets.sh`` and
served by Streamlit static serving at ``/app/static/vendor/``. This module maps CDN URLs to
them and fails loudly when something would still come from the network: an unvendored CDN URL
raises :class:`UnvendoredAssetError` instead of leaving a blank map in the browser.

The rooms around it: ``layers/map/offline.py`` points a folium map at these files, per map
*instance* (``offline_map``, ``localize``); ``layers/assets_inline.py`` makes a saved map HTML
self-contained (``inline_assets``: opens from ``file://`` on a laptop without network).

Imports neither folium nor streamlit.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from types import MappingProxyType

#: Streamlit static serving (``[server] enableStaticServing = true``) serves ``static/*``
#: (next to the main script) at ``/app/static/*``.
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STATIC_ROOT_URL = "/app/static"
#: URL under which Streamlit serves ``static/vendor`` (third-party files, see MANIFEST.json).
STATIC_URL_PREFIX = f"{STATIC_ROOT_URL}/vendor"
VENDOR_DIR = STATIC_DIR / "vendor"
MANIFEST_PATH = VENDOR_DIR / "MANIFEST.json"
#: The app's own JS/CSS (not third-party): accepted by localize(), inlined by inline_assets().
APP_URL_PREFIX = f"{STATIC_ROOT_URL}/app"
APP_DIR = STATIC_DIR / "app"

#: Folder (relative to VENDOR_DIR) holding Leaflet's default marker images.
LEAFLET_IMAGES_DIR = "leaflet@1.9.4/dist/images/"

_LEAFLET = "leaflet@1.9.4/dist"
_AWESOME = "drmonty-leaflet-awesome-markers@2.0.2"

#: Every CDN URL that folium 0.20 puts in ``default_js`` / ``default_css`` of ``folium.Map`` and
#: of the plugins we use (Fullscreen, MeasureControl, Draw, MiniMap), mapped to the vendored file
#: (path relative to VENDOR_DIR). The table lives with the vendored files
#: (static/vendor/CDN_MAP.json): those addresses are what folium emits, never what the app loads.
#: tests/test_assets.py checks it against folium's classes.
CDN_TO_VENDORED: MappingProxyType[str, str] = MappingProxyType(
    json.loads((VENDOR_DIR / "CDN_MAP.json").read_text(encoding="utf-8"))
)

#: A transparent 1x1 GIF usable as ``folium.TileLayer(tiles=BLANK_TILE_URL, attr=" ")``, e.g. for
#: ``folium.plugins.MiniMap(tile_layer=...)``, whose default tile layer is OpenStreetMap.
BLANK_TILE_URL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

_LEAFLET_DEFAULT_ICONS = ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png")


class UnvendoredAssetError(RuntimeError):
    """A map would load a file from another host (or a vendored file is missing)."""


# --------------------------------------------------------------------------- URLs


def vendored_url(rel_path: str) -> str:
    """URL at which Streamlit serves ``static/vendor/<rel_path>``."""
    return f"{STATIC_URL_PREFIX}/{rel_path.lstrip('/')}"


def static_file(rel_path: str) -> Path | None:
    """The file for a path relative to STATIC_DIR, or None if absent/outside the folder."""
    path = (STATIC_DIR / rel_path).resolve()
    if STATIC_DIR.resolve() not in path.parents or not path.is_file():
        return None
    return path


def static_rel(url: str) -> str | None:
    """``static/``-relative path of a ``/app/static/...`` URL (query/fragment dropped)."""
    prefix = STATIC_ROOT_URL + "/"
    if not url.startswith(prefix):
        return None
    return url[len(prefix) :].split("?")[0].split("#")[0]


@functools.lru_cache(maxsize=1024)  # vendored files do not change while the server runs; 10 % of a rerun
def localize_url(url: str) -> str:
    """Map a CDN URL to its ``/app/static/vendor`` URL.

    A URL already served by our own static serving (``/app/static/...``: vendored files, the
    app's own ``static/app/`` JS/CSS) is returned unchanged if the file exists. Raises
    UnvendoredAssetError for anything else.
    """
    rel = CDN_TO_VENDORED.get(url)
    if rel is not None:
        return vendored_url(rel)
    rel = static_rel(url)
    if rel is not None and static_file(rel) is not None:
        return url
    raise UnvendoredAssetError(
        f"{url!r} is not vendored. Add the package to scripts/vendor_assets.sh, run it, and map "
        "the URL in layers.assets.CDN_TO_VENDORED (or do not use this folium feature)."
    )


# --------------------------------------------------------------------------- files

CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+?)\1\s*\)""")


def css_refs(rel_css: str, css: str) -> list[tuple[str, str]]:
    """``(url as written, path relative to STATIC_DIR)`` of the local url() refs of a CSS file
    (``rel_css`` is relative to STATIC_DIR too)."""
    refs = []
    base = Path(rel_css).parent
    for match in CSS_URL_RE.finditer(css):
        url = match.group(2)
        if url.startswith(("data:", "#")):
            continue
        if re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, re.IGNORECASE):
            raise UnvendoredAssetError(f"{rel_css} references an external url({url})")
        target = (base / url.split("?")[0].split("#")[0]).as_posix()
        parts: list[str] = []
        for part in target.split("/"):
            if part == "..":
                if not parts:
                    raise UnvendoredAssetError(f"{rel_css}: url({url}) leaves static/")
                parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        refs.append((url, "/".join(parts)))
    return refs


def asset_paths() -> list[Path]:
    """Every vendored file a localized map can reference: mapped JS/CSS, what the CSS
    references (fonts, images) and Leaflet's default marker images. Sorted, absolute."""
    rels = {f"vendor/{rel}" for rel in CDN_TO_VENDORED.values()}
    rels.update(f"vendor/{LEAFLET_IMAGES_DIR}{name}" for name in _LEAFLET_DEFAULT_ICONS)
    for rel in list(rels):
        if rel.endswith(".css"):
            rels.update(target for _, target in css_refs(rel, read_static_text(rel)))
    return sorted(STATIC_DIR / rel for rel in rels)


def manifest() -> dict:
    """The parsed ``static/vendor/MANIFEST.json`` written by scripts/vendor_assets.sh."""
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


def require_static(rel: str) -> Path:
    """The file for a STATIC_DIR-relative path; UnvendoredAssetError if it does not exist."""
    path = static_file(rel)
    if path is None:
        hint = ": run scripts/vendor_assets.sh" if rel.startswith("vendor/") else ""
        raise UnvendoredAssetError(f"file static/{rel} is missing{hint}")
    return path


def read_static_text(rel: str) -> str:
    """The text of a STATIC_DIR-relative file (UnvendoredAssetError if it does not exist)."""
    return require_static(rel).read_text(encoding="utf-8")
