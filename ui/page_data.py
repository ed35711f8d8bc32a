"""What the page reads: the catalog, the layers' frames (cached per process), the plan tables."""

from __future__ import annotations

import os

import streamlit as st

from layers.load import load_layer, load_plan_totals, load_unlocated
from layers.registry import CATALOG, with_extra_layers
from layers.spec import Catalog, LayerSpec
from layers.workspace import Workspace


@st.cache_resource(show_spinner=False, max_entries=256)
def _frame(key: tuple, _spec: LayerSpec):  # noqa: ARG001  (key: what the cache hashes)
    """One layer, read once per (id, file, GPKG layer, mtime); shared read-only between sessions."""
    return load_layer(_spec)


def current_catalog() -> Catalog:
    """The bundled layers plus the layers imported into the workspace."""
    return with_extra_layers(CATALOG, Workspace().layer_specs())


def frames(cat: Catalog) -> dict:
    return {s.id: _frame((s.id, str(s.path), s.gpkg_layer, s.path.stat().st_mtime), s)
            for s in cat.layers}


@st.cache_data(show_spinner=False)
def tables():
    return load_unlocated(), load_plan_totals()


def tianditu_key() -> str | None:
    key = os.environ.get("ZQ_TIANDITU_KEY")
    if key:
        return key
    try:
        return st.secrets.get("tianditu_key")
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        return None
