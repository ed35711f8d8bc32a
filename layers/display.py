"""How a feature's value reads in tooltips, the record panel and tables (labels, units)."""

from __future__ import annotations

import math

import numpy as np

from layers import vocab
from layers.spec import Field, LayerSpec
from layers.text import localized, t


def display_value(spec: LayerSpec, field: str, value: object, lang: str) -> str:
    """A value as the tooltip/table shows it: vocabulary label, number with its unit."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value is np.bool_(True) or value is True:
        return t("yes", lang)
    if value is np.bool_(False) or value is False:
        return t("no", lang)
    return format_value(spec.field(field), value, lang)


def format_value(f: Field, value: object, lang: str) -> str:
    """display_value once the None/NaN/bool cases are out and the Field is known."""
    if f.kind == "year" and isinstance(value, int | float | np.integer | np.floating):
        return str(int(value))
    if f.kind == "number" and isinstance(value, int | float | np.integer | np.floating):
        num = float(value)
        text = f"{num:,.0f}" if num.is_integer() else f"{num:,.2f}".rstrip("0").rstrip(".")
        unit = f.unit(lang)
        return f"{text} {unit}".strip()
    return vocab.label(value, lang)


#: bilingual data text a record shows once, in the page's language (the field of that language)
RECORD_PAIRS = {"note": ("note_zh", "note_en"), "plan_quote": ("plan_quote", "plan_quote_en")}


def record_rows(spec: LayerSpec, row, lang: str) -> list[tuple[str, str]]:
    """(label, value) for every declared field of ``row`` as the record panel shows it: a note or
    plan quote once, in the page's language — the Chinese with " (Chinese only)" in English
    where the data has no English form."""
    names = {f.name for f in spec.fields}
    out = []
    for f in spec.fields:
        pair = next(((k, zh, en) for k, (zh, en) in RECORD_PAIRS.items() if f.name in (zh, en)), None)
        if pair is None or not {pair[1], pair[2]} <= names:
            out.append((f.label(lang), display_value(spec, f.name, row[f.name], lang)))
            continue
        key, zh, en = pair
        if f.name != (zh if lang == "zh" else en):
            continue  # the other language's form of the same text
        out.append((f.label(lang), localized(row, key, lang, mark=True)))
    return out
