"""Values both engines convert alike: times, layer declarations, feature states for the trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from layers.spec import LayerSpec


def utcnow() -> dt.datetime:
    """Now, timezone-aware UTC (the store's clock)."""
    return dt.datetime.now(dt.UTC)


def spec_to_dict(spec: LayerSpec) -> dict:
    """A layer declaration as plain JSON data (stored with an imported layer)."""
    d = asdict(spec)
    d["style"]["palette"] = [list(p) for p in spec.style.palette]
    return d


def to_wkb(geom: BaseGeometry | None) -> bytes | None:
    """A geometry (EPSG:4326) as WKB for a parameter; None stays None."""
    return None if geom is None or geom.is_empty else shapely.to_wkb(geom)


def from_wkb(data: bytes | memoryview | None) -> BaseGeometry | None:
    """WKB read back from the store; NULL is None."""
    return None if data is None else shapely.from_wkb(bytes(data))


def state(props: dict, geom: BaseGeometry | None, version: int) -> dict:
    """A feature's state as the trail records it (geometry as GeoJSON)."""
    return {"props": props, "geom": mapping(geom) if geom is not None else None,
            "version": version}


def state_geom(st: dict) -> BaseGeometry | None:
    """The geometry of a recorded feature state."""
    return shape(st["geom"]) if st.get("geom") else None
