"""The explorer's state and logic, without Streamlit: URL state, filters over layers, the sentence.

Filters are global: each applies to the visible layers its ``applies(layer)`` accepts (an
attribute filter: layers declaring its field as filterable; a name search: not the context
layers; a spatial filter: not the district outline), and the sentence names the layers no
filter applies to.  URL parameters:
``lang``, ``bm`` (basemap), ``layers`` (comma-separated ids), ``v`` (``lat,lng,zoom``, written by
the map itself on pan/zoom) and one ``f.<field>`` per filter, ``f.@near`` / ``f.@inside`` for the
spatial ones (see ``geo.filter_params``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np

from geo.errors import InvalidFilterError
from geo.filter_params import IgnoredParam
from geo.filters import (  # noqa: F401  (re-exported for the UI)
    FilterSet,
    InsideFilter,
    NearFilter,
    SpatialContext,
    TextFilter,
    build_filter,
)
from layers import vocab
from layers.basemaps import all_basemaps
from layers.frame_memo import per_frame
from layers.spec import Catalog, LayerSpec
from layers.text import LANGS, pick, t

if TYPE_CHECKING:
    from layers.tiled_pg import Pushdown

# The name search: names in both languages and other names (Line 8's opening names); a layer
# without some of these columns is searched in the ones it has.
TEXT_FIELDS = ("name_zh", "name_en", "alias_zh", "alias_en")


@dataclass(frozen=True)
class ExplorerState:
    """What a link holds: language, basemap, shown layers, view and filters."""
    lang: str = "zh"
    basemap: str = "offline"
    layers: tuple[str, ...] = ()
    view: tuple[float, float, int] | None = None
    filters: FilterSet = field(default_factory=lambda: FilterSet(()))


def declared_filters(catalog: Catalog) -> dict[str, str]:
    """Every filterable field over all layers → its kind (one kind per field name)."""
    out: dict[str, str] = {}
    for spec in catalog.layers:
        for f in spec.filter_fields:
            if out.setdefault(f.name, f.kind) != f.kind:
                raise ValueError(f"field {f.name!r} declared with two kinds")
    if "name_zh" in out:
        out.update(dict.fromkeys(TEXT_FIELDS[1:], "text"))
    return out


def parse_view(text: str | None) -> tuple[float, float, int] | None:
    """``lat,lng,zoom`` text as a checked (lat, lng, zoom), or None."""
    try:
        lat, lng, z = (text or "").split(",")
        lat_f, lng_f, z_i = float(lat), float(lng), int(float(z))
    except ValueError:
        return None
    if not (-90 <= lat_f <= 90 and -180 <= lng_f <= 180 and 1 <= z_i <= 19):
        return None
    return lat_f, lng_f, z_i


def state_from_params(params: Mapping[str, str], catalog: Catalog
                      ) -> tuple[ExplorerState, list[IgnoredParam]]:
    """Rebuild the state from URL parameters; anything unusable is ignored and reported."""
    ids = [s.id for s in catalog.layers]
    lang = params.get("lang", "zh")
    basemap = params.get("bm", "offline")
    if "layers" in params:
        layers = tuple(x for x in params["layers"].split(",") if x in ids)
    else:
        layers = tuple(s.id for s in catalog.layers if s.visible)
    filters, ignored = FilterSet.from_params(params, declared_filters(catalog))
    return ExplorerState(
        lang=lang if lang in LANGS else "zh",
        basemap=basemap if basemap in {b.id for b in all_basemaps()} else "offline",
        layers=layers, view=parse_view(params.get("v")), filters=filters,
    ), ignored


def state_to_params(state: ExplorerState) -> dict[str, str]:
    """The URL parameters of ``state`` (the inverse of ``state_from_params``)."""
    out = {"lang": state.lang, "bm": state.basemap, "layers": ",".join(state.layers)}
    if state.view:
        lat, lng, z = state.view
        out["v"] = f"{lat:.5f},{lng:.5f},{z}"
    out.update(state.filters.to_params())
    return out


def spatial_context(frames: Mapping[str, gpd.GeoDataFrame], catalog: Catalog | None = None
                    ) -> SpatialContext:
    """What spatial filters bind to: the frames, the cached GK projection (one per frame
    object) and the layers' names as references (from ``catalog``)."""
    from layers.analysis import gk

    return SpatialContext(frames, project=gk, names=catalog.reference_names() if catalog else {})


def bind_filters(filters: FilterSet, frames: Mapping[str, gpd.GeoDataFrame],
                 catalog: Catalog | None = None) -> tuple[FilterSet, list[IgnoredParam]]:
    """``filters`` bound to ``frames`` (spatial references resolved); a filter whose reference
    cannot be resolved (a layer or feature that is not there) is left out and reported."""
    ctx = spatial_context(frames, catalog)
    kept, problems = [], []
    for f in filters.filters:
        try:
            kept.append(f.bind(ctx))
        except InvalidFilterError as exc:
            problems.append(IgnoredParam(f.param()[0], exc.zh, exc.en))
    return FilterSet(tuple(kept)), problems


def layer_masks(frames: Mapping[str, gpd.GeoDataFrame], specs: list[LayerSpec],
                filters: FilterSet, pushdown: Pushdown | None = None) -> dict[str, np.ndarray]:
    """Per layer, the boolean mask of the features the filters that apply to it keep
    (spatial filters are bound to ``frames`` first, see :func:`bind_filters`). The layers in
    ``pushdown`` (big ones in a PostGIS workspace) are filtered by their database, in SQL."""
    bound, _ = bind_filters(filters, frames)
    out = {}
    for spec in specs:
        frame = frames[spec.id]
        applied = bound.for_frame(spec, frame)
        out[spec.id] = pushdown.mask(spec, frame, applied) if pushdown and spec.id in pushdown \
            else applied.mask(frame).to_numpy(dtype=bool)
    return out


