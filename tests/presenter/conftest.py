"""Shared fixtures: the bundled frames (read once) and the catalog."""

from __future__ import annotations

import pytest

from layers.load import load_layer
from layers.registry import CATALOG


@pytest.fixture(scope="session")
def cat():
    return CATALOG


@pytest.fixture(scope="session")
def frames(cat):
    return {s.id: load_layer(s) for s in cat.layers}


@pytest.fixture(autouse=True, scope="module")
def _forget_inlined_files():
    """export_html caches the inlined static files per process; other tests swap STATIC_DIR."""
    yield
    from layers import assets_inline

    for cached in (assets_inline._data_uri, assets_inline._inlined_css, assets_inline._inlined_js):
        cached.cache_clear()
