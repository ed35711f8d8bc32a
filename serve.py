"""章丘规划一张图 with its extra routes: ``streamlit run serve.py`` (same page as ``app.py``).

``st.App`` (Streamlit >= 1.67) serves the page of ``app.py`` and, in the same process, the ASGI
routes of big layers' vector tiles, masks, records and table pages (``layers/tile_routes.py``,
under ``/tiles/layers/``) and of the presenter's offline basemap packages
(``layers/basemap_routes.py``, under ``/tiles/basemaps/``) and the prepared export files
(``layers/export_files.py``, under ``/exports/``). Nothing here talks to another host.
"""

import streamlit as st

from layers import basemap_routes, export_files, tile_routes

tile_routes.mark_mounted()
export_files.mark_mounted()
app = st.App("app.py", routes=[*tile_routes.ROUTES, *basemap_routes.ROUTES,
                                        *export_files.ROUTES])
