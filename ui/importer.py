"""Import panel: upload → read in the sandbox → choose encoding/CRS when the file does not say →
preview (map, sample, report) → "add as layer" → a workspace layer like any bundled one.

Safety: uploaded bytes go to a server-made temp path (``geo.ingest.stage_upload`` keeps only an
allow-listed extension); every string from the file reaches the page through widgets that show
text literally (st.dataframe, text inputs) or through ``md_plain``; no ``unsafe_allow_html``.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.errors import IngestError
from geo.export import CRS_LABELS
from geo.ingest import SUPPORTED_EXTENSIONS, Limits, read_file_safely, stage_upload
from layers import imported as imp
from layers.basemaps import get_basemap
from layers.map.elements import fit_bounds
from layers.render import build_map, state_group
from layers.text import md_plain, pick, t
from ui import import_state as ss
from ui import state as session
from ui.context import PageContext
from ui.import_add import add_all_form, add_form, imported_layers
from ui.uploader import file_uploader

PREVIEW_MAX = 3000
OTHER = "__other__"
EXTRA_CRS = ("EPSG:4326", "EPSG:4490", "EPSG:4527", "EPSG:4548", "gcj02", "bd09")
UPLOAD_TYPES = [e.lstrip(".") for e in SUPPORTED_EXTENSIONS] + ["shx", "dbf", "prj", "cpg"]


def import_panel(ctx: PageContext) -> None:
    """The "导入数据 / Import data" section (below the map)."""
    lang = ctx.lang
    with st.expander(t("io.imp_title", lang), expanded=ss.busy()):
        ss.show_flash(lang)
        st.caption(t("io.imp_help", lang))
        files = file_uploader(t("io.imp_file", lang), UPLOAD_TYPES, lang, accept_multiple_files=True,
                              key=ss.uploader_key())
        upload = _staged(files, lang)
        if upload:
            _pending(ctx, upload, lang)
        imported_layers(ctx, lang)


def _staged(files, lang: str) -> dict | None:
    """The upload staged on a server-made path (once per new set of files)."""
    if not files:
        ss.forget_upload()
        return None
    ident = tuple((f.file_id, f.size) for f in files)
    cur = session.get(session.IMP_UPLOAD)
    if cur and cur["ident"] == ident:
        return cur
    ss.forget_upload()
    try:
        path = stage_upload([(f.name, f.getbuffer()) for f in files], upload_limits())  # no copy
    except IngestError as exc:
        st.error(md_plain(t("io.imp_failed", lang, why=exc.message(lang))))
        return None
    names = [imp.display_filename(f.name) for f in files]
    session.put(session.IMP_UPLOAD, {"ident": ident, "path": str(path), "names": names})
    return session.get(session.IMP_UPLOAD)


def upload_limits() -> Limits:
    """The reading limits for an upload, from the configured upload size (``server.maxUploadSize``,
    1 GB in .streamlit/config.toml): time and memory grow with it."""
    mb = int(st.get_option("server.maxUploadSize"))
    return Limits(max_bytes=mb * 2**20, timeout_s=max(60.0, mb * 0.6), memory_mb=max(1024, 4 * mb),
                  zip_max_total_mb=max(500, 4 * mb))


def _read(upload: dict, encoding: str | None, crs: str | None, swap: bool, lang: str,
          layer: str | None = None):
    """(frame, result) of the sandboxed read, cached per upload and choice for this session."""
    reads = session.setdefault(session.IMP_READS, {})
    key = (upload["ident"], encoding, crs, swap, layer)
    if key not in reads:
        with st.spinner(t("io.imp_reading", lang)):
            reads[key] = read_file_safely(upload["path"], encoding=encoding, crs=crs, lang=lang,
                                          swap_xy=swap, layer=layer, limits=upload_limits())
    return reads[key]


ALL_LAYERS = "*"


def _layer_choice(base, lang: str) -> str | None:
    """Which layer of a multi-layer GeoPackage / zip to import (None: the file has one)."""
    if len(base.layers) < 2:
        return None
    options = [*base.layers, ALL_LAYERS]
    return st.selectbox(t("io.imp_layer", lang, n=len(base.layers)), options, key="imp.layer",
                        index=options.index(base.layer) if base.layer in options else 0,
                        format_func=lambda v: t("io.imp_layer_all", lang) if v == ALL_LAYERS else v)


def _pending(ctx: PageContext, upload: dict, lang: str) -> None:
    _, first = _read(upload, None, None, False, lang)
    layer = _layer_choice(first, lang)
    if layer == ALL_LAYERS:
        add_all_form(ctx, upload, first.layers, lambda name: _read(upload, None, None, False, lang, name), lang)
        return
    _, base = (None, first) if layer in (None, first.layer) else _read(upload, None, None, False, lang, layer)
    if base.error_kind not in (None, "crs_missing", "crs_invalid", "encoding"):
        st.error(md_plain(t("io.imp_failed", lang, why=pick(*base.error, lang))))
        _messages(base, lang)
        return
    encoding = _encoding_choice(base, lang)
    crs, swap = _crs_choice(base, lang)
    if encoding is _UNSET or crs is None:
        st.info(t("io.imp_choose_first", lang))
        if base.sample:
            st.markdown(f"**{t('io.imp_sample', lang)}**")
            st.dataframe(_text_table(pd.DataFrame(base.sample)), hide_index=True)
        _messages(base, lang)
        return
    as_read = encoding is None and not swap and base.usable and crs == base.crs
    gdf, res = _read(upload, *((None, None, False) if as_read else (encoding, crs, swap)), lang,
                     None if layer in (None, first.layer) else layer)
    if gdf is None or not res.usable:
        st.error(md_plain(t("io.imp_failed", lang, why=pick(*res.error or ("?", "?"), lang))))
        _messages(res, lang)
        return
    _preview(ctx, gdf, res, lang)
    add_form(ctx, gdf, upload, lang)


_UNSET = object()


def _encoding_choice(base, lang: str):
    """None (as the file says), a chosen codec, or _UNSET while the user must still choose."""
    if not imp.encoding_undeclared(base):
        if base.encoding:
            st.caption(md_plain(t("io.imp_encoding_is", lang, enc=base.encoding)))
        return None
    st.warning(t("io.imp_encoding_pick", lang))
    if base.encoding_reason:
        st.caption(md_plain(pick(*base.encoding_reason, lang)))
    detected = [base.encoding] if base.encoding else []
    chosen = st.selectbox(t("io.imp_encoding", lang), list(dict.fromkeys(detected + list(imp.ENCODINGS))),
                          index=None, key="imp.encoding", placeholder=t("io.imp_placeholder", lang),
                          format_func=lambda e: t("io.imp_detected", lang, enc=e) if e in detected else e)
    return _UNSET if chosen is None else chosen


def _crs_label(value: str, cands: dict, lang: str) -> str:
    if value == OTHER:
        return t("io.imp_crs_other", lang)
    crs, _, swap = value.partition("|")
    cand = cands.get(value)
    if cand:
        return pick(cand.get("label_zh", crs), cand.get("label_en", crs), lang)
    named = CRS_LABELS.get(crs) or {"bd09": ("BD-09（百度坐标）", "BD-09 (Baidu)")}.get(crs)
    return pick(*named, lang) if named else crs


def _crs_choice(base, lang: str) -> tuple[str | None, bool]:
    """(crs, swap_xy) the file is read with; (None, False) while the user must still choose."""
    declared = base.crs if base.error_kind not in ("crs_missing", "crs_invalid") else None
    if declared:
        st.caption(md_plain(t("io.imp_crs_is", lang, crs=declared)))
        if not st.checkbox(t("io.imp_crs_override", lang), key="imp.crs_override"):
            return declared, False
    else:
        st.warning(t("io.imp_crs_pick", lang))
    cands = {f"{c['crs']}|swap" if c.get("swap_xy") else c["crs"]: c for c in base.crs_candidates}
    options = list(dict.fromkeys([*cands, *EXTRA_CRS, OTHER]))
    chosen = st.selectbox(t("io.imp_crs", lang), options, index=None, key="imp.crs",
                          placeholder=t("io.imp_placeholder", lang),
                          format_func=lambda v: _crs_label(v, cands, lang))
    if chosen in cands:
        cand = cands[chosen]
        st.caption(md_plain(pick(cand.get("reason_zh", ""), cand.get("reason_en", ""), lang)))
    if chosen == OTHER:
        code = st.text_input(t("io.imp_epsg", lang), key="imp.epsg", max_chars=6).strip()
        if not re.fullmatch(r"\d{4,6}", code):
            if code:
                st.error(t("io.imp_epsg_bad", lang))
            return None, False
        return f"EPSG:{code}", False
    if chosen is None:
        return None, False
    crs, _, swap = chosen.partition("|")
    return crs, bool(swap)


def _messages(res, lang: str) -> None:
    lines = [md_plain(m) for m in res.messages(lang)]
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))


def _text_table(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text (what the file holds, shown literally by st.dataframe)."""
    def cell(v: object) -> str:
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            return ""
        return str(v)
    return pd.DataFrame({str(c): [cell(v) for v in df[c]] for c in df.columns})


