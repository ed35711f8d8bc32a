"""The register tool on the map (ui/register.py): its drawing toolbar, the position placed for a
new project (a click, a drawn point, line or polygon), the project picked by a click, and the
vertices of the project being edited (leaflet-draw's editable group)."""

from __future__ import annotations

import json

import shapely
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry

from layers.map.elements import register_draw
from layers.register import frame as rf
from ui import context
from ui import state as session
from ui.context import PageContext

COLOR = "#d7301f"
EDIT_KEY = "__rg"  # property of the feature in the editable group: the project's fid


def is_open() -> bool:
    """The register tool is the open tool."""
    return session.get(session.TOOL) == "register"


def editing() -> bool:
    """The open register tool is in a mode that changes projects (an editor's)."""
    return is_open() and context.actor().can("editor") and session.get(session.RG_MODE, "add") != "sheet"


def map_returns() -> list[str]:
    """What the map reports besides drawings: plain clicks while the register tool places points."""
    return ["last_clicked"] if editing() else []


def before_map(ctx: PageContext) -> None:
    """The register's toolbar (points, lines, polygons) instead of the analysis one, with the
    project being edited in its editable group."""
    if not editing():
        return
    editable = []
    loaded = session.get(session.RG_LOADED)
    if session.get(session.RG_MODE) == "edit" and loaded and loaded.get("geom"):
        editable.append({"type": "Feature", "properties": {EDIT_KEY: loaded["fid"]},
                         "geometry": loaded["geom"]})
    ctx.extras[:] = register_draw(ctx.extras, COLOR, editable)


def _new(kind: str, value: object) -> bool:
    """True once per new value of the map's ``kind`` output (a click, a drawing)."""
    seen = session.setdefault(session.RG_SEEN, {})
    text = json.dumps(value, sort_keys=True, default=str)
    if value is None or seen.get(kind) == text:
        return False
    seen[kind] = text
    return True


def _is_drawing(feature: dict | None) -> bool:
    props = (feature or {}).get("properties") or {}
    return bool(feature) and not any(k in props for k in ("__l", "__view", EDIT_KEY))


def take_position(ctx: PageContext) -> None:
    """Keep the latest position placed on the map for a new project: a plain click (a point),
    or a shape drawn with the toolbar."""
    out = ctx.map_out or {}
    clicked = out.get("last_clicked")
    if _new("click", clicked) and isinstance(clicked, dict):
        try:
            point = Point(float(clicked["lng"]), float(clicked["lat"]))
        except (KeyError, TypeError, ValueError):
            return
        session.put(session.RG_GEOM, mapping(point))
    drawing = out.get("last_active_drawing")
    if _is_drawing(drawing) and _new("drawing", drawing):
        session.put(session.RG_GEOM, drawing.get("geometry"))


def placed() -> BaseGeometry | None:
    """The position placed for a new project (EPSG:4326), if any."""
    geom = session.get(session.RG_GEOM)
    try:
        return shape(geom) if geom else None
    except (AttributeError, TypeError, ValueError, KeyError, IndexError):
        return None


def clicked_fid(ctx: PageContext) -> int | None:
    """The fid of the register project last clicked on the map (once per click), if any."""
    props = (ctx.clicked or {}).get("properties") or {}
    layer_id = rf.register_layer_id(ctx.cat)
    idx = props.get("__i")
    if props.get("__l") != layer_id or not isinstance(idx, int) or layer_id not in ctx.data:
        return None
    gdf = ctx.data[layer_id]
    if idx >= len(gdf) or "fid" not in gdf or not _new("pick", props):
        return None
    return int(gdf["fid"].iloc[idx])


def edited_geometry(ctx: PageContext, fid: int, stored: BaseGeometry | None) -> BaseGeometry | None:
    """The project's geometry as its vertices were moved on the map (``stored`` when not)."""
    for feat in (ctx.map_out or {}).get("all_drawings") or []:
        if ((feat or {}).get("properties") or {}).get(EDIT_KEY) == fid:
            try:
                return shape(feat["geometry"])
            except (AttributeError, TypeError, ValueError, KeyError, IndexError):
                return stored
    return stored


def describe(geom: BaseGeometry | None) -> dict:
    """What a caption says of a position: kind and, for a point, lon/lat."""
    if geom is None:
        return {"kind": "none"}
    if geom.geom_type == "Point":
        return {"kind": "point", "lon": f"{geom.x:.5f}", "lat": f"{geom.y:.5f}"}
    return {"kind": "polygon" if "Polygon" in geom.geom_type else "line",
            "n": len(shapely.get_coordinates(geom))}
