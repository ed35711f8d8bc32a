"""The map element that keeps the view across rebuilds and reports it on request (zq-view.js)."""

from __future__ import annotations

from layers.map.elements import ScriptCall, js_init

VIEW_JS = "/app/static/app/zq-view.js"
LABELS = {"zh": "记录当前视图（用于保存场景与分享）", "en": "Use this view (for scenes and sharing)"}
POPUP_HINTS = {"zh": "完整记录见右侧“要素记录”。", "en": "The whole record is in the Feature record tab."}


def view_sync(shift: str, lang: str) -> ScriptCall:
    """A rebuilt map returns to the view the user last had in this tab; clicks report it.

    The script is the same on every run (no per-run values), so adding it never makes
    streamlit-folium remount the map.
    """
    cfg = {"shift": shift, "label": LABELS[lang], "popupHint": POPUP_HINTS[lang]}
    return js_init("ZQViewSync", "ZQ.viewSync", cfg, js=(("zq_view_js", VIEW_JS),))


def view_from_click(clicked: dict | None) -> tuple[float, float, int] | None:
    """The (lat, lng, zoom) a click carried from the map, if any (see zq-view.js)."""
    props = (clicked or {}).get("properties") or {}
    v = props.get("__view")
    try:
        lat, lng, z = float(v[0]), float(v[1]), int(v[2])
    except (TypeError, ValueError, IndexError):
        return None
    if -90 <= lat <= 90 and -180 <= lng <= 180 and 1 <= z <= 19:
        return lat, lng, z
    return None


def is_view_probe(clicked: dict | None) -> bool:
    """True for the "use this view" button's message (it is not a feature)."""
    props = (clicked or {}).get("properties") or {}
    return "__view" in props and "__i" not in props
