"""The explorer's state and logic, without Streamlit: URL state, filters over layers, the sentence.

Filters are global: each applies to every visible layer that declares its field as filterable,
and the sentence names the layers it does not apply to.  URL parameters:
``lang``, ``bm`` (basemap), ``layers`` (comma-separated ids), ``v`` (``lat,lng,zoom``, written by
the map itself on pan/zoom) and one ``f.<field>`` per filter (see ``geo.filter_params``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np

from geo.filter_params import IgnoredParam
from geo.filters import (  # noqa: F401  (re-exported for the UI)
    CategoryFilter,
    FilterSet,
    RangeFilter,
    TextFilter,
    YearRangeFilter,
    build_filter,
)
from layers import vocab
from layers.basemaps import all_basemaps
from layers.i18n import t
from layers.spec import Catalog, LayerSpec

# The name search: names in both languages and other names (Line 8's opening names); a layer
# without some of these columns is searched in the ones it has.
TEXT_FIELDS = ("name_zh", "name_en", "alias_zh", "alias_en")
LANGS = ("zh", "en")


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


def _applies(spec: LayerSpec, flt) -> bool:
    kinds = spec.declared_kinds()
    if isinstance(flt, TextFilter):
        return "name_zh" in kinds
    return flt.field in kinds


def _for_layer(flt, gdf: gpd.GeoDataFrame):
    """``flt`` as it applies to ``gdf``: a text search keeps the fields the layer has."""
    if isinstance(flt, TextFilter):
        fields = tuple(f for f in flt.fields if f in gdf.columns)
        return TextFilter(fields, flt.text) if fields else None
    return flt


def layer_masks(frames: Mapping[str, gpd.GeoDataFrame], specs: list[LayerSpec],
                filters: FilterSet) -> dict[str, np.ndarray]:
    """Per layer, the boolean mask of the features the filters keep."""
    out = {}
    for spec in specs:
        gdf = frames[spec.id]
        own = FilterSet(tuple(g for g in (_for_layer(f, gdf) for f in filters.filters
                                          if _applies(spec, f)) if g is not None))
        out[spec.id] = own.mask(gdf).to_numpy(dtype=bool)
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
             catalog: Catalog, extra: list[tuple[str, str]] | None = None) -> str:
    """The sentence under the map: what is shown, under which conditions, with counts.

    ``extra`` are further conditions (zh, en) that features applied to the masks (e.g. spatial).
    """
    lang = state.lang
    if not specs:
        return t("no_visible", lang)
    sep = "、" if lang == "zh" else "; "
    counts = sep.join(f"{s.name(lang)} {int(masks[s.id].sum())}/{len(masks[s.id])}" for s in specs)
    cond = state.filters.describe(lang, field_labels(catalog), value_labels(catalog))
    more = [zh if lang == "zh" else en for zh, en in (extra or [])]
    if more:
        joiner = "，且 " if lang == "zh" else ", and "
        cond = joiner.join(([cond] if state.filters.filters else []) + more)
    skipped = [s.name(lang) for s in specs
               if state.filters.filters and not all(_applies(s, f) for f in state.filters.filters)]
    note = t("not_applicable", lang, layers=sep.join(skipped)) if skipped else ""
    if lang == "zh":
        return f"显示（{cond}）：{counts}{note}"
    return f"Showing {cond}: {counts}{note}"


def category_options(frames: Mapping[str, gpd.GeoDataFrame], catalog: Catalog,
                     field_name: str) -> list[str]:
    """Distinct values of a category field over all layers declaring it (";" lists split)."""
    values: set[str] = set()
    for spec in catalog.layers:
        if field_name in spec.declared_kinds() and field_name in frames.get(spec.id, {}):
            for v in frames[spec.id][field_name].dropna().astype(str):
                values.update(p for p in v.split(";") if p)
    return sorted(values)


def number_bounds(frames: Mapping[str, gpd.GeoDataFrame], catalog: Catalog,
                  field_name: str) -> tuple[float, float] | None:
    """(min, max) of a numeric field over the layers that declare it, or None."""
    vals = []
    for spec in catalog.layers:
        if field_name in spec.declared_kinds() and field_name in frames.get(spec.id, {}):
            vals.extend(frames[spec.id][field_name].dropna().astype(float).tolist())
    return (min(vals), max(vals)) if vals else None
