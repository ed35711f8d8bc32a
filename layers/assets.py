"""Offline front-end assets for folium maps.

folium 0.20 and its plugins load Leaflet, jQuery, Bootstrap, Font Awesome, ... from public
CDNs. Those files are vendored under ``static/vendor/`` by ``scripts/vendor_assets.sh`` and
served by Streamlit static serving at ``/app/static/vendor/``. This module points folium at
them, per map *instance* (never by mutating folium's class attributes), and fails loudly when
something would still come from the network: an unvendored CDN URL raises
:class:`UnvendoredAssetError` instead of leaving a blank map in the browser.

Typical use (app.py)::

    m = offline_map(location=[36.68, 117.53], zoom_start=11)
    folium.plugins.Draw().add_to(m)      # added after offline_map(): still localized at render
    st_folium(m, returned_objects=[])

For an HTML file that must open from ``file://`` on a laptop without network::

    html = inline_assets(m.get_root().render())

Imports folium/branca only (never streamlit).
"""

from __future__ import annotations

import base64
import functools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import MappingProxyType

import branca.colormap
import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from jinja2 import Template

__all__ = [
    "APP_DIR",
    "APP_URL_PREFIX",
    "BLANK_TILE_URL",
    "CDN_TO_VENDORED",
    "LEAFLET_IMAGES_DIR",
    "MANIFEST_PATH",
    "STATIC_DIR",
    "STATIC_ROOT_URL",
    "STATIC_URL_PREFIX",
    "VENDOR_DIR",
    "OfflineMap",
    "UnvendoredAssetError",
    "assert_offline_component_args",
    "asset_paths",
    "component_links",
    "inline_assets",
    "localize",
    "localize_url",
    "manifest",
    "offline_map",
    "vendored_url",
]

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


def _static_file(rel_path: str) -> Path | None:
    """The file for a path relative to STATIC_DIR, or None if absent/outside the folder."""
    path = (STATIC_DIR / rel_path).resolve()
    if STATIC_DIR.resolve() not in path.parents or not path.is_file():
        return None
    return path


def _static_rel(url: str) -> str | None:
    """``static/``-relative path of a ``/app/static/...`` URL (query/fragment dropped)."""
    prefix = STATIC_ROOT_URL + "/"
    if not url.startswith(prefix):
        return None
    return url[len(prefix) :].split("?")[0].split("#")[0]


def localize_url(url: str) -> str:
    """Map a CDN URL to its ``/app/static/vendor`` URL.

    A URL already served by our own static serving (``/app/static/...``: vendored files, the
    app's own ``static/app/`` JS/CSS) is returned unchanged if the file exists. Raises
    UnvendoredAssetError for anything else.
    """
    rel = CDN_TO_VENDORED.get(url)
    if rel is not None:
        return vendored_url(rel)
    static_rel = _static_rel(url)
    if static_rel is not None and _static_file(static_rel) is not None:
        return url
    raise UnvendoredAssetError(
        f"{url!r} is not vendored. Add the package to scripts/vendor_assets.sh, run it, and map "
        "the URL in layers.assets.CDN_TO_VENDORED (or do not use this folium feature)."
    )


# --------------------------------------------------------------------------- folium elements


