"""The trail tool (留痕): the whole workspace's trail, filtered by layer, account and date, paged;
restore a deleted feature (editors), a removed layer (admins) or a scene list as it was before
a save (editors); export the filtered trail as
CSV or JSON. There is no control to edit or delete an entry, here or anywhere.

The whole trail is read once per run and filtered in memory, and the exports are built in
memory when a button is pressed: the trail is small (one entry per change people make).
"""

from __future__ import annotations

import datetime as dt
import math

import streamlit as st

from layers import trail
from layers.spec import Catalog
from layers.store import open_store
from layers.store.base import AuditEntry, Store, StoreError
from layers.text import md_plain, t
from ui import context
from ui import state as session
from ui.context import PageContext
from ui.trail_history import restore_button, show_flash

PAGE = 50  # entries per page
ALL, NO_LAYER = "", "-"  # the filters' "(all)" and "(no layer)" options


def trail_panel(ctx: PageContext) -> None:
    """The trail tool (below the map, one tool at a time)."""
    lang = ctx.lang
    st.subheader(t("tr.title", lang))
    st.caption(t("tr.help", lang))
    store = open_store()
    try:
        everything = store.audit()
    except StoreError as exc:
        st.error(md_plain(t("tr.unavailable", lang, msg=exc.message(lang))))
        return
    show_flash("tool")
    shown = _filtered(everything, lang, ctx.cat)
    _table(shown, lang, trail.field_labels(ctx.cat, lang))
    _exports(shown, lang)
    _restores(store, everything, lang)


def _layer_name(layer: str, lang: str, cat: Catalog) -> str:
    if layer == ALL:
        return t("tr.all", lang)
    if layer == NO_LAYER:
        return t("tr.no_layer", lang)
    known = {s.id: s for s in cat.layers}
    return f"{known[layer].name(lang)} ({layer})" if layer in known else layer


def _filtered(entries: list[AuditEntry], lang: str, cat: Catalog) -> list[AuditEntry]:
    """The filter widgets and the entries they keep, newest first."""
    c1, c2, c3 = st.columns(3)
    layers = sorted({e.layer for e in entries if e.layer})
    layer = c1.selectbox(t("tr.layer", lang), [ALL, *layers, NO_LAYER], key=session.TR_LAYER,
                         format_func=lambda i: _layer_name(i, lang, cat))
    names = sorted({e.actor for e in entries})
    who = c2.selectbox(t("tr.who", lang), [ALL, *names], key=session.TR_WHO,
                       format_func=lambda n: n or t("tr.all", lang))
    since = c3.date_input(t("tr.since", lang), value=None, key=session.TR_SINCE)
    start = dt.datetime.combine(since, dt.time(), dt.UTC) if since else None
    kept = [e for e in entries
            if (layer == ALL or (e.layer or NO_LAYER) == layer)
            and (who == ALL or e.actor == who) and (start is None or e.at >= start)]
    return kept[::-1]


def _table(shown: list[AuditEntry], lang: str, labels: trail.Labels) -> None:
    if not shown:
        st.info(t("tr.none", lang))
        return
    pages = max(1, math.ceil(len(shown) / PAGE))
    page = int(st.number_input(t("tr.page", lang), min_value=1, max_value=pages, value=1,
                               step=1, key=session.TR_PAGE)) if pages > 1 else 1
    page = min(page, pages)
    st.caption(t("tr.count", lang, n=len(shown), page=page, pages=pages))
    st.dataframe(trail.rows(shown[(page - 1) * PAGE:page * PAGE], lang, labels), hide_index=True,
                 width="stretch")


def _exports(shown: list[AuditEntry], lang: str) -> None:
    """CSV and JSON of the filtered entries, oldest first (as ``python -m layers audit``)."""
    oldest_first = shown[::-1]
    st.caption(t("tr.export_note", lang, n=len(shown)))
    c1, c2 = st.columns(2)
    c1.download_button(t("tr.export_csv", lang), lambda: trail.to_csv_bytes(oldest_first),
                       "zhangqiu_trail.csv", "text/csv", key=session.TR_DL_CSV, on_click="ignore")
    c2.download_button(t("tr.export_json", lang), lambda: trail.to_json_bytes(oldest_first),
                       "zhangqiu_trail.json", "application/json", key=session.TR_DL_JSON,
                       on_click="ignore")


DOC_CHOICES = 20  # the latest document saves (the scene list …) offered for a restore


def _restore_label(e: AuditEntry, lang: str) -> str:
    key = {"layer.remove": "tr.removed_layer", "feature.delete": "tr.deleted_feature"}.get(
        e.action, "tr.doc_before")
    return t(key, lang, id=e.id, what=trail.what(e), at=trail.when(e), who=e.actor)


def _restores(store: Store, everything: list[AuditEntry], lang: str) -> None:
    """What is deleted or removed now, and the latest document (scene list) saves, for the roles
    that may bring them back; viewers get a note."""
    st.markdown(f"**{t('tr.restore_head', lang)}**")
    if not context.actor().can("editor"):
        st.caption(t("tr.viewers", lang))
        return
    who = context.actor()
    docs = [e for e in everything if e.action.startswith("doc.")][::-1][:DOC_CHOICES]
    open_ = [e for e in trail.open_deletions(everything) + docs
             if who.can(trail.restore_role(e))]
    if not open_:
        st.caption(t("tr.nothing_deleted", lang))
        return
    by_id = {e.id: e for e in open_}
    pick = st.selectbox(t("tr.restore_pick", lang), list(by_id), key=session.TR_PICK,
                        format_func=lambda i: _restore_label(by_id[i], lang))
    entry = by_id[pick]
    # the version the deletion made: refused by the store if anything happened since
    version = entry.before["version"] + 1 if entry.action == "feature.delete" else None
    restore_button(store, entry, t("tr.restore", lang), lang, where="tool", version=version)
