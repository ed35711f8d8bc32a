"""Presenter mode (Streamlit side): the full-screen slideshow page, and the panel under the map
that manages scenes (save the current view, edit, reorder, delete, import/export) and makes the
meeting exports (self-contained HTML, static PNG/PDF map).

URL: ``?mode=present&scene=N&lang=zh`` opens the slideshow at scene N (a permalink);
``bm=`` picks its basemap (default: offline, which needs no network).
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from layers import explorer as ex
from layers.basemaps import get_basemap, resolve_tiles
from layers.scenes import load_scenes
from layers.scenes_map import slides_map
from layers.scenes_state import parse_scene_param
from layers.spec import Catalog
from layers.store import open_store
from layers.text import md_plain, t
from ui import presenter_panel as panel
from ui.context import PageContext

# Static CSS only (no user data): hide Streamlit's header, toolbar, sidebar and padding, and let
# the map's iframe fill the window.
CHROME_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
footer { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 0 !important; max-width: 100% !important; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { padding: 0 !important; overflow: hidden; }
[data-testid="stVerticalBlock"] { gap: 0 !important; }
iframe[title*="st_folium"] { height: 100vh !important; width: 100vw !important; display: block; border: 0; }
html, body { overflow: hidden; background: #f4f6f8; }
</style>"""


def present_page(cat: Catalog, data: dict, tianditu_key: str | None) -> None:
    """The whole page in presenter mode: only the map, with the slideshow on it."""
    params = st.query_params
    lang = params.get("lang", "zh") if params.get("lang") in ex.LANGS else "zh"
    scenes = load_scenes(open_store(), cat)
    start = parse_scene_param(params.get("scene"), len(scenes))
    st.markdown(CHROME_CSS, unsafe_allow_html=True)
    basemap = get_basemap(params.get("bm", "offline"))
    tiles = resolve_tiles(basemap, tianditu_key)
    try:
        m = slides_map(data, cat, scenes, lang, start, "present", basemap.id, tiles,
                       back=ex.parse_view(params.get("v")))
    except Exception as exc:  # never a traceback in front of an audience
        st.error(md_plain(t("pr.present_failed", lang) + f" ({type(exc).__name__})"))
        st.link_button(t("pr.back", lang), "?")
        return
    st_folium(m, key="present_map", height=720, use_container_width=True, returned_objects=[])


def presenter_panel(ctx: PageContext) -> None:
    """Below the map: scenes (save, edit, reorder, delete, import/export) and meeting exports."""
    panel.panel(ctx)
