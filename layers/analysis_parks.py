"""Park cards (园区名片) for investors, their side-by-side comparison, the printable card and the
"which park fits my industry?" ranking (no Streamlit).

Hosted firms and projects come from the sourced ``park`` attribute only; what merely lies inside
or near a park on the map is listed separately and labelled as a spatial relation.  Areas are
computed from a real polygon (approximate outlines say so), or stated with their source;
schematic outlines are labelled as such.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from geo import park_rank as pr
from geo.measure import format_area, m2_to_mu
from geo.overlay import overlaps
from layers import analysis as an
from layers import vocab
from layers.registry import CATALOG
from layers.spec import Catalog
from layers.text import localized, pick, t

NEAR_M = 3000  # "near" for the spatial relation of a point park (labelled as such)


def park_layer(cat: Catalog | None = None) -> str:
    """The id of the parks layer (role ``host_park``); KeyError if none is declared."""
    ids = (cat or CATALOG).ids_with("host_park")
    if not ids:
        raise KeyError("no layer declares the role host_park")
    return ids[0]


def hosting_layers(cat: Catalog | None = None) -> tuple[str, ...]:
    """Layers whose features name their park (a declared ``park`` field): firms first, the
    parks themselves (parks within parks) last."""
    specs = [s for s in (cat or CATALOG).layers if any(f.name == "park" for f in s.fields)]
    return tuple(s.id for s in sorted(specs, key=lambda s: 0 if s.has("firm") else 2 if s.has("host_park") else 1))


def rank_keys(cat: Catalog | None = None) -> tuple[str, ...]:
    """The references the ranking weighs (declared ``rank=True``)."""
    return tuple(r.key for _, r in an.decls(cat) if r.rank)


def _name(row: pd.Series, lang: str) -> str:
    return localized(row, "name", lang)


def hosted(data: dict, park_name: str, cat: Catalog | None = None) -> list[tuple[str, pd.Series]]:
    """(layer id, row) of every firm, project or park whose sourced ``park`` names the park."""
    out = []
    for lid in hosting_layers(cat):
        gdf = data.get(lid)
        if gdf is None or "park" not in gdf:
            continue
        for _, row in gdf.iterrows():
            if park_name in str(row.get("park") or "").split(";"):
                out.append((lid, row))
    return out


def area_text(row: pd.Series, lang: str) -> str:
    """The park's area as it may honestly be shown (computed / stated / schematic / unknown)."""
    parts = []
    ha = row.get("area_ha")
    geom = row.get("geometry")
    if row["accuracy"] == "schematic" and geom is not None and geom.geom_type != "Point":
        parts.append(t("pk.area_schematic_none", lang))
    elif ha is not None and not pd.isna(ha):
        shown = format_area(float(ha) * 1e4, lang)
        err = row.get("accuracy_m")
        edges = (t("pk.edges_unknown", lang) if err is None or pd.isna(err)
                 else t("pk.edges", lang, err=f"{err:,.0f}"))
        parts.append(t("pk.area_computed", lang, area=shown, edges=edges))
    stated = row.get("area_ha_stated")
    if stated is not None and not pd.isna(stated):
        mu = f"{m2_to_mu(float(stated) * 1e4):,.0f}"
        parts.append(t("pk.area_stated", lang, ha=f"{float(stated):g}", mu=mu))
    return t("clause_sep", lang).join(parts) if parts else t("pk.area_none", lang)


def _spatial(data: dict, idx: int, lang: str, cat: Catalog | None) -> str:
    """Features inside (polygon park) or within NEAR_M of (point park) the park, labelled."""
    pid = park_layer(cat)
    parks = data[pid]
    row = parks.iloc[idx]
    geom = an.gk(parks)[idx]
    if row["accuracy"] == "schematic" and geom.geom_type == "Point":
        return t("pk.spatial_point", lang)
    area = geom if geom.geom_type != "Point" else geom.buffer(NEAR_M)
    names = []
    for lid in hosting_layers(cat):
        if lid in data and lid != pid:
            names += [_name(data[lid].iloc[o.position], lang) for o in overlaps(an.gk(data[lid]), area)]
    head = (t("pk.spatial_inside", lang) if geom.geom_type != "Point"
            else t("pk.spatial_near", lang, km=f"{NEAR_M / 1000:g}"))
    return head + (t("list_sep", lang).join(names) if names else t("pk.none", lang))


def _listing(items: list[tuple[str, pd.Series]], lids: tuple[str, ...], lang: str) -> str:
    rows = [(lid, r) for lid, r in items if lid in lids]
    if not rows:
        return t("pk.none_sourced", lang)
    return t("clause_sep", lang).join(
        t("pk.with_cluster", lang, name=_name(r, lang), cluster=vocab.label(r.get("cluster") or "—", lang))
        for _, r in rows)


