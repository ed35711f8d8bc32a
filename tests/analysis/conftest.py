"""Shared fixtures: the bundled frames, loaded once per test session."""

from __future__ import annotations

import pytest

from layers.load import load_layer
from layers.registry import CATALOG


@pytest.fixture(scope="session")
def data() -> dict:
    return {s.id: load_layer(s) for s in CATALOG.layers}
