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


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _name(row: pd.Series, lang: str) -> str:
    return str(row["name_zh"] if lang == "zh" else row.get("name_en") or row["name_zh"])


def _pick(row: pd.Series, field: str, lang: str) -> str:
    """A bilingual data field (``note_zh``/``note_en``, ``plan_quote``/``plan_quote_en``) in
    ``lang``; the Chinese where the English is missing; "—" when empty."""
    zh_col = "plan_quote" if field == "plan_quote" else f"{field}_zh"
    cols = (zh_col,) if lang == "zh" else (f"{field}_en", zh_col)
    for col in cols:
        value = row.get(col)
        if value is not None and not pd.isna(value) and str(value).strip():
            return str(value)
    return "—"


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
        parts.append(_t(lang, "示意范围：不计算面积（示意形状的面积不是园区实际面积）",
                        "schematic outline: no area is computed (its area would not be the park's)"))
    elif ha is not None and not pd.isna(ha):
        shown = format_area(float(ha) * 1e4, lang)
        err = row.get("accuracy_m")
        if err is None or pd.isna(err):
            e_zh, e_en = "边界误差未知", "edge error unknown"
        else:
            e_zh, e_en = f"边界±{err:,.0f} 米", f"edges ±{err:,.0f} m"
        parts.append(_t(lang, f"{shown}（按近似范围计算，CGCS2000高斯-克吕格，{e_zh}）",
                        f"{shown} (computed from the approximate outline, CGCS2000 GK; {e_en})"))
    stated = row.get("area_ha_stated")
    if stated is not None and not pd.isna(stated):
        mu = f"{m2_to_mu(float(stated) * 1e4):,.0f}"
        parts.append(_t(lang, f"来源数据：{float(stated):g} 公顷（{mu} 亩）（来源见“来源”）",
                        f"stated: {float(stated):g} ha ({mu} mu) (see Source)"))
    return "；".join(parts) if parts else _t(lang, "未公布（无公开边界，不计算面积）",
                                             "not published (no public boundary; not computed)")


def _spatial(data: dict, idx: int, lang: str, cat: Catalog | None) -> str:
    """Features inside (polygon park) or within NEAR_M of (point park) the park, labelled."""
    pid = park_layer(cat)
    parks = data[pid]
    row = parks.iloc[idx]
    geom = an.gk(parks)[idx]
    if row["accuracy"] == "schematic" and geom.geom_type == "Point":
        return _t(lang, "园区画在示意代表点，无法判断空间包含", "The park is a representative point: no spatial test")
    area = geom if geom.geom_type != "Point" else geom.buffer(NEAR_M)
    names = []
    for lid in hosting_layers(cat):
        if lid in data and lid != pid:
            names += [_name(data[lid].iloc[o.position], lang) for o in overlaps(an.gk(data[lid]), area)]
    head = (_t(lang, "位于范围内（仅按图上位置，不代表归属）：", "Inside the outline (by map position only, not a tenancy): ")
            if geom.geom_type != "Point" else
            _t(lang, f"{NEAR_M / 1000:g} 公里内（仅按图上位置，不代表归属）：",
               f"Within {NEAR_M / 1000:g} km (by map position only, not a tenancy): "))
    return head + ("、".join(names) if names else _t(lang, "无", "none"))