class _IconImagePath(MacroElement):
    """Sets ``L.Icon.Default.imagePath`` to the vendored Leaflet images.

    Leaflet otherwise guesses the folder from its CSS, which has not always loaded yet (the
    default marker then 404s). Emitted in the map script (st_folium passes only that script
    and the js/css links to its iframe, not the figure's <head>), before any marker is created.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.image_path|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "OfflineIconImagePath"
        self.image_path = vendored_url(LEAFLET_IMAGES_DIR)


_ICON_PATH_CHILD = "offline_icon_image_path"


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def localize(element: Element) -> Element:
    """Point ``element`` and all its descendants at the vendored files; return ``element``.

    Rewrites ``default_js`` / ``default_css`` as *instance* attributes (folium's class lists
    are shared by every map in the process and are never touched), localizes JavascriptLink /
    CssLink elements already in the figure header, and on a ``folium.Map`` adds the
    ``L.Icon.Default.imagePath`` script as its first child. Idempotent. Elements added later
    need another call; maps from :func:`offline_map` do it automatically when rendered.

    Raises UnvendoredAssetError for any URL that is not vendored, and for branca colormaps
    (their d3 comes from a CDN and st_folium hard-codes two d3 URLs for them).
    """
    for el in _walk(element):
        if isinstance(el, branca.colormap.ColorMap):
            raise UnvendoredAssetError(
                f"{type(el).__name__} (branca colormap legend) loads d3 from a CDN and st_folium "
                "hard-codes d3 CDN URLs for it: draw the legend another way (HTML/CSS)."
            )
        for attr in ("default_js", "default_css"):
            links = getattr(el, attr, None)
            if links:
                setattr(el, attr, [(name, localize_url(url)) for name, url in links])
        if isinstance(el, (JavascriptLink, CssLink)):
            el.url = localize_url(el.url)
    root = element.get_root()
    if isinstance(root, Figure) and root is not element:
        for link in root.header._children.values():
            if isinstance(link, (JavascriptLink, CssLink)):
                link.url = localize_url(link.url)
    if isinstance(element, folium.Map) and _ICON_PATH_CHILD not in element._children:
        element.add_child(_IconImagePath(), name=_ICON_PATH_CHILD, index=0)
    return element


class OfflineMap(folium.Map):
    """A ``folium.Map`` that localizes itself (and every child added since) on each render."""

    def render(self, **kwargs) -> None:
        localize(self)
        super().render(**kwargs)
        # Links that children put straight into the header while rendering
        localize(self)


def offline_map(**kwargs) -> folium.Map:
    """A localized map with no tile layer, canvas rendering, a scale bar and ``maxZoom`` 18.

    Keyword arguments go to ``folium.Map`` and override those defaults. With ``tiles=None``
    folium drops ``min_zoom`` / ``max_zoom`` (they only reach its default tile layer), so they
    are moved into the Leaflet map options (``minZoom`` / ``maxZoom``); without ``maxZoom``
    Leaflet throws "Map has no maxZoom specified" for e.g. MarkerCluster and the map vanishes.
    """
    params: dict = {"tiles": None, "prefer_canvas": True, "control_scale": True, "maxZoom": 18}
    if "max_zoom" in kwargs:
        params["maxZoom"] = kwargs["max_zoom"]
    if "min_zoom" in kwargs:
        params["minZoom"] = kwargs["min_zoom"]
    params.update(kwargs)
    return localize(OfflineMap(**params))


@functools.cache
def _st_folium_colormap_js() -> list[str]:
    """The d3 script URLs st_folium inserts for a ColorMap, read from its source file (not
    imported: layers/ stays free of Streamlit)."""
    import importlib.util

    spec = importlib.util.find_spec("streamlit_folium")
    source = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
    return re.findall(r"[\"'](https?://[^\"']*d3[^\"']*\.js)[\"']", source)


def component_links(fig: Element) -> tuple[list[str], list[str]]:
    """The ``(js_links, css_links)`` that st_folium 0.27 would send for ``fig``.

    Mirrors st_folium's own walk (including the two d3 CDN URLs it inserts for a branca
    ColorMap), for use with :func:`assert_offline_component_args`. Call after rendering /
    localizing (``fig.get_root().render()``), as st_folium does.
    """
    js: list[str] = []
    css: list[str] = []
    for el in _walk(fig):
        if isinstance(el, branca.colormap.ColorMap):
            js[:0] = _st_folium_colormap_js()
        css.extend(url for _, url in getattr(el, "default_css", []) or [])
        js.extend(url for _, url in getattr(el, "default_js", []) or [])
    return list(dict.fromkeys(js)), list(dict.fromkeys(css))


def assert_offline_component_args(js_links: Iterable[str], css_links: Iterable[str]) -> None:
    """Raise UnvendoredAssetError unless every link is served by our own server (/app/static/)
    from a file that exists. Use on st_folium's arguments, e.g. ``*component_links(m)``."""
    links = [*js_links, *css_links]
    bad = [u for u in links if _static_rel(u) is None]
    if bad:
        raise UnvendoredAssetError(
            "st_folium would load these from another host (blank map offline): " + ", ".join(bad)
        )
    missing = [u for u in links if _static_file(_static_rel(u) or "") is None]
    if missing:
        raise UnvendoredAssetError("files missing under static/: " + ", ".join(missing))


