"""The register's project form (ui/register.py): one widget per column of
layers/register/fields.py, the override of the district check, and the problems of a save shown
beside it in the page's language."""

from __future__ import annotations

import streamlit as st

from layers import vocab
from layers.register.fields import COLUMNS, Column, column
from layers.register.sheet import header
from layers.register.validate import Problem, towns
from layers.store.base import StoreError
from layers.text import md_plain, t

REASON = "override_reason"


def _choices(col: Column) -> tuple[str, ...]:
    return col.choices or tuple(dict.fromkeys(towns().values()))


def _label(col: Column, lang: str) -> str:
    return header(col, lang) + (" *" if col.required else "")


def _number_text(value: object) -> str:
    if value is None or value == "":
        return ""
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return str(value)


def _field(col: Column, key: str, value: object, lang: str) -> object:
    """One column's widget; its raw value (validated by layers/register/validate.py)."""
    label = _label(col, lang)
    if col.kind == "category":
        options = ("", *_choices(col))
        index = options.index(value) if value in options else 0
        return st.selectbox(label, options, index=index, key=key,
                            format_func=lambda c: vocab.label(c, lang) if c else "—")
    if col.kind == "multi":
        have = [v for v in str(value or "").split(";") if v in col.choices]
        return ";".join(st.multiselect(label, col.choices, default=have, key=key,
                                       format_func=lambda c: vocab.label(c, lang)))
    if col.kind in ("year", "number"):
        return st.text_input(label, value=_number_text(value), key=key)
    return st.text_input(label, value="" if value is None else str(value), key=key)


def fields(prefix: str, props: dict, lang: str) -> dict:
    """Draw the form's widgets (keys ``prefix`` + "." + column) inside an open ``st.form``; the
    raw values. The reason for a position outside the district counts only when the override
    box is ticked."""
    raw = {}
    left, right = st.columns(2)
    for i, col in enumerate(c for c in COLUMNS if c.name != REASON):
        with left if i % 2 == 0 else right:
            raw[col.name] = _field(col, f"{prefix}.{col.name}", props.get(col.name), lang)
    override = st.checkbox(t("rg.override", lang), value=bool(props.get(REASON)),
                           key=f"{prefix}.override")
    reason = st.text_input(column(REASON).label(lang), value=props.get(REASON) or "",
                           key=f"{prefix}.{REASON}")
    raw[REASON] = reason if override else None
    return raw


def show_problems(problems: tuple[Problem, ...] | list[Problem], lang: str) -> None:
    """Every problem of a refused save, one line each, in ``lang``."""
    st.error(md_plain(t("rg.not_saved", lang)))
    for p in problems:
        st.error(md_plain(p.message(lang)))


def show_refusal(exc: StoreError, lang: str) -> None:
    """The store's own words for a refused change (forbidden, not found ...)."""
    st.error(md_plain(exc.message(lang)))
