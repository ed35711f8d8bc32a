"""The name search of the filter model (:mod:`geo.filters`): rows whose names contain a text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo import filters_sql as sql
from geo._filter_coerce import PREFIX, column, q
from geo._filter_coerce import label as _label
from geo.errors import pick

CONTEXT = "context"  # the role of a layer a name search leaves drawn (see TextFilter.applies)
Labels = Any


@dataclass(frozen=True)
class TextFilter:
    """Rows where any of ``fields`` contains ``text``: case-insensitive, literal (not regex)."""

    fields: tuple[str, ...]
    text: str

    @property
    def key(self) -> str:
        """The FilterSet key: the ","-joined fields."""
        return ",".join(self.fields)

    def param(self) -> tuple[str, str]:
        """URL form: ``f.<field1>,<field2>=has:<text>``."""
        return PREFIX + ",".join(q(k) for k in self.fields), "has:" + q(self.text)

    def widget_values(self) -> dict[str, object]:
        """The search box's value (widget name below the filter prefix)."""
        return {"search": self.text}

    def applies(self, layer: Any) -> bool:
        """A name search applies to layers declaring any of ``fields`` filterable."""
        kinds = layer.declared_kinds()
        return any(f in kinds for f in self.fields)

    def applies_to(self, layer: Any, df: pd.DataFrame) -> bool:
        """As :meth:`applies`, but a context layer (role ``context``: outline, lines, stations,
        seats) is only searched when the text names one of its features (the user is looking
        for a station); otherwise it stays drawn around what was found."""
        if not self.applies(layer):
            return False
        return CONTEXT not in getattr(layer, "roles", ()) or bool(self.mask(df).any())

    def bind(self, ctx: object) -> TextFilter:  # noqa: ARG002
        """Nothing to resolve: the filter itself."""
        return self

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """Boolean mask; empty cells never match.  Fields the frame lacks are skipped (a layer
        without aliases); a frame with none of them is an error."""
        mask = pd.Series(False, index=df.index, dtype=bool)
        needle = self.text.casefold()
        present = [f for f in self.fields if f in df.columns]
        for field in present or self.fields[:1]:
            col = column(df, field).astype("string").str.casefold()
            mask |= col.str.contains(needle, regex=False).fillna(False).astype(bool)
        return mask

    def condition(self) -> sql.Contains:
        """The mask as a condition a database evaluates (fields a table lacks are skipped)."""
        return sql.Contains(self.fields, self.text)

    def describe(self, lang: str, labels: Labels = None, value_labels: object = None) -> str:  # noqa: ARG002
        """E.g. zh "名称含“重汽”", en 'Name contains "重汽"'.

        ``labels`` may label the fields together under their ","-joined key ("name_zh,name_en").
        """
        joined = ",".join(self.fields)
        fields = [joined] if labels and joined in labels else self.fields
        names = [_label(f, lang, labels) for f in fields]
        return pick(lang, f"{'或'.join(names)}含“{self.text}”",
                    f'{" or ".join(names)} contains "{self.text}"')
