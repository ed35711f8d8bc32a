"""How a feature's value reads in tooltips, the record panel and tables (labels, units)."""

from __future__ import annotations

import math

import numpy as np

from layers import vocab
from layers.spec import Field, LayerSpec
from layers.text import t


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
