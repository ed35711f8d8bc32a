"""folium maps pointed at the vendored files (``offline_map``, ``localize``) and the check of
what st_folium would load (``component_links``, ``assert_offline_component_args``).

Typical use::

    m = offline_map(location=[36.68, 117.53], zoom_start=11)
    folium.plugins.Draw().add_to(m)      # added after offline_map(): still localized at render
    st_folium(m, returned_objects=[])
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import branca.colormap
import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from jinja2 import Template

from layers.assets import (
    LEAFLET_IMAGES_DIR,
    UnvendoredAssetError,
    localize_url,
    static_file,
    static_rel,
    vendored_url,
)


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
    bad = [u for u in links if static_rel(u) is None]
    if bad:
        raise UnvendoredAssetError(
            "st_folium would load these from another host (blank map offline): " + ", ".join(bad)
        )
    missing = [u for u in links if static_file(static_rel(u) or "") is None]
    if missing:
        raise UnvendoredAssetError("files missing under static/: " + ", ".join(missing))