# --------------------------------------------------------------------------- files

_CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+?)\1\s*\)""")
_FONT_FACE_RE = re.compile(r"@font-face\s*\{[^}]*\}")
_SRC_DECL_RE = re.compile(r"(\bsrc\s*:\s*)([^;}]+)")
_TOP_LEVEL_COMMA_RE = re.compile(r",(?![^(]*\))")


def _css_refs(rel_css: str, css: str) -> list[tuple[str, str]]:
    """``(url as written, path relative to STATIC_DIR)`` of the local url() refs of a CSS file
    (``rel_css`` is relative to STATIC_DIR too)."""
    refs = []
    base = Path(rel_css).parent
    for match in _CSS_URL_RE.finditer(css):
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
            rels.update(target for _, target in _css_refs(rel, _read_text(rel)))
    return sorted(STATIC_DIR / rel for rel in rels)


def manifest() -> dict:
    """The parsed ``static/vendor/MANIFEST.json`` written by scripts/vendor_assets.sh."""
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


def _require(rel: str) -> Path:
    """The file for a STATIC_DIR-relative path; UnvendoredAssetError if it does not exist."""
    path = _static_file(rel)
    if path is None:
        hint = ": run scripts/vendor_assets.sh" if rel.startswith("vendor/") else ""
        raise UnvendoredAssetError(f"file static/{rel} is missing{hint}")
    return path


def _read_text(rel: str) -> str:
    return _require(rel).read_text(encoding="utf-8")


_MIME = {
    ".png": "image/png",
    ".gif": "image/gif",
    ".jpg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".eot": "application/vnd.ms-fontobject",
    ".css": "text/css",
    ".js": "text/javascript",
}


@functools.cache
def _data_uri(rel: str) -> str:
    path = _require(rel)
    mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _keep_woff2(match: re.Match) -> str:
    """In an @font-face, keep only the woff2 sources when there are any (smaller exports)."""

    def fix_src(decl: re.Match) -> str:
        items = [s.strip() for s in _TOP_LEVEL_COMMA_RE.split(decl.group(2))]
        woff2 = [s for s in items if "woff2" in s]
        return decl.group(1) + ", ".join(woff2 or items)

    return _SRC_DECL_RE.sub(fix_src, match.group(0))


@functools.cache
def _inlined_css(rel: str) -> str:
    css = _FONT_FACE_RE.sub(_keep_woff2, _read_text(rel))
    refs = dict(_css_refs(rel, css))

    def repl(match: re.Match) -> str:
        url = match.group(2)
        if url not in refs:  # data: or #fragment
            return match.group(0)
        return f'url("{_data_uri(refs[url])}")'

    css = _CSS_URL_RE.sub(repl, css)
    return re.sub(r"</(style)", r"\\3C/\1", css, flags=re.IGNORECASE)


@functools.cache
def _inlined_js(rel: str) -> str:
    js = _read_text(rel)
    # Keep the HTML parser in "script data" state: \x3C is "<" in JS strings and regexes.
    js = re.sub(r"</(script)", r"\\x3C/\1", js, flags=re.IGNORECASE)
    return js.replace("<!--", "\\x3C!--")


_SCRIPT_TAG_RE = re.compile(
    r"""<script\b[^>]*?\bsrc\s*=\s*(["'])(?P<url>[^"']*)\1[^>]*>\s*</script\s*>""", re.IGNORECASE
)
_LINK_TAG_RE = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_HREF_RE = re.compile(r"""\bhref\s*=\s*(["'])(?P<url>[^"']*)\1""", re.IGNORECASE)
_REL_RE = re.compile(r"""\brel\s*=\s*(["']?)(?P<rel>[^"'\s>]*)\1""", re.IGNORECASE)
_ICON_PATH_RE = re.compile(
    r"""L\.Icon\.Default\.imagePath\s*=\s*(["'])(?P<url>[^"']*)\1\s*;?"""
)


def _local_rel(url: str, what: str) -> str:
    """STATIC_DIR-relative path of a /app/static URL or of a vendored CDN URL."""
    if url in CDN_TO_VENDORED:
        return f"vendor/{CDN_TO_VENDORED[url]}"
    rel = _static_rel(url)
    if rel is None:
        raise UnvendoredAssetError(f"{what} {url!r} cannot be inlined: not served from static/")
    return rel


def inline_assets(html: str) -> str:
    """Make a saved map HTML self-contained (works from ``file://`` with no network).

    Replaces every ``<script src>`` / ``<link rel="stylesheet" href>`` pointing at a file under
    ``/app/static/`` (vendored or the app's own), or at a CDN URL that is vendored, by the
    file's contents; CSS ``url(...)`` become
    data: URIs (fonts: woff2 only). The ``L.Icon.Default.imagePath`` statement becomes data:
    URIs for the default marker images. Raises UnvendoredAssetError for any other script or
    stylesheet URL and if any ``/app/static/`` reference would remain.
    """

    def script(match: re.Match) -> str:
        url = match.group("url")
        if url.startswith("data:"):
            return match.group(0)
        return _hold(f"<script>{_inlined_js(_local_rel(url, 'script'))}</script>")

    def link(match: re.Match) -> str:
        tag = match.group(0)
        href = _HREF_RE.search(tag)
        rel = _REL_RE.search(tag)
        if href is None or href.group("url").startswith(("data:", "#")):
            return tag
        if rel is None or rel.group("rel").lower() != "stylesheet":
            if re.match(r"^(https?:)?//", href.group("url")) or "/app/static/" in href.group("url"):
                raise UnvendoredAssetError(f"<link> to {href.group('url')!r} cannot be inlined")
            return tag
        return _hold(f"<style>{_inlined_css(_local_rel(href.group('url'), 'stylesheet'))}</style>")

    def icon_path(match: re.Match) -> str:
        rel = _local_rel(match.group("url"), "L.Icon.Default.imagePath").rstrip("/")
        urls = {
            "iconUrl": _data_uri(f"{rel}/marker-icon.png"),
            "iconRetinaUrl": _data_uri(f"{rel}/marker-icon-2x.png"),
            "shadowUrl": _data_uri(f"{rel}/marker-shadow.png"),
        }
        return f'L.Icon.Default.imagePath = ""; L.Icon.Default.mergeOptions({json.dumps(urls)});'

    # Inlined files are held out of the page until the leftover check below has run: a file's
    # own text (e.g. a comment naming the URL it is served from) is not a reference to the server.
    held: list[str] = []

    def _hold(text: str) -> str:
        held.append(text)
        return f"\x00zq-inlined-{len(held) - 1}\x00"

    out = _ICON_PATH_RE.sub(icon_path, html)  # before inlining: only the page's own statement
    out = _SCRIPT_TAG_RE.sub(script, out)
    out = _LINK_TAG_RE.sub(link, out)
    leftovers = sorted(set(re.findall(r"/app/static/[^\s\"'()<>]*", out)))
    if leftovers:
        raise UnvendoredAssetError("references to the app server remain: " + ", ".join(leftovers))
    return re.sub("\x00zq-inlined-(\\d+)\x00", lambda m: held[int(m.group(1))], out)