def _listing(items: list[tuple[str, pd.Series]], lids: tuple[str, ...], lang: str) -> str:
    rows = [(lid, r) for lid, r in items if lid in lids]
    if not rows:
        return _t(lang, "无（没有来源）", "none (no source)")
    return "；".join(f"{_name(r, lang)}（{vocab.label(r.get('cluster') or '—', lang)}）" for _, r in rows)


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
        (_t(lang, "名称", "Name"), f"{row['name_zh']} / {row.get('name_en') or ''}"),
        (_t(lang, "类型 · 状态", "Kind · status"),
         f"{vocab.label(row['kind'], lang)} · {vocab.label(row.get('status') or '—', lang)}"),
        (_t(lang, "面积", "Area"), area_text(row, lang)),
        (_t(lang, "主导产业（规划/来源）", "Leading industries (plan/source)"),
         vocab.label(row.get("cluster") or "—", lang) if row.get("cluster") else _t(lang, "未说明", "not stated")),
        (_t(lang, "入驻企业/项目的产业", "Industries of its firms/projects"),
         vocab.label(";".join(sorted(clusters)), lang) if clusters else "—"),
        (_t(lang, "企业（有来源）", "Firms (sourced)"), _listing(items, firms, lang)),
        (_t(lang, "规划项目/园中园（有来源）", "Plan projects / parks within (sourced)"),
         _listing(items, tuple(i for i in hosting if i not in firms), lang)),
        (_t(lang, "归属来源", "Source of these links"), "；".join(sources) or "—"),
        (_t(lang, "空间关系（非归属）", "Spatial relation (not tenancy)"), _spatial(data, idx, lang, cat)),
    ]
    for key, (zh, en) in an.ref_labels(cat).items():
        if f"{key}_m" in prox:
            rows.append((_t(lang, f"距{zh}（直线）", f"To {en} (straight line)"), an.phrase(prox, key, lang)))
    acc = vocab.label(row["accuracy"], lang)
    if not pd.isna(row.get("accuracy_m")):
        acc += _t(lang, f"，误差半径约 {row['accuracy_m']:,.0f} 米", f", error radius ~{row['accuracy_m']:,.0f} m")
    rows += [(_t(lang, "位置精度", "Positional accuracy"), acc),
             (_t(lang, "规划原文", "Plan wording"), _pick(row, "plan_quote", lang)),
             (_t(lang, "说明", "Note"), _pick(row, "note", lang)),
             (_t(lang, "来源", "Source"), str(row.get("source") or "—"))]
    return rows


def compare(data: dict, indices: list[int], lang: str, cat: Catalog | None = None) -> pd.DataFrame:
    """2–3 park cards side by side: one row per card item, one column per park."""
    cards = [card(data, i, lang, cat) for i in indices]
    labels = [label for label, _ in cards[0]] if cards else []
    cols = {}
    for i, c in zip(indices, cards, strict=True):
        name = _name(data[park_layer(cat)].iloc[i], lang)
        cols[name if name not in cols else f"{name} ({i})"] = [text for _, text in c]
    return pd.DataFrame({_t(lang, "项目", "Item"): labels, **cols})


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
    sub = _t(lang, "章丘规划一张图 · 园区名片（距离均为直线距离，位置精度见表内）",
             "Zhangqiu Planning Explorer · park card (all distances are straight-line; see accuracy)")
    foot = _t(lang, "面积与距离在CGCS2000高斯-克吕格（中央经线117°E）下计算；企业与项目的园区归属来自所列来源，"
              "空间关系仅按图上位置。", "Areas and distances computed in CGCS2000 Gauss-Krüger CM 117°E; "
              "firms and projects are linked to a park only by the cited sources.")
    return (f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title><style>{CARD_CSS}</style></head><body><h1>{esc(title)}</h1>"
            f'<p class="sub">{esc(sub)}</p><table>{body}</table><p class="foot">{esc(foot)}</p>'
            "</body></html>")


def compare_html(table: pd.DataFrame, lang: str) -> str:
    """The comparison table as a printable page (header row = park names), escaped."""
    esc = html.escape
    head = "".join(f"<th>{esc(str(c))}</th>" for c in table.columns)
    rows = "".join("<tr>" + "".join(f"<td>{esc(str(v))}</td>" for v in r) + "</tr>"
                   for r in table.itertuples(index=False))
    title = _t(lang, "园区对比", "Park comparison")
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
        _t(lang, "名次", "Rank"): [r.rank for r in ranked],
        _t(lang, "园区", "Park"): [names.get(r.name, r.name) for r in ranked],
        _t(lang, "有来源的相关企业/项目", "Sourced related firms/projects"): [len(r.hosted) for r in ranked],
        _t(lang, "交通平均直线距离（米）", "Mean transport distance (m, straight line)"):
            [None if math.isinf(r.mean_km) else round(r.mean_km * 1000) for r in ranked],
        _t(lang, "理由", "Reasons"): ["；".join(z if lang == "zh" else e for z, e in r.reasons) for r in ranked],
    })
