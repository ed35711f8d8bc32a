"""The presenter panel under the map: start the slideshow, manage scenes, meeting exports."""

from __future__ import annotations

import numpy as np
import streamlit as st

from layers.scenes import (
    Scene,
    SceneFileError,
    dumps_scenes,
    load_scenes,
    loads_scenes,
    move,
    save_scenes,
    unique_ids,
)
from layers.scenes_builtin import shipped_scenes
from layers.scenes_map import compile_scene, explorer_view
from layers.scenes_state import default_fit, present_params, scene_from_state
from layers.store import open_store
from layers.text import md_plain, t
from ui import state as session
from ui.context import PageContext, actor
from ui.uploader import file_uploader

K_MSG = session.PRES_MSG  # a message to show after a callback's rerun


def _query(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode(params)


def _start(index: int, lang: str) -> None:
    st.query_params.update(present_params(index, lang))


def _store(scenes: list[Scene], msg: str = "") -> None:
    save_scenes(open_store(), unique_ids(scenes), actor=actor())
    session.put(K_MSG, msg)


def panel(ctx: PageContext) -> None:
    lang = ctx.lang
    with st.expander(t("pr.title", lang)):
        st.caption(t("pr.help", lang))
        scenes = load_scenes(open_store(), ctx.cat)
        msg = session.pop(K_MSG, "")
        if msg:
            st.success(md_plain(msg))
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        start = c1.selectbox(t("pr.start_at", lang), range(len(scenes)), key="pres.start",
                             format_func=lambda i: f"{i + 1}. {scenes[i].title(lang)}")
        start = min(start or 0, len(scenes) - 1)
        c2.button(t("pr.start", lang), on_click=_start, args=(start, lang), key="pres.go",
                  type="primary", width="stretch")
        st.caption(t("pr.permalink", lang))
        st.code(_query(present_params(start, lang)), language=None)
        t1, t2, t3, t4 = st.tabs([t(f"pr.{k}", lang) for k in ("tab_scenes", "tab_new", "tab_file",
                                                          "tab_export")])
        with t1:
            scenes_tab(ctx, scenes)
        with t2:
            new_scene_tab(ctx, scenes)
        with t3:
            file_tab(ctx, scenes)
        with t4:
            _exports_tab(ctx, scenes)


def scenes_tab(ctx: PageContext, scenes: list[Scene]) -> None:
    lang = ctx.lang
    st.dataframe({"#": list(range(1, len(scenes) + 1)),
                  t("pr.col_title", lang): [s.title(lang) for s in scenes],
                  t("pr.col_caption", lang): [s.caption(lang) for s in scenes]},
                 hide_index=True, width="stretch", height=min(36 * (len(scenes) + 1) + 4, 300))
    i = st.selectbox(t("pr.edit", lang), range(len(scenes)), key="pres.edit",
                     format_func=lambda k: f"{k + 1}. {scenes[k].title(lang)}")
    i = min(i or 0, len(scenes) - 1)
    s = scenes[i]
    explore = dict(s.params, lang=lang)
    lat, lng, zoom = explorer_view(compile_scene(s, ctx.data, ctx.cat, lang)["view"])
    explore["v"] = f"{lat:.5f},{lng:.5f},{zoom}"  # a fit scene too: the explorer opens framed on it
    st.caption(t("pr.explore_link", lang))
    st.code(_query(explore), language=None)
    c1, c2 = st.columns(2)
    for k in ("title_zh", "title_en"):
        (c1 if k.endswith("zh") else c2).text_input(t(f"pr.{k}", lang), getattr(s, k), max_chars=80,
                                                    key=f"pres.{k}.{s.id}")
    for k in ("caption_zh", "caption_en"):
        (c1 if k.endswith("zh") else c2).text_area(t(f"pr.{k}", lang), getattr(s, k), max_chars=600,
                                                   key=f"pres.{k}.{s.id}")
    b = st.columns(5)
    b[0].button(t("pr.save_edit", lang), key="pres.save_edit", on_click=_edit, args=(scenes, i, lang))
    b[1].button(t("pr.up", lang), key="pres.up", disabled=i == 0,
                on_click=_move, args=(scenes, i, -1))
    b[2].button(t("pr.down", lang), key="pres.down", disabled=i == len(scenes) - 1,
                on_click=_move, args=(scenes, i, 1))
    b[3].button(t("pr.delete", lang), key="pres.delete", disabled=len(scenes) < 2,
                on_click=_delete, args=(scenes, i, lang))
    b[4].button(t("pr.reset", lang), key="pres.reset", on_click=_store, args=(shipped_scenes(), t("pr.saved", lang)))


def _edit(scenes: list[Scene], i: int, lang: str) -> None:
    from dataclasses import replace

    sid = scenes[i].id
    clean = {k: str(session.get(f"pres.{k}.{sid}", getattr(scenes[i], k))).strip()
             for k in ("title_zh", "title_en", "caption_zh", "caption_en")}
    if not (clean["title_zh"] or clean["title_en"]):
        session.put(K_MSG, t("pr.need_title", lang))
        return
    out = list(scenes)
    out[i] = replace(out[i], **clean)
    _store(out, t("pr.saved", lang))


def _move(scenes: list[Scene], i: int, delta: int) -> None:
    _store(move(scenes, i, delta))
    session.put(session.PRES_EDIT, min(max(i + delta, 0), len(scenes) - 1))


def _delete(scenes: list[Scene], i: int, lang: str) -> None:
    _store(scenes[:i] + scenes[i + 1:], t("pr.saved", lang))
    session.put(session.PRES_EDIT, max(0, min(i, len(scenes) - 2)))


def feature_options(ctx: PageContext) -> dict[str, str]:
    """"layer\\tid" → label, for the features shown now (the highlight picker)."""
    out = {}
    for layer_id in ctx.state.layers:
        gdf = ctx.data[layer_id]
        spec = ctx.cat.get(layer_id)
        ids = gdf["id"].astype(str).tolist() if "id" in gdf.columns else [str(k) for k in range(len(gdf))]
        names = gdf["name_zh"].astype(str).tolist() if "name_zh" in gdf.columns else ids
        for k in np.flatnonzero(ctx.masks[layer_id])[:500]:
            out[f"{layer_id}\t{ids[k]}"] = f"{spec.name(ctx.lang)} · {names[k]}"
    return out


def clicked_option(ctx: PageContext, opts: dict[str, str]) -> list[str]:
    """The feature last clicked on the map, as a highlight option (preselected)."""
    props = (ctx.clicked or {}).get("properties") or {}
    layer_id, i = props.get("__l"), props.get("__i")
    if layer_id not in ctx.state.layers or not isinstance(i, int) or i >= len(ctx.data[layer_id]):
        return []
    gdf = ctx.data[layer_id]
    key = f"{layer_id}\t{gdf['id'].iloc[i] if 'id' in gdf.columns else i}"
    return [key] if key in opts else []


def new_scene_tab(ctx: PageContext, scenes: list[Scene]) -> None:
    lang = ctx.lang
    st.caption(t("pr.new_help", lang))
    c1, c2 = st.columns(2)
    tz = c1.text_input(t("pr.title_zh", lang), max_chars=80, key="pres.new.title_zh")
    te = c2.text_input(t("pr.title_en", lang), max_chars=80, key="pres.new.title_en")
    cz = c1.text_area(t("pr.caption_zh", lang), max_chars=600, key="pres.new.caption_zh")
    ce = c2.text_area(t("pr.caption_en", lang), max_chars=600, key="pres.new.caption_en")
    opts = feature_options(ctx)
    default = clicked_option(ctx, opts)
    hl = st.multiselect(t("pr.highlight", lang), list(opts), default=default[:1], key="pres.new.hl",
                        placeholder=t("choose", lang),
                        format_func=lambda k: opts.get(k, k))
    view_opts = ["fit", "link"] if ctx.state.view else ["fit"]
    how = st.radio(t("pr.view_how", lang), view_opts, horizontal=True, key="pres.new.view",
                   format_func=lambda k: t("pr.view_fit" if k == "fit" else "pr.view_link", lang))
    if st.button(t("pr.new_save", lang), key="pres.new.save", type="primary"):
        if not (tz.strip() or te.strip()):
            st.warning(t("pr.need_title", lang))
            return
        scene = scene_from_state(ctx.state, scenes, tz.strip(), te.strip(), cz.strip(), ce.strip(),
                                 tuple(tuple(k.split("\t", 1)) for k in hl),
                                 fit=default_fit(ctx.state.layers) if how == "fit" else None)
        _store([*scenes, scene], t("pr.saved", lang))
        st.rerun()


def file_tab(ctx: PageContext, scenes: list[Scene]) -> None:
    lang = ctx.lang
    st.download_button(t("pr.download_scenes", lang), dumps_scenes(scenes), "zhangqiu_scenes.json",
                       "application/json", key="pres.dl_scenes")
    up = file_uploader(t("pr.upload", lang), ["json"], lang, key="pres.upload")
    how = st.radio(t("pr.import_mode", lang), ("replace", "append"), horizontal=True,
                   key="pres.import_mode", format_func=lambda k: t(f"pr.{k}", lang))
    if up is not None and st.button(t("pr.do_import", lang), key="pres.do_import"):
        try:
            new, notes = loads_scenes(up.getvalue(), ctx.cat)
        except SceneFileError as exc:
            st.error(md_plain(exc.message(lang)))
            return
        _store(new if how == "replace" else [*scenes, *new], t("pr.imported", lang, n=len(new)))
        if notes:
            session.put(K_MSG, session.get(K_MSG, "") + " " + t("pr.import_notes", lang) + "、".join(notes[:20]))
        st.rerun()


def _exports_tab(*args, **kwargs):
    """The meeting exports (matplotlib is imported only when this tab is drawn)."""
    from ui.presenter_exports import exports_tab

    return exports_tab(*args, **kwargs)
