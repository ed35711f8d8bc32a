"""Editing and deleting a register project (ui/register.py). The form holds the project as it
was read (its version); a save or a deletion after someone else's save is refused by the store
(optimistic versioning) and the page shows what they changed, who and when, until the user
reloads their version: nothing is ever overwritten silently."""

from __future__ import annotations

import streamlit as st
from shapely.geometry import mapping, shape

from layers import vocab
from layers.register import service
from layers.register.fields import COLUMNS
from layers.register.validate import clean_props
from layers.store import open_store
from layers.store.base import ConflictError, FeatureRow, StoreError
from layers.text import md_plain, pick, t
from ui import context, register_map
from ui import state as session
from ui.context import PageContext
from ui.register_form import fields, show_problems, show_refusal


def _read(row: FeatureRow) -> dict:
    return {"fid": row.fid, "version": row.version, "props": dict(row.props),
            "geom": mapping(row.geom) if row.geom is not None else None}


def _pick(ctx: PageContext, by_fid: dict[int, FeatureRow]) -> int:
    """The project to edit: the one last clicked on the map, else the select box's."""
    clicked = register_map.clicked_fid(ctx)
    if clicked in by_fid:
        session.put(session.RG_PICK, clicked)
    if session.get(session.RG_PICK) not in by_fid:
        session.pop(session.RG_PICK)
    return st.selectbox(t("rg.pick", ctx.lang), list(by_fid), key=session.RG_PICK,
                        format_func=lambda f: f"{f} · {by_fid[f].props.get('name_zh') or ''}")


def edit_panel(ctx: PageContext, rows: list[FeatureRow]) -> None:
    """Pick a project, edit its attributes (and its vertices on the map), save or delete it."""
    lang = ctx.lang
    if not rows:
        st.caption(t("rg.none", lang))
        return
    by_fid = {r.fid: r for r in rows}
    fid = _pick(ctx, by_fid)
    loaded = session.get(session.RG_LOADED)
    if not loaded or loaded["fid"] != fid:
        session.put(session.RG_LOADED, _read(by_fid[fid]))
        st.rerun()  # the map puts this project's vertices in the editable group
    _conflict(loaded, lang)
    st.caption(t("rg.edit_hint", lang, v=loaded["version"]))
    prefix = f"{session.RG_FORM}{fid}.{loaded['version']}"
    with st.form(prefix):
        raw = fields(prefix, loaded["props"], lang)
        submitted = st.form_submit_button(t("rg.save", lang), type="primary")
    if submitted:
        _save(ctx, loaded, raw)
    _delete(loaded, lang)


def _save(ctx: PageContext, loaded: dict, raw: dict) -> None:
    stored = shape(loaded["geom"]) if loaded["geom"] else None
    geom = register_map.edited_geometry(ctx, loaded["fid"], stored)
    try:
        service.save(open_store(), loaded["fid"], raw, geom, version=loaded["version"], actor=context.actor())
    except ConflictError as exc:
        _refused(exc, loaded, raw)
    except service.InvalidProjectError as exc:
        show_problems(exc.problems, ctx.lang)
        return
    except StoreError as exc:
        show_refusal(exc, ctx.lang)
        return
    else:
        _done("rg.saved", loaded)
    st.rerun()


def _done(key: str, loaded: dict) -> None:
    name = str(loaded["props"].get("name_zh") or "")
    session.put(session.RG_FLASH, (t(key, "zh", name=name), t(key, "en", name=name)))
    for k in (session.RG_LOADED, session.RG_CONFLICT, session.RG_CONFIRM):
        session.pop(k)


def _refused(exc: ConflictError, loaded: dict, mine: dict | None) -> None:
    theirs = exc.current
    session.put(session.RG_CONFLICT, {
        "fid": loaded["fid"], "zh": exc.message("zh"), "en": exc.message("en"), "mine": mine,
        "theirs": dict(theirs.props) if theirs else None})


def _cell(value: object, lang: str) -> str:
    return "" if value is None else vocab.label(value, lang)


def _conflict(loaded: dict, lang: str) -> None:
    """The refused save: the store's words (who, when) and the values that differ."""
    c = session.get(session.RG_CONFLICT)
    if not c or c["fid"] != loaded["fid"]:
        return
    st.error(md_plain(pick(c["zh"], c["en"], lang)))
    theirs, read = c["theirs"] or {}, loaded["props"]
    mine = clean_props(c["mine"])[0] if c["mine"] else read
    rows = []
    for col in COLUMNS:
        cells = [_cell(p.get(col.name), lang) for p in (read, theirs, mine)]
        if len(set(cells)) > 1:
            rows.append((col.label(lang), *cells))
    heads = [t(f"rg.cf_{k}", lang) for k in ("field", "read", "theirs", "mine")]
    st.dataframe({h: [r[i] for r in rows] for i, h in enumerate(heads)}, hide_index=True,
                 width="stretch")
    st.caption(t("rg.cf_hint", lang))
    if st.button(t("rg.reload", lang), key=session.RG_RELOAD, type="primary"):
        session.pop(session.RG_CONFLICT)
        session.pop(session.RG_LOADED)
        st.rerun()


def _delete(loaded: dict, lang: str) -> None:
    """Delete, after a confirmation step."""
    if session.get(session.RG_CONFIRM) != loaded["fid"]:
        if st.button(t("rg.delete", lang), key=session.RG_DELETE):
            session.put(session.RG_CONFIRM, loaded["fid"])
            st.rerun()
        return
    st.warning(md_plain(t("rg.confirm", lang, name=str(loaded["props"].get("name_zh") or ""))))
    yes, no = st.columns(2)
    if no.button(t("rg.no", lang), key=session.RG_NO):
        session.pop(session.RG_CONFIRM)
        st.rerun()
    if yes.button(t("rg.yes", lang), key=session.RG_YES, type="primary"):
        try:
            service.remove(open_store(), loaded["fid"], version=loaded["version"], actor=context.actor())
        except ConflictError as exc:
            _refused(exc, loaded, None)
            session.pop(session.RG_CONFIRM)
        except StoreError as exc:
            show_refusal(exc, lang)
            return
        else:
            _done("rg.deleted", loaded)
            session.pop(session.RG_PICK)
        st.rerun()
