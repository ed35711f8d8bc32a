"""The project register tool (重点项目库): its counts beside the plan's, and for an editor adding a
project placed on the map, editing one (attributes and vertices), deleting one, and the register
as a spreadsheet. Every change goes through layers/register/service.py with ``context.actor()``."""

from __future__ import annotations

import streamlit as st

from layers.register import service
from layers.register.stats import summary
from layers.store import open_store
from layers.store.base import StoreError
from layers.text import md_plain, pick, t
from ui import context, register_edit, register_map, register_sheet
from ui import state as session
from ui.context import PageContext
from ui.page_data import register_rows, tables
from ui.register_form import fields, show_problems, show_refusal

MODES = ("add", "edit", "sheet")


def flash(zh: str, en: str) -> None:
    """Say this once on the next run (after a change and its rerun)."""
    session.put(session.RG_FLASH, (zh, en))


def _flash(lang: str) -> None:
    said = session.pop(session.RG_FLASH)
    if said:
        st.success(md_plain(pick(*said, lang)))


def register_panel(ctx: PageContext) -> None:
    """The register tool below the map."""
    lang = ctx.lang
    rows = register_rows()
    st.subheader(t("rg.title", lang))
    st.caption(md_plain(summary(rows, tables()[1]).text(lang)))
    _flash(lang)
    if not context.actor().can("editor"):
        st.caption(t("rg.viewer", lang))
        register_sheet.downloads(rows, lang)
        return
    mode = st.radio(t("rg.mode", lang), MODES, key=session.RG_MODE, horizontal=True,
                    format_func=lambda k: t(f"rg.mode_{k}", lang))
    if mode == "add":
        add_panel(ctx)
    elif mode == "edit":
        register_edit.edit_panel(ctx, rows)
    else:
        register_sheet.sheet_panel(rows, lang)


def _position_caption(lang: str) -> None:
    where = register_map.describe(register_map.placed())
    st.caption(md_plain(t(f"rg.pos_{where.pop('kind')}", lang, **where)))


def add_panel(ctx: PageContext) -> None:
    """A new project: its position from the map, its attributes from the form."""
    lang = ctx.lang
    register_map.take_position(ctx)
    st.caption(t("rg.add_hint", lang))
    _position_caption(lang)
    if register_map.placed() is not None and st.button(t("rg.clear", lang), key=session.RG_CLEAR):
        session.pop(session.RG_GEOM)
        st.rerun()
    prefix = f"{session.RG_FORM}new.{session.get(session.RG_GEN, 0)}"
    with st.form(prefix):
        raw = fields(prefix, {}, lang)
        submitted = st.form_submit_button(t("rg.add", lang), type="primary")
    if submitted:
        _add(raw, lang)


def _add(raw: dict, lang: str) -> None:
    try:
        row = service.add(open_store(), raw, register_map.placed(), actor=context.actor())
    except service.InvalidProjectError as exc:
        show_problems(exc.problems, lang)
        return
    except StoreError as exc:
        show_refusal(exc, lang)
        return
    name = str(row.props.get("name_zh") or "")
    flash(t("rg.added", "zh", name=name, fid=row.fid), t("rg.added", "en", name=name, fid=row.fid))
    session.pop(session.RG_GEOM)
    session.put(session.RG_GEN, session.get(session.RG_GEN, 0) + 1)
    st.rerun()
