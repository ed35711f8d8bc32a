"""What the page reads: the catalog, the layers' frames (cached per process), the plan tables."""

from __future__ import annotations

import os

import streamlit as st

from layers.load import load_layer, load_plan_totals, load_unlocated
from layers.registry import CATALOG, with_extra_layers
from layers.spec import Catalog, LayerSpec
from layers.store import is_stored, open_store, store_of
from layers.store.base import UnavailableError
from layers.text import LANGS, md_plain


@st.cache_resource(show_spinner=False, max_entries=256)
def _frame(key: tuple, _spec: LayerSpec):  # noqa: ARG001  (key: what the cache hashes)
    """One layer, read once per key (a bundled file's path and mtime; a workspace layer's id and
    store: its rows never change under its id); shared read-only between sessions."""
    return load_layer(_spec)


def current_catalog() -> Catalog:
    """The bundled layers plus the layers imported into the workspace. When the workspace's
    database cannot be reached, the page says so (in the link's language) and shows the
    bundled layers; the next run after the database returns has them all again."""
    try:
        return with_extra_layers(CATALOG, open_store().layer_specs())
    except UnavailableError as exc:
        lang = st.query_params.get("lang", "zh")
        st.error(md_plain(exc.message(lang if lang in LANGS else "zh")))
        return CATALOG


def frames(cat: Catalog) -> dict:
    return {s.id: _frame(_key(s), s) for s in cat.layers}


def _key(spec: LayerSpec) -> tuple:
    if is_stored(spec):
        return (spec.id, store_of(spec).describe())
    return (spec.id, str(spec.path), spec.path.stat().st_mtime)


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