def _preview(ctx: PageContext, gdf, res, lang: str) -> None:
    st.subheader(t("io.imp_preview", lang))
    types = ", ".join(f"{k} {v}" for k, v in res.geometry_types.items())
    st.caption(md_plain(t("io.imp_counts", lang, n=res.features, dropped=res.dropped, types=types)))
    _preview_map(ctx, gdf, lang)
    st.markdown(f"**{t('io.imp_sample', lang)}**")
    st.dataframe(_text_table(gdf.drop(columns=gdf.geometry.name).head(20)), hide_index=True,
                 key="imp.sample")
    _report(res, lang)


def _preview_map(ctx: PageContext, gdf, lang: str) -> None:
    shown = gdf.iloc[:PREVIEW_MAX]
    if len(gdf) > PREVIEW_MAX:
        st.caption(t("io.imp_preview_cut", lang, n=PREVIEW_MAX))
    spec = imp.preview_spec(shown)
    specs = [*(s for s in ctx.cat.with_role("extent") if s.id in ctx.data), spec]
    frames = {s.id: (shown if s is spec else ctx.data[s.id]) for s in specs}
    minx, miny, maxx, maxy = (float(v) for v in shown.total_bounds)
    fit = (fit_bounds(miny, minx, maxy, maxx, max_zoom=15),) if all(
        math.isfinite(v) for v in (minx, miny, maxx, maxy)) else ()
    m = build_map(frames, specs, get_basemap("offline"), (), lang, None, fit)
    st_folium(m, key="imp.preview", height=360, use_container_width=True,
              feature_group_to_add=state_group({s.id: "all" for s in specs}), returned_objects=[])


def _known(key: str, raw: str, lang: str) -> str:
    """The catalog text of ``key``, or ``raw`` itself (a step or column the catalog has no word for)."""
    try:
        return t(key, lang)
    except KeyError:
        return raw


def _report(res, lang: str) -> None:
    st.markdown(f"**{t('io.imp_report', lang)}**")
    _messages(res, lang)
    plain = res.to_json_dict(lang)
    steps = [{"step": _known(f"io.step.{d['step']}", d["step"], lang),
              "count": d["count"]} for d in res.steps]
    tables = (
        ("imp_steps", pd.DataFrame(steps)),
        ("imp_dropped", pd.DataFrame([{k: d.get(k) for k in ("row", "line", "reason") if k in d}
                                      for d in plain["dropped_rows"]])),
        ("imp_renamed", pd.DataFrame({"new": list(res.renamed_columns),
                                      "original": list(res.renamed_columns.values())})),
        ("imp_repaired", pd.DataFrame(res.repaired)),
    )
    for key, df in tables:
        if len(df):
            st.caption(t(f"io.{key}", lang))
            headers = {c: _known(f"io.col.{c}", c, lang) for c in df.columns}
            st.dataframe(_text_table(df.rename(columns=headers)), hide_index=True, key=f"imp.{key}")
