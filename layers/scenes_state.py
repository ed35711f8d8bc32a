"""Scenes and the explorer: the state a scene stands for, a new scene from the current state,
and the URL parameters of the slideshow.  No Streamlit here."""

from __future__ import annotations

from layers import explorer as ex
from layers.registry import CATALOG
from layers.scenes import MAX_CAPTION, MAX_HIGHLIGHT, MAX_TITLE, Scene, new_id
from layers.spec import Catalog


def scene_state(scene: Scene, cat: Catalog, lang: str) -> ex.ExplorerState:
    """The explorer state a scene stands for (its view as ``v`` when it has a center)."""
    params = dict(scene.params, lang=lang)
    if "center" in scene.view:
        lat, lng = scene.view["center"]
        params["v"] = f"{lat:.5f},{lng:.5f},{scene.view['zoom']}"
    state, _ = ex.state_from_params(params, cat)
    return state


def scene_from_state(state: ex.ExplorerState, scenes: list[Scene], title_zh: str, title_en: str,
                     caption_zh: str = "", caption_en: str = "",
                     highlight: tuple[tuple[str, str], ...] = (), fit: list[str] | None = None
                     ) -> Scene:
    """A new scene from the explorer's current state ("save the current view").

    The view is ``state.view`` (center/zoom) unless ``fit`` names layers whose shown features
    the scene fits (any screen size), or there is no view."""
    params = ex.state_to_params(state)
    params.pop("lang", None)
    params.pop("v", None)
    if fit or not state.view:
        view = {"fit": list(fit or default_fit(state.layers))}
    else:
        view = {"center": [state.view[0], state.view[1]], "zoom": state.view[2]}
    return Scene(id=new_id(scenes), title_zh=title_zh[:MAX_TITLE], title_en=title_en[:MAX_TITLE],
                 caption_zh=caption_zh[:MAX_CAPTION], caption_en=caption_en[:MAX_CAPTION],
                 params=params, view=view, highlight=tuple(highlight[:MAX_HIGHLIGHT]))


def default_fit(layers: tuple[str, ...] | list[str], cat: Catalog | None = None) -> list[str]:
    """Layers a saved scene fits: the shown ones, without the district-wide layers (role
    ``district_wide``: boundary, town seats) unless nothing else is shown."""
    cat = cat or CATALOG
    wide = set(cat.ids_with("district_wide"))
    own = [i for i in layers if i not in wide]
    return own or list(layers) or list(cat.ids_with("extent"))


def present_params(index: int, lang: str) -> dict[str, str]:
    """URL parameters that open the slideshow at scene ``index`` (0-based; the URL is 1-based)."""
    return {"mode": "present", "scene": str(index + 1), "lang": lang}


def parse_scene_param(text: str | None, n: int) -> int:
    """``scene`` URL parameter (1-based number or a scene id is not accepted) → 0-based index."""
    try:
        k = int(str(text or "1").strip())
    except ValueError:
        return 0
    return min(max(k, 1), max(n, 1)) - 1
