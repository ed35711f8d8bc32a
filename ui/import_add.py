"""The "add as layer" form and the list of imported layers (removal asks first).

The form's choices become a LayerSpec (``layers.imported``) stored with the prepared frame in the
workspace; the upload's files are kept byte-for-byte in ``originals/`` under server-made names.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.errors import IngestError
from layers import imported as imp
from layers import imported_columns as impcols
from layers import tiled, vocab
from layers.spec import ACCURACY_VALUES, FIELD_KINDS
from layers.store import open_store, originals_dir
from layers.store.base import StoreError
from layers.text import md_plain, pick, t
from ui import import_state as ss
from ui import state as session
from ui.context import PageContext, actor


def add_form(ctx: PageContext, gdf, upload: dict, lang: str) -> None:
    cols = imp.attribute_columns(gdf)
    choices = impcols.default_choices(gdf, ctx.cat)
    name_col = impcols.guess_name_column(cols)
    stem = re.sub(r"\.[A-Za-z0-9]{1,10}$", "", upload["names"][0])[:40]
    st.subheader(t("io.imp_add_title", lang))
    with st.form("imp.form"):
        c1, c2, c3 = st.columns([3, 3, 1])
        name_zh = c1.text_input(t("io.imp_name_zh", lang), value=stem, key="imp.name_zh", max_chars=60)
        name_en = c2.text_input(t("io.imp_name_en", lang), value=stem, key="imp.name_en", max_chars=60)
        color = c3.color_picker(t("io.imp_color", lang), value="#d62728", key="imp.color")
        picked_name = st.selectbox(t("io.imp_name_col", lang), [None, *cols], key="imp.name_col",
                                   index=cols.index(name_col) + 1 if name_col else 0,
                                   format_func=lambda c: t("io.imp_none", lang) if c is None else c)
        tooltip = st.multiselect(t("io.imp_tooltip", lang), cols, key="imp.tooltip", placeholder=t("choose", lang),
                                 default=impcols.default_tooltip(cols, name_col))
        filters = st.multiselect(t("io.imp_filters", lang), cols, key="imp.filters", placeholder=t("choose", lang),
                                 default=[c.name for c in choices if c.filter])
        edited = st.data_editor(_choices_table(choices, lang), key="imp.fields", hide_index=True,
                                disabled=[t("io.imp_col", lang)], column_config=_kind_column(lang))
        a1, a2 = st.columns(2)
        accuracy = a1.selectbox(t("io.imp_accuracy", lang), ACCURACY_VALUES, index=1, key="imp.accuracy",
                                format_func=lambda v: vocab.label(v, lang))
        accuracy_m = a2.number_input(t("io.imp_accuracy_m", lang), min_value=0.0, value=None,
                                     key="imp.accuracy_m")
        if not st.form_submit_button(t("io.imp_add", lang), type="primary"):
            return
    rows = _choices_from_table(edited, set(filters), lang)
    form = {"name_zh": name_zh, "name_en": name_en, "color": color, "name_col": picked_name,
            "tooltip": tooltip, "accuracy": accuracy, "accuracy_m": accuracy_m, "choices": rows}
    try:
        added, notices = add_layer(ctx, gdf, upload, form)
    except (ValueError, OSError, RuntimeError, IngestError, StoreError) as exc:  # pyogrio: RuntimeError
        why = exc.message(lang) if isinstance(exc, IngestError | StoreError) else str(exc)
        st.error(md_plain(t("io.imp_add_failed", lang, why=why)))
        return
    _after_add(added, len(gdf), notices)


def add_all_form(ctx: PageContext, upload: dict, layers: list[str], read, lang: str) -> None:
    """Every layer of a multi-layer file, each its own workspace layer with the default settings
    (named after the file and the layer; columns, tooltip and filters as guessed; accuracy
    approximate) — the same as ``python -m layers import FILE --layer '*'``."""
    st.caption(t("io.imp_all_help", lang, n=len(layers)))
    if not st.button(t("io.imp_add_all", lang, n=len(layers)), type="primary", key="imp.add_all"):
        return
    stem = re.sub(r"\.[A-Za-z0-9]{1,10}$", "", upload["names"][0])[:30]
    added, notices = [], []
    for name in layers:
        gdf, res = read(name)
        if gdf is None or not res.usable:
            why = pick(*(res.error or ("?", "?")), lang)
            st.error(md_plain(t("io.imp_layer_failed", lang, layer=name, why=why)))
            continue
        cols = imp.attribute_columns(gdf)
        name_col = impcols.guess_name_column(cols)
        form = {"name_zh": f"{stem} · {name}"[:60], "name_en": f"{stem} · {name}"[:60], "color": "#d62728",
                "name_col": name_col, "tooltip": impcols.default_tooltip(cols, name_col),
                "accuracy": ACCURACY_VALUES[1], "accuracy_m": None,
                "choices": impcols.default_choices(gdf, ctx.cat)}
        try:
            spec, more = add_layer(ctx, gdf, upload, form)
        except (ValueError, OSError, RuntimeError, IngestError, StoreError) as exc:
            why = exc.message(lang) if isinstance(exc, IngestError | StoreError) else str(exc)
            st.error(md_plain(t("io.imp_layer_failed", lang, layer=name, why=why)))
            continue
        added.append((spec, len(gdf)))
        notices += more
    if added:  # as _after_add, for each layer
        for spec, _ in added:
            session.put(session.LAYER + spec.id, True)
        said = [("success", tuple(t("io.imp_added", lg, name=spec.name(lg), n=n) for lg in ("zh", "en")))
                for spec, n in added]
        ss.flash(said + [("info", pair) for pair in notices])
        ss.forget_upload(clear_uploader=True)
        st.rerun()


def _choices_table(choices: list, lang: str) -> pd.DataFrame:
    return pd.DataFrame({t("io.imp_col", lang): [c.name for c in choices],
                         t("io.imp_label_zh", lang): [c.zh for c in choices],
                         t("io.imp_label_en", lang): [c.en for c in choices],
                         t("io.imp_kind", lang): [c.kind for c in choices]})


def _kind_column(lang: str) -> dict:
    return {t("io.imp_kind", lang): st.column_config.SelectboxColumn(
        options=list(FIELD_KINDS), required=True,
        help=" / ".join(f"{k}: {t('io.kind.' + k, lang)}" for k in FIELD_KINDS))}


def _choices_from_table(df: pd.DataFrame, filters: set[str], lang: str) -> list:
    keys = [t(f"io.{k}", lang) for k in ("imp_col", "imp_label_zh", "imp_label_en", "imp_kind")]
    return [imp.FieldChoice(str(r[0]), str(r[1] or r[0]), str(r[2] or r[0]), str(r[3] or "text"),
                            str(r[0]) in filters)
            for r in df[keys].itertuples(index=False)]


def add_layer(ctx: PageContext, gdf, upload: dict, form: dict) -> tuple:
    """Store the upload as a workspace layer; returns (stored spec, notices (zh, en))."""
    choices, notices = impcols.reconcile(form["choices"], gdf, ctx.cat)
    src_zh, src_en = imp.source_text(upload["names"][0])
    frame, more = imp.prepare_frame(gdf, source=src_zh, accuracy=form["accuracy"],
                                    accuracy_m=form["accuracy_m"], name_col=form["name_col"])
    store = open_store()
    layer_id = imp.new_layer_id(s.id for s in ctx.cat.layers)
    spec = imp.build_spec(layer_id, form["name_zh"], form["name_en"], form["color"], frame,
                          choices, form["tooltip"], (src_zh, src_en))
    staged = Path(upload["path"]).parent
    parts = [(p.suffix.lower(), p.read_bytes()) for p in sorted(staged.iterdir()) if p.is_file()]
    kept = [imp.save_original(data, originals_dir(store), layer_id, ext) for ext, data in parts]
    meta = {"files": upload["names"], "stored": [p.name for p in kept],
            "sha256": [imp.sha256(data) for _, data in parts],
            "added": dt.datetime.now().isoformat(timespec="seconds"), "features": len(frame)}
    try:
        stored = store.add_layer(spec, frame, actor=actor(), meta=meta)
    except BaseException:
        for path in kept:
            path.unlink(missing_ok=True)
        raise
    return stored, notices + more


def _after_add(spec, n: int, notices: list) -> None:
    """Switch the new layer on, say so once, clear the uploader, and rerun with it in the catalog."""
    session.put(session.LAYER + spec.id, True)
    added = tuple(t("io.imp_added", lg, name=spec.name(lg), n=n) for lg in ("zh", "en"))
    ss.flash([("success", added)] + [("info", pair) for pair in notices])
    ss.forget_upload(clear_uploader=True)
    st.rerun()


def imported_layers(ctx: PageContext, lang: str) -> None:
    specs = [s for s in ctx.cat.layers if s.theme == imp.IMPORTED_THEME]
    if not specs:
        return
    st.markdown(f"**{t('io.imp_layers', lang)}**")
    pending = session.get(session.IMP_CONFIRM)
    for spec in specs:
        c1, c2 = st.columns([5, 1])
        c1.caption(md_plain(f"{spec.name(lang)} · {spec.source_summary(lang)}"))
        c2.button(t("io.imp_remove", lang), key=f"imp.rm.{spec.id}", on_click=_ask_remove,
                  args=(spec.id,))
        if pending == spec.id:
            st.warning(md_plain(t("io.imp_remove_confirm", lang, name=spec.name(lang))))
            y, n = st.columns(2)
            y.button(t("io.imp_remove_yes", lang), key="imp.rm.yes", type="primary",
                     on_click=_remove, args=(spec.id, spec.name_zh, spec.name_en))
            n.button(t("io.imp_remove_no", lang), key="imp.rm.no", on_click=_cancel_remove)


def _ask_remove(layer_id: str) -> None:
    session.put(session.IMP_CONFIRM, layer_id)


def _cancel_remove() -> None:
    session.pop(session.IMP_CONFIRM)


def _remove(layer_id: str, name_zh: str, name_en: str) -> None:
    """Confirmed: hide the layer (admin; its rows, original files and metadata are kept, so the
    trail can restore it) and drop its tile cache."""
    store = open_store()
    try:
        store.remove_layer(layer_id, actor=actor())
    except StoreError as exc:  # refused (role) or the database is away: say so, keep the layer
        session.pop(session.IMP_CONFIRM)
        ss.flash([("error", (exc.message("zh"), exc.message("en")))])
        return
    tiled.remove(store.root, layer_id)
    session.pop(session.IMP_CONFIRM)
    session.pop(session.LAYER + layer_id)
    zh, en = (t("io.imp_removed", lang, name=n) for lang, n in (("zh", name_zh), ("en", name_en)))
    ss.flash([("success", (zh, en))])