def card(data: dict, idx: int, lang: str, cat: Catalog | None = None) -> list[tuple[str, str]]:
    """The park card of the parks layer's row ``idx``: (label, text) rows in display order."""
    pid = park_layer(cat)
    row = data[pid].iloc[idx]
    items = hosted(data, str(row["name_zh"]), cat)
    prox = an.proximity(data, pid, cat).iloc[idx]
    hosting = hosting_layers(cat)
    firms = tuple(i for i in hosting if (cat or CATALOG).get(i).has("firm"))
    sources = list(dict.fromkeys(p.strip() for _, r in items
                                 for p in str(r.get("park_source") or "").split("；") if p.strip()))
    clusters = {c for _, r in items for c in str(r.get("cluster") or "").split(";") if c}
    rows = [
        (t("pk.name", lang), f"{row['name_zh']} / {row.get('name_en') or ''}"),
        (t("pk.kind_status", lang),
         f"{vocab.label(row['kind'], lang)} · {vocab.label(row.get('status') or '—', lang)}"),
        (t("pk.area", lang), area_text(row, lang)),
        (t("pk.leading", lang),
         vocab.label(row.get("cluster") or "—", lang) if row.get("cluster") else t("pk.not_stated", lang)),
        (t("pk.hosted_clusters", lang), vocab.label(";".join(sorted(clusters)), lang) if clusters else "—"),
        (t("pk.firms", lang), _listing(items, firms, lang)),
        (t("pk.projects", lang), _listing(items, tuple(i for i in hosting if i not in firms), lang)),
        (t("pk.link_source", lang), t("clause_sep", lang).join(sources) or "—"),
        (t("pk.spatial", lang), _spatial(data, idx, lang, cat)),
    ]
    for key, (zh, en) in an.ref_labels(cat).items():
        if f"{key}_m" in prox:
            rows.append((t("an.to_ref_line", lang, ref=pick(zh, en, lang)), an.phrase(prox, key, lang)))
    acc = vocab.label(row["accuracy"], lang)
    if not pd.isna(row.get("accuracy_m")):
        acc += t("pk.error_radius", lang, m=f"{row['accuracy_m']:,.0f}")
    rows += [(t("pk.accuracy", lang), acc),
             (t("pk.plan_quote", lang), localized(row, "plan_quote", lang, mark=True) or "—"),
             (t("pk.note", lang), localized(row, "note", lang, mark=True) or "—"),
             (t("pk.source", lang), str(row.get("source") or "—"))]
    return rows


def compare(data: dict, indices: list[int], lang: str, cat: Catalog | None = None) -> pd.DataFrame:
    """2–3 park cards side by side: one row per card item, one column per park."""
    cards = [card(data, i, lang, cat) for i in indices]
    labels = [label for label, _ in cards[0]] if cards else []
    cols = {}
    for i, c in zip(indices, cards, strict=True):
        name = _name(data[park_layer(cat)].iloc[i], lang)
        cols[name if name not in cols else f"{name} ({i})"] = [text for _, text in c]
    return pd.DataFrame({t("pk.item", lang): labels, **cols})


CARD_CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em;margin:0 0 .2em}p.sub{color:#555;margin:0 0 1em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.4em .6em;vertical-align:top;text-align:left}
th{background:#f1f1f4;width:22%}p.foot{font-size:.85em;color:#555;margin-top:1em}
@media print{body{margin:1cm}th{background:#eee!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}
tr{page-break-inside:avoid}}"""


def card_html(rows: list[tuple[str, str]], title: str, lang: str) -> str:
    """A self-contained printable HTML page of one card (or a comparison given as rows whose
    text cells are joined); every text escaped with html.escape, no external request."""
    esc = html.escape
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    sub, foot = t("pk.sub", lang), t("pk.foot", lang)
    return (f'<!doctype html><html lang="{t("html_lang", lang)}"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title><style>{CARD_CSS}</style></head><body><h1>{esc(title)}</h1>"
            f'<p class="sub">{esc(sub)}</p><table>{body}</table><p class="foot">{esc(foot)}</p>'
            "</body></html>")


def compare_html(table: pd.DataFrame, lang: str) -> str:
    """The comparison table as a printable page (header row = park names), escaped."""
    esc = html.escape
    head = "".join(f"<th>{esc(str(c))}</th>" for c in table.columns)
    rows = "".join("<tr>" + "".join(f"<td>{esc(str(v))}</td>" for v in r) + "</tr>"
                   for r in table.itertuples(index=False))
    title = esc(t("pk.compare_title", lang))
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title><style>{CARD_CSS}'
            f"</style></head><body><h1>{title}</h1><table><tr>{head}</tr>{rows}</table></body></html>")


def park_facts(data: dict, cat: Catalog | None = None) -> list[pr.ParkFacts]:
    """Every park as ranking input: stated clusters, sourced hosted items, transport distances."""
    pid = park_layer(cat)
    parks = data[pid]
    prox = an.proximity(data, pid, cat)
    keys = rank_keys(cat)
    out = []
    for i in range(len(parks)):
        row = parks.iloc[i]
        items = [pr.Hosted(str(r["name_zh"]), lid, frozenset(str(r.get("cluster") or "").split(";")) - {""})
                 for lid, r in hosted(data, str(row["name_zh"]), cat)]
        dist = {k: float(prox.iloc[i][f"{k}_m"]) for k in keys if f"{k}_m" in prox}
        out.append(pr.ParkFacts(str(row["name_zh"]), frozenset(str(row.get("cluster") or "").split(";")) - {""},
                                tuple(items), dist))
    return out


def ranking(data: dict, cluster: str, lang: str, cat: Catalog | None = None) -> pd.DataFrame:
    """The ranked parks for ``cluster`` as a table: rank, park, reasons (one text)."""
    names_of = an.ref_labels(cat)
    labels = {k: names_of[k] for k in rank_keys(cat)}
    ranked = pr.rank_parks(park_facts(data, cat), cluster, labels, vocab.label(cluster, "en"))
    names = {str(r["name_zh"]): _name(r, lang) for _, r in data[park_layer(cat)].iterrows()}
    return pd.DataFrame({
        t("pk.rank", lang): [r.rank for r in ranked],
        t("pk.park", lang): [names.get(r.name, r.name) for r in ranked],
        t("pk.related", lang): [len(r.hosted) for r in ranked],
        t("pk.mean_m", lang): [None if math.isinf(r.mean_km) else round(r.mean_km * 1000) for r in ranked],
        t("pk.reasons", lang): [t("clause_sep", lang).join(pick(z, e, lang) for z, e in r.reasons) for r in ranked],
    })
