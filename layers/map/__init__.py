"""The parts of the map renderer (``layers/render.py`` assembles them into a folium map).

- ``jstext``: JSON and JS string literals safe inside a ``<script>``.
- ``geometry``: geometries made ready to send, and their compact integer coding.
- ``codec``: the map-data codec: a layer as slim GeoJSON or as the compact pack ``zq.js`` decodes.
- ``cache``: the per-frame cache of encoded layers.
- ``elements``: the folium elements that put text into the page, and the one factory for
  "load a JS file and call its init".
"""