def value_labels(catalog: Catalog) -> dict[str, dict[str, tuple[str, str]]]:
    """field → value → (zh, en), for filter sentences."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for name in declared_filters(catalog):
        out[name] = {v: (vocab.label(v, "zh"), vocab.label(v, "en")) for v in vocab.VALUES_EN}
    return out


def field_labels(catalog: Catalog) -> dict[str, tuple[str, str]]:
    """Field name -> (zh, en) label, over every layer of ``catalog``."""
    out: dict[str, tuple[str, str]] = {}
    for spec in catalog.layers:
        out.update(spec.labels())
    out[",".join(TEXT_FIELDS)] = ("名称", "Name")
    out["name_zh,name_en"] = ("名称", "Name")  # links made before the opening names
    return out


def describe(state: ExplorerState, masks: Mapping[str, np.ndarray], specs: list[LayerSpec],
             catalog: Catalog, extra: list[tuple[str, str]] | None = None,
             frames: Mapping[str, gpd.GeoDataFrame] | None = None) -> str:
    """The sentence under the map: what is shown, under which conditions, with counts.

    ``extra`` are further conditions (zh, en) that features applied to the masks (e.g. spatial).
    """
    lang = state.lang
    if not specs:
        return t("no_visible", lang)
    sep = t("count_sep", lang)
    counts = sep.join(f"{s.name(lang)} {int(masks[s.id].sum())}/{len(masks[s.id])}" for s in specs)
    cond = state.filters.describe(lang, field_labels(catalog), value_labels(catalog))
    more = [pick(zh, en, lang) for zh, en in (extra or [])]
    if more:
        cond = t("and_sep", lang).join(([cond] if state.filters.filters else []) + more)
    # Only layers that no filter changed: a layer some filter applies to is never "not applicable".
    # With ``frames``, a context layer a name search left whole counts as not applicable too.
    def untouched(s: LayerSpec) -> bool:
        if frames is not None and s.id in frames:
            return not state.filters.for_frame(s, frames[s.id]).filters
        return not state.filters.for_layer(s).filters

    skipped = [s.name(lang) for s in specs if state.filters.filters and untouched(s)]
    note = t("not_applicable", lang, layers=sep.join(skipped)) if skipped else ""
    return t("showing", lang, cond=cond, counts=counts, note=note)


def category_options(frames: Mapping[str, gpd.GeoDataFrame], catalog: Catalog,
                     field_name: str) -> list[str]:
    """Distinct values of a category field over all layers declaring it (";" lists split)."""
    values: set[str] = set()
    for spec in catalog.layers:
        if field_name in spec.declared_kinds() and field_name in frames.get(spec.id, {}):
            values.update(per_frame(frames[spec.id], _category_values, field_name))
    return sorted(values)


def _category_values(frame: gpd.GeoDataFrame, field_name: str) -> frozenset[str]:
    """The distinct values of a field (";" lists split); each distinct cell looked at once."""
    out: set[str] = set()
    for v in frame[field_name].dropna().astype(str).unique():
        out.update(p for p in v.split(";") if p)
    return frozenset(out)


def accuracy_counts(frame: gpd.GeoDataFrame) -> tuple[tuple[str, int], ...]:
    """How many features of a layer have each positional accuracy (most frequent first)."""
    return per_frame(frame, _accuracy_counts)


def _accuracy_counts(frame: gpd.GeoDataFrame) -> tuple[tuple[str, int], ...]:
    return tuple((str(a), int(n)) for a, n in frame["accuracy"].value_counts().items())


def number_bounds(frames: Mapping[str, gpd.GeoDataFrame], catalog: Catalog,
                  field_name: str) -> tuple[float, float] | None:
    """(min, max) of a numeric field over the layers that declare it, or None."""
    vals = []
    for spec in catalog.layers:
        if field_name in spec.declared_kinds() and field_name in frames.get(spec.id, {}):
            vals.extend(per_frame(frames[spec.id], _number_range, field_name))
    return (min(vals), max(vals)) if vals else None


def _number_range(frame: gpd.GeoDataFrame, field_name: str) -> tuple[float, ...]:
    """(min, max) of a numeric field, or () when it holds no number."""
    col = frame[field_name].dropna().astype(float)
    return (float(col.min()), float(col.max())) if len(col) else ()


class ShownFrames(Mapping):
    """Layer id -> its shown features (``frame[mask]``), each built only when asked for: a
    rerun shows one layer's table, and copying every layer's rows (10^5 parcels) on every
    filter change was a tenth of the rerun."""

    def __init__(self, frames: Mapping[str, gpd.GeoDataFrame], masks: Mapping[str, object],
                 ids: list[str]):
        self._frames, self._masks, self._ids = frames, masks, list(ids)
        self._built: dict[str, gpd.GeoDataFrame] = {}

    def __getitem__(self, layer_id: str) -> gpd.GeoDataFrame:
        if layer_id not in self._ids:
            raise KeyError(layer_id)
        if layer_id not in self._built:
            self._built[layer_id] = self._frames[layer_id][self._masks[layer_id]]
        return self._built[layer_id]

    def __iter__(self):
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)
