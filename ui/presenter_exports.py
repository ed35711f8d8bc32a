"""Meeting exports of the presenter panel: the self-contained HTML and the static thematic map.

Files are made only when the user clicks (deferred ``st.download_button`` data)."""

from __future__ import annotations

import streamlit as st

from layers import explorer as ex
from layers.scenes import Scene
from layers.scenes_map import compile_scene, highlight_rows, view_bounds
from layers.scenes_state import scene_from_state, scene_state
from layers.static_map import PAPERS, CJKFontMissingError, cjk_font, file_name, render_static_map
from layers.text import md_plain, t
from ui.context import PageContext
from ui.presenter_basemap import html_download, packages_section


def current_scene(ctx: PageContext) -> Scene:
    """The explorer's current view as a one-off scene (caption: the sentence under the map)."""
    sentence = ex.describe(ctx.state, ctx.masks, [ctx.cat.get(i) for i in ctx.state.layers],
                           ctx.cat, ctx.conditions, ctx.data)
    return scene_from_state(ctx.state, [], t("pr.current_title", "zh"), t("pr.current_title", "en"),
                            sentence, sentence)


def exports_tab(ctx: PageContext, scenes: list[Scene]) -> None:
    lang = ctx.lang
    st.markdown(f"**{t('pr.html_what', lang)}**")
    st.caption(t("pr.html_note", lang))
    which = st.radio(t("pr.static_of", lang), ("current", "show"), horizontal=True, key="pres.html_of",
                     format_func=lambda k: t("pr.html_current" if k == "current" else "pr.html_show", lang))
    name = "zhangqiu_current_view.html" if which == "current" else "zhangqiu_slideshow.html"
    chosen = [current_scene(ctx)] if which == "current" else scenes
    html_download(ctx, chosen, name)
    st.divider()
    packages_section(lang)
    st.divider()
    st.markdown(f"**{t('pr.static_what', lang)}**")
    try:
        cjk_font()
    except CJKFontMissingError as exc:
        st.error(md_plain(str(exc)))
        return
    options = [-1, *range(len(scenes))]
    c1, c2, c3 = st.columns([3, 1, 1])
    pick = c1.selectbox(t("pr.static_of", lang), options, key="pres.static_of",
                        format_func=lambda k: t("pr.html_current", lang) if k < 0
                        else f"{k + 1}. {scenes[k].title(lang)}")
    paper = c2.radio(t("pr.paper", lang), tuple(PAPERS), key="pres.paper")
    fmt = c3.radio(t("pr.format", lang), ("png", "pdf"), key="pres.fmt", format_func=str.upper)
    scene = current_scene(ctx) if pick is None or pick < 0 else scenes[min(pick, len(scenes) - 1)]
    title = st.text_input(t("pr.map_title", lang), scene.title(lang), max_chars=80,
                          key=f"pres.map_title.{scene.id}")
    name = file_name(paper, fmt)
    st.download_button(t("pr.static_download", lang, file=name),
                       data=lambda: static_bytes(ctx, scene, pick is None or pick < 0, title, paper, fmt),
                       file_name=name, mime="image/png" if fmt == "png" else "application/pdf",
                       key="pres.dl_static", on_click="ignore")


def static_bytes(ctx: PageContext, scene: Scene, current: bool, title: str, paper: str,
                 fmt: str) -> bytes:
    lang = ctx.lang
    if current:
        layer_ids, masks = list(ctx.state.layers), ctx.masks
        bounds = view_bounds({"center": ctx.state.view[:2], "zoom": ctx.state.view[2]}) \
            if ctx.state.view else None
        sentence = ex.describe(ctx.state, ctx.masks, [ctx.cat.get(i) for i in layer_ids], ctx.cat,
                               ctx.conditions, ctx.data)
        hl = None
    else:
        state = scene_state(scene, ctx.cat, lang)
        layer_ids = list(state.layers)
        masks = ex.layer_masks(ctx.data, [ctx.cat.get(i) for i in layer_ids], state.filters)
        bounds = view_bounds(compile_scene(scene, ctx.data, ctx.cat, lang)["view"])
        sentence = scene.caption(lang)
        hl = highlight_rows(scene, ctx.data)
    return render_static_map(ctx.data, ctx.cat, layer_ids, masks, title=title or scene.title(lang),
                             subtitle=sentence, lang=lang, paper=paper, fmt=fmt, bounds=bounds,
                             highlight=hl)
