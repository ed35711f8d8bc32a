"""The page's address: what a shared link holds, written by Python except the map view.

The view (``?v=lat,lng,zoom``) has one writer, ``static/app/zq-view.js``: panning never reruns
Python, so only the browser knows it.  Python writes every other parameter (language, basemap,
layers, filters) and never ``v``; Streamlit's write replaces the whole query string with
Python's copy, so the copy it sends has no ``v``, and the map's state of the same run (drawn
after the write, see app.py) carries the written parameters: ``ZQ.apply`` then puts the
current view back in the address bar at once (no timers).
"""

from __future__ import annotations

import streamlit as st

from layers import explorer as ex

VIEW_PARAM = "v"


def write_link(state: ex.ExplorerState) -> dict[str, str]:
    """Write what changed of ``state`` to the address bar (never ``v``); return the parameters.

    Only what changed: every write re-sends the whole query string (and adds a history entry).
    """
    params = ex.state_to_params(state)
    params.pop(VIEW_PARAM, None)
    stale = [k for k in st.query_params if k.startswith("f.") and k not in params]
    changed = {k: v for k, v in params.items() if st.query_params.get(k) != v}
    if changed or stale:
        if VIEW_PARAM in st.query_params:  # Python's copy is older than the map's: zq-view.js re-adds it
            del st.query_params[VIEW_PARAM]
        for key in stale:
            del st.query_params[key]
        if changed:
            st.query_params.update(changed)
    return params
