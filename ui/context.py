"""What the page knows during one run, handed to the feature panels in ui/ (Streamlit side)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from layers.explorer import ExplorerState
from layers.spec import Catalog
from layers.store.base import LOCAL, Actor


@dataclass
class PageContext:
    """One run of the page.

    ``masks`` (layer id → boolean array) start as the filters' result (attribute and spatial:
    one FilterSet); a feature may AND a further condition of its own into them and then append
    its wording to ``conditions`` as (zh, en) so the sentence under the map says it.  ``extras`` are folium
    elements added to the map after the layers.  ``clicked`` is the feature last clicked.
    """

    cat: Catalog
    data: dict
    state: ExplorerState
    masks: dict[str, np.ndarray]
    extras: list = field(default_factory=list)
    conditions: list[tuple[str, str]] = field(default_factory=list)
    clicked: dict | None = None
    map_out: dict | None = None

    @property
    def lang(self) -> str:
        return self.state.lang

    def restrict(self, layer_id: str, mask: np.ndarray) -> None:
        """AND a further condition into one layer's mask."""
        if layer_id in self.masks:
            self.masks[layer_id] = self.masks[layer_id] & np.asarray(mask, dtype=bool)


def actor() -> Actor:
    """Who acts in this session: every change the page makes goes through the store with this
    actor (the store checks its role). For now the single local user; with accounts, the
    signed-in user."""
    return LOCAL
