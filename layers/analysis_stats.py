"""Plan statistics linked to the map (no Streamlit): the named plan items that are mapped and
shown under the current filters, counted by action, industry cluster, park, 街道/镇 and status,
with the stated figures (亩, 亿元) summed only when every value is known.

Towns have no boundaries in the data (seat points only), so an item is counted by town only as
far as the seats allow, and the table by town says per row how (``town_how``): a point goes to
its nearest seat; an outline holding several seats is counted once under "跨街道/镇" (several
towns) with the seats it holds, never given to one of them; an outline holding one seat goes to
that seat, one holding none to the nearest; a schematic (representative) point is not assigned.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from geo import proximity as px
from layers import analysis as an
from layers import vocab
from layers.load import published_total
from layers.registry import CATALOG
from layers.spec import Catalog
from layers.text import t

DIMENSIONS = ("action", "cluster", "park", "town", "status")
FIGURES = ("area_mu", "investment_yi")  # stated figures; unit and heading: catalog "st.unit."/"st.head."


def dim_label(dim: str, lang: str) -> str:
    """The heading of a statistics dimension (catalog "st.dim.<dim>")."""
    return t(f"st.dim.{dim}", lang)


SEVERAL, UNASSIGNED = "跨街道/镇", "位置示意，未归属"
HOW = {k: (t(f"st.how_{k}", "zh"), t(f"st.how_{k}", "en")) for k in ("nearest", "one", "none", "schematic")}


def _seats(data: dict, cat: Catalog | None):
    ids = [i for i in (cat or CATALOG).ids_with("seat") if i in data]
    return data[ids[0]] if ids else None


def _towns(data: dict, lid: str, cat: Catalog | None) -> tuple[list[str], list[tuple[str, str]]]:
    """Per feature of ``lid``: its town group and how it was assigned (zh, en)."""
    gdf = data[lid]
    towns = _seats(data, cat)
    if towns is None or not len(towns):
        return [""] * len(gdf), [("", "")] * len(gdf)
    names = tuple(towns["name_zh"].astype(str))
    names_en = tuple(towns["name_en"].astype(str)) if "name_en" in towns else names
    seats = an.gk(towns)
    ref = px.Reference("town", "", "", seats, names, (), ())
    geoms = an.gk(gdf)
    _, idx = px.nearest(geoms, ref)
    group, how = [], []
    for k, (geom, i) in enumerate(zip(geoms, idx, strict=True)):
        nearest = ref.names[i] if i >= 0 else ""
        if geom is None or geom.geom_type == "Point":
            schematic = str(gdf["accuracy"].iloc[k]) == "schematic" if "accuracy" in gdf else False
            group.append(UNASSIGNED if schematic else nearest)
            how.append(HOW["schematic" if schematic else "nearest"])
            continue
        inside = [j for j, seat in enumerate(seats) if shapely.covers(geom, seat)]
        if len(inside) >= 2:
            zh = "、".join(names[j].removesuffix("街道") for j in inside)
            en = ", ".join(names_en[j] for j in inside)
            nz, ne = str(gdf["name_zh"].iloc[k]), str(gdf["name_en"].iloc[k])
            group.append(SEVERAL)
            how.append((t("st.how_several", "zh", name=nz, seats=zh), t("st.how_several", "en", name=ne, seats=en)))
        else:
            group.append(names[inside[0]] if inside else nearest)
            how.append(HOW["one" if inside else "none"])
    return group, how


def _layer_items(data: dict, lid: str, cat: Catalog | None) -> pd.DataFrame:
    gdf = data[lid]
    frame = pd.DataFrame({"layer": lid, "pos": np.arange(len(gdf)),
                          "name_zh": gdf["name_zh"].astype(str).to_numpy(),
                          "name_en": gdf["name_en"].astype(str).to_numpy()})
    for col in ("action", "cluster", "park", "status"):
        frame[col] = gdf[col].fillna("").astype(str).to_numpy() if col in gdf else ""
    for col in FIGURES:
        frame[col] = pd.to_numeric(gdf[col], errors="coerce").to_numpy() if col in gdf else np.nan
    frame["town"], hows = _towns(data, lid, cat)
    towns = _seats(data, cat)
    en = dict(zip(towns["name_zh"], towns["name_en"], strict=True)) if towns is not None and "name_en" in towns else {}
    frame["town_en"] = [en.get(t) or vocab.label(t, "en") for t in frame["town"]]
    frame["town_how_zh"] = [h[0] for h in hows]
    frame["town_how_en"] = [h[1] for h in hows]
    return frame[frame["action"] != ""]


def plan_items(data: dict, masks: dict | None = None, cat: Catalog | None = None) -> pd.DataFrame:
    """The named plan items (features with an ``action``) of the item layers, one row each;
    with ``masks`` only the shown ones (a layer not in ``masks`` is not shown)."""
    parts = []
    seats = _seats(data, cat)
    for lid in an.item_layers(cat):
        if lid not in data:
            continue
        frame = an.memo(("items", lid, id(data[lid]), id(seats)),
                        (data[lid], *([seats] if seats is not None else [])),
                        lambda lid=lid: _layer_items(data, lid, cat))
        if masks is not None:
            if lid not in masks:
                continue
            frame = frame[np.asarray(masks[lid], dtype=bool)[frame["pos"].to_numpy()]]
        parts.append(frame)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def stated_sum(values: pd.Series) -> tuple[int, int, float | None]:
    """(known, total, sum): the sum only when every value is known, else None (never a total
    over unknown values)."""
    vals = pd.to_numeric(values, errors="coerce")
    known = int(vals.notna().sum())
    total = len(vals)
    return known, total, float(vals.sum()) if total and known == total else None


def figure_text(values: pd.Series, unit: str, lang: str) -> str:
    """A stated-figure cell: "370 亩" (all known), "1/2 项已公布：370（未合计）" otherwise."""
    known, total, s = stated_sum(values)
    if not total or not known:
        return "—"
    if s is not None:
        return f"{s:,.6g} {unit}"
    listed = t("list_sep", lang).join(f"{v:,.6g}" for v in pd.to_numeric(values, errors="coerce").dropna())
    return t("st.partial", lang, known=known, total=total, listed=listed, unit=unit)


def by(items: pd.DataFrame, dim: str, lang: str) -> pd.DataFrame:
    """Counts (and stated figures) of the items by one dimension; multi-values (a;b) count in
    each group, so group counts may add up to more than the items."""
    if items.empty:
        return pd.DataFrame()
    exploded = items.assign(_g=items[dim].str.split(";")).explode("_g")
    exploded["_g"] = exploded["_g"].fillna("").replace("", t("st.not_stated", lang))
    rows = []
    for group, sub in exploded.groupby("_g", sort=True):
        shown = (sub["town_en"].iloc[0] if dim == "town" and lang == "en" and "town_en" in sub
                 else vocab.label(group, lang))
        row = {dim_label(dim, lang): shown, t("st.count", lang): len(sub)}
        for col in FIGURES:
            row[t(f"st.head.{col}", lang)] = figure_text(sub[col], t(f"st.unit.{col}", lang), lang)
        if dim == "town" and f"town_how_{lang}" in sub:
            row[t("st.how", lang)] = t("clause_sep", lang).join(dict.fromkeys(sub[f"town_how_{lang}"]))
        rows.append(row)
    return pd.DataFrame(rows)


def coverage(data: dict, totals: pd.DataFrame, lang: str, cat: Catalog | None = None) -> str:
    """Mapped named plan items vs the published project count, without claiming a match."""
    items = plan_items(data, cat=cat)
    projects = (cat or CATALOG).ids_with("project")
    n_proj = int(items["layer"].isin(projects).sum()) if not items.empty else 0
    total = int(published_total(totals, "projects_count"))
    return t("st.coverage", lang, items=len(items), projects=n_proj, total=total)
