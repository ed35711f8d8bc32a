"""History panels of the audit trail (留痕): a feature's or a layer's entries in the record tab, and
the restore button with its confirm step that the trail tool (ui/trail.py) shares.

Everything from the trail (names, values) is shown as plain text (``st.text``, dataframes,
``md_plain``). Restore buttons are offered only to a role that may restore
(``ui.context.actor().can``);
the store checks the role again. Viewers see the history, never a restore button.
"""

from __future__ import annotations

import streamlit as st

from layers import trail
from layers.register.fields import LAYER as REGISTER_LAYER
from layers.register.frame import ROLE as REGISTER_ROLE
from layers.spec import LayerSpec
from layers.store import is_stored, open_store, store_of
from layers.store.base import AuditEntry, Store, StoreError
from layers.text import md_plain, t
from ui import context
from ui import state as session


def show_flash(where: str) -> None:
    """The message a restore made from ``where`` left for this run, once."""
    flash = session.get(session.TR_FLASH)
    if flash and flash[0] == where:
        session.pop(session.TR_FLASH)
        getattr(st, flash[1])(md_plain(flash[2]))


def _ask(where: str, entry_id: int) -> None:
    session.put(session.TR_CONFIRM, (where, entry_id))


def _cancel() -> None:
    session.pop(session.TR_CONFIRM)


def _restore(store: Store, entry_id: int, version: int | None, lang: str, where: str) -> None:
    session.pop(session.TR_CONFIRM)
    try:
        done = store.restore(entry_id, actor=context.actor(), version=version)
    except StoreError as exc:
        session.put(session.TR_FLASH, (where, "error", exc.message(lang)))
        return
    session.put(session.TR_FLASH, (where, "success", t("tr.restored", lang, id=done.id)))


def restore_button(store: Store, entry: AuditEntry, label: str, lang: str, *, where: str,
                   version: int | None = None) -> None:
    """A button restoring the state before ``entry`` (confirm step first), when the actor's role
    allows it; nothing otherwise. ``version``: the feature's version shown as current (a restore
    over a change made since is refused by the store)."""
    role = trail.restore_role(entry)
    if role is None or not context.actor().can(role):
        return
    key = f"{session.TR_RESTORE}{where}.{entry.id}"
    if session.get(session.TR_CONFIRM) != (where, entry.id):
        st.button(label, key=key, on_click=_ask, args=(where, entry.id))
        return
    st.warning(t("tr.confirm", lang, id=entry.id))
    yes, no = st.columns(2)
    yes.button(t("tr.yes", lang), key=key + ".yes", type="primary", on_click=_restore,
               args=(store, entry.id, version, lang, where.split(".")[0]))
    no.button(t("tr.no", lang), key=key + ".no", on_click=_cancel)


def _entry_block(store: Store, e: AuditEntry, lang: str, current: int | None,
                 labels: dict[str, str]) -> None:
    st.text(t("tr.entry", lang, at=trail.when(e) + " UTC", who=e.actor,
              action=trail.action_label(e.action, lang)))
    changes = trail.field_changes(e) if e.action != "account.passwd" else []
    if changes:
        st.dataframe({t("tr.col.what", lang): [labels.get(c[0], c[0]) for c in changes],
                      "→": [f"{trail.short(b, lang)} → {trail.short(a, lang)}"
                            for _, b, a in changes]}, hide_index=True, width="stretch")
    geom = trail.geom_text(e, lang)
    if geom:
        st.text(f"{t('tr.col.geom', lang)}: {geom}")
    if current is not None and e.before is not None and e.action != "feature.delete":
        restore_button(store, e, t("tr.restore_before", lang, v=e.before.get("version", "?")),
                       lang, where=f"rec.{e.fid}", version=current)


def feature_ref(spec: LayerSpec, row: object) -> tuple[str, int] | None:
    """(store layer, fid) of a clicked feature of an editable, store-backed layer (the
    register: its frame carries ``fid``), else None."""
    fid = getattr(row, "get", lambda _k: None)("fid")
    if spec.has(REGISTER_ROLE) and fid is not None and str(fid).isdigit():
        return REGISTER_LAYER, int(fid)
    return None


def record_history(lang: str, spec: LayerSpec, row: object) -> None:
    """Below a clicked feature's record: its history (a register feature) or its layer's (an
    imported workspace layer); nothing for a bundled layer."""
    ref = feature_ref(spec, row)
    if ref is None and not is_stored(spec):
        return
    store = open_store() if ref else store_of(spec)
    try:
        entries = store.audit(layer=ref[0], fid=ref[1]) if ref else store.audit(layer=spec.id)
        live = store.feature(*ref) if ref else None
    except StoreError as exc:
        st.caption(md_plain(t("tr.unavailable", lang, msg=exc.message(lang))))
        return
    labels = {f.name: f.label(lang) for f in spec.fields} | {
        k: t(f"tr.f.{k}", lang) for k in ("features", "role")}
    with st.expander(t("tr.feature_history" if ref else "tr.layer_history", lang)):
        show_flash("rec")
        if not entries:
            st.caption(t("tr.no_history", lang))
        for e in reversed(entries):  # newest first
            _entry_block(store, e, lang, live.version if live else None, labels)
        if not context.actor().can("editor"):
            st.caption(t("tr.viewers", lang))
