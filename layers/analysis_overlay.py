"""Overlay and red-line screening over the catalog's layers (no Streamlit).

The area is any polygon feature of a bundled or imported layer, or a shape drawn on the map;
for every other chosen layer it lists what lies inside, with counts, lengths and areas in
CGCS2000 GK.  A screening (初步筛查) of drawn positions with their own accuracy: not a legal
review.
"""

from __future__ import annotations

import pandas as pd
import shapely

from geo import overlay as ov
from geo.measure import format_area, format_length
from layers import analysis as an
from layers import vocab
from layers.spec import Catalog
from layers.text import localized, t


def polygon_features(data: dict, cat: Catalog) -> list[tuple[str, int]]:
    """(layer id, row) of every polygon feature of the catalog's layers, bundled or imported."""
    out = []
    for spec in cat.layers:
        gdf = data.get(spec.id)
        if gdf is None or not len(gdf):
            continue
        kinds = shapely.get_type_id(an.gk(gdf))
        out += [(spec.id, int(i)) for i, k in enumerate(kinds) if k in (3, 6)]
    return out


def feature_label(data: dict, cat: Catalog, lid: str, idx: int, lang: str) -> str:
    """"layer · name" of one feature, with 示意/schematic when it is."""
    row = data[lid].iloc[idx]
    name = localized(row, "name", lang) or f"#{idx + 1}"
    tag = t("schematic_tag", lang) if row.get("accuracy") == "schematic" else ""
    return f"{cat.get(lid).name(lang)} · {name}{tag}"


def _detail(data: dict, lid: str, o: ov.Overlap, lang: str) -> dict:
    row = data[lid].iloc[o.position]
    what = (format_area(o.area_m2, lang) if o.area_m2 else format_length(o.length_m, lang)
            if o.length_m else t("an.ov.point_inside", lang))
    return {"name": localized(row, "name", lang) or f"#{o.position + 1}",
            "inside": what, "share": f"{o.share:.0%}",
            "accuracy": vocab.label(row.get("accuracy") or "", lang)}


def report(data: dict, cat: Catalog, area: shapely.Geometry, layer_ids: list[str], lang: str,
           skip: tuple[str, int] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-layer summary, per-feature details) of what of ``layer_ids`` lies in ``area``
    (EPSG:4548); ``skip`` leaves out the feature that is the area itself."""
    h = {k: t(f"an.ov.{k}", lang) for k in ("layer", "inside_n", "length", "area", "name", "inside",
                                             "share", "accuracy")}
    summary, details = [], []
    for lid in layer_ids:
        if lid not in data:
            continue
        s = ov.summarise(an.gk(data[lid]), area)
        items = [o for o in s.items if skip is None or (lid, o.position) != skip]
        summary.append({
            h["layer"]: cat.get(lid).name(lang),
            h["inside_n"]: f"{len(items)} / {s.total}",
            h["length"]: format_length(sum(o.length_m for o in items), lang)
            if any(o.length_m for o in items) else "—",
            h["area"]: format_area(s.area_m2, lang) if s.area_m2 and not skip
            else (format_area(sum(o.area_m2 for o in items), lang) if any(o.area_m2 for o in items) else "—"),
        })
        for o in items:
            d = _detail(data, lid, o, lang)
            details.append({h["layer"]: cat.get(lid).name(lang), h["name"]: d["name"],
                            h["inside"]: d["inside"], h["share"]: d["share"], h["accuracy"]: d["accuracy"]})
    return pd.DataFrame(summary), pd.DataFrame(details)
