"""What the page reads: the catalog, the layers' frames (cached per process), the plan tables."""

from __future__ import annotations

import os

import streamlit as st

from layers.load import load_layer, load_plan_totals, load_unlocated
from layers.register import frame as register_frame
from layers.register import service as register
from layers.registry import CATALOG, with_extra_layers
from layers.spec import Catalog, LayerSpec
from layers.store import is_stored, open_store, store_of
from layers.store.base import FeatureRow, UnavailableError
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
        return register_frame.with_register(with_extra_layers(CATALOG, open_store().layer_specs()))
    except UnavailableError as exc:
        lang = st.query_params.get("lang", "zh")
        st.error(md_plain(exc.message(lang if lang in LANGS else "zh")))
        return CATALOG


def frames(cat: Catalog) -> dict:
    """Every layer's frame: the register's from the workspace store (its current rows), the
    others cached per file or stored layer."""
    return {s.id: _register(s) if _is_register(s) else _frame(_key(s), s) for s in cat.layers}


def _is_register(spec: LayerSpec) -> bool:
    return spec.has(register_frame.ROLE) and spec.geometry_types == register_frame.GEOMETRY_TYPES


@st.cache_resource(show_spinner=False, max_entries=64)
def _seeded(where: str) -> bool:  # noqa: ARG001  (where: the store, what the cache hashes)
    """Seed the register of the store at ``where`` once per process (see ensure_seeded)."""
    return register.ensure_seeded(open_store())


def register_rows() -> list[FeatureRow]:
    """The register's projects as they are in the store now (seeded on first use), by fid."""
    store = open_store()
    _seeded(store.describe())
    return sorted(store.features(register.LAYER), key=lambda r: r.fid)


def register_rows_or_none() -> list[FeatureRow] | None:
    """:func:`register_rows`, or None while the workspace's database is away."""
    try:
        return register_rows()
    except UnavailableError:
        return None


@st.cache_resource(show_spinner=False, max_entries=32)
def _register_frame(key: tuple, _spec: LayerSpec, _rows: list):  # noqa: ARG001
    """The register's layer for one state of its rows (key: store, signature of the rows)."""
    return register_frame.frame(_spec, _rows)


def _register(spec: LayerSpec):
    """The register's frame, rebuilt only when a project was added, saved or removed; the
    bundled projects while the database is away (the page says so)."""
    try:
        rows = register_rows()
    except UnavailableError:
        return _frame((spec.id, str(spec.path), spec.path.stat().st_mtime), spec)
    return _register_frame((open_store().describe(), spec.id, register_frame.signature(rows)), spec, rows)


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
