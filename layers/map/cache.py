"""The cache of encoded layers: each frame is packed once per language and shift."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict

import geopandas as gpd

from layers.map.codec import layer_pack
from layers.map.jstext import js_string
from layers.spec import LayerSpec

_PAYLOADS: OrderedDict = OrderedDict()
_PAYLOADS_LOCK = threading.Lock()
_PAYLOADS_MAX = 64


def layer_payload(spec: LayerSpec, gdf: gpd.GeoDataFrame, lang: str, shift: str = "wgs84") -> str:
    """The data argument of ``ZQ.addLayer`` for one layer: ``JSON.parse('<layer_pack>')``.

    Cached per (layer declaration, frame, language, shift) for as long as the frame lives:
    frames are read-only (st.cache_resource in app.py), so a rerun reuses the text instead of
    simplifying and serialising again.  The frame is held by a weak reference, so an entry
    never outlives (nor is mistaken for) its frame.
    """
    key = (spec.id, id(gdf), lang, shift)
    with _PAYLOADS_LOCK:
        hit = _PAYLOADS.get(key)
        if hit is not None and hit[0]() is gdf and hit[1] == spec and hit[2] == len(gdf):
            _PAYLOADS.move_to_end(key)
            return hit[3]
    text = "JSON.parse(" + js_string(layer_pack(spec, gdf, lang, shift)) + ")"

    def drop(_ref, key=key) -> None:
        with _PAYLOADS_LOCK:
            entry = _PAYLOADS.get(key)
            if entry is not None and entry[0] is _ref:
                del _PAYLOADS[key]

    with _PAYLOADS_LOCK:
        _PAYLOADS[key] = (weakref.ref(gdf, drop), spec, len(gdf), text)
        _PAYLOADS.move_to_end(key)
        while len(_PAYLOADS) > _PAYLOADS_MAX:
            _PAYLOADS.popitem(last=False)
    return text
