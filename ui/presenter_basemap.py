"""The presenter's own offline basemaps (Streamlit side): list the packages of the basemap folder,
upload one, and choose the basemap of an exported slideshow (tiles inlined or beside it)."""

from __future__ import annotations

import streamlit as st

from layers import basemap_packages as bp
from layers.basemap_export import export_bundle
from layers.scenes_map import export_html
from layers.text import md_plain, t
from ui import state as session
from ui.uploader import file_uploader


def packages_section(lang: str) -> None:
    """What is in the basemap folder, and an uploader that adds a package to it."""
    st.markdown(f"**{t('pr.bm_what', lang)}**")
    st.caption(md_plain(t("pr.bm_help", lang, folder=str(bp.folder()))))
    msg = session.pop(session.PRES_BM_MSG, None)
    if msg:
        (st.success if msg[0] else st.error)(md_plain(msg[1]))
    pkgs = bp.discover()
    for p in pkgs:
        kind = t("pr.bm_vector" if p.vector else "pr.bm_raster", lang)
        st.caption(md_plain(t("pr.bm_row", lang, name=p.name, kind=kind, ext=p.ext.upper(),
                                z0=p.minzoom, z1=p.maxzoom, attr=p.attribution)))
    if not pkgs:
        st.caption(t("pr.bm_none", lang))
    bad = bp.problems()
    if bad:
        st.warning(md_plain(t("pr.bm_bad", lang, names=t("list_sep", lang).join(bad))))
    up = file_uploader(t("pr.bm_upload", lang), ["mbtiles", "pmtiles"], lang, key=session.PRES_BM_UPLOAD)
    if up is not None and session.get(session.PRES_BM_DONE) != up.file_id:
        session.put(session.PRES_BM_DONE, up.file_id)
        try:
            pkg = bp.add_package(up.name, up.getvalue())
            session.put(session.PRES_BM_MSG, (True, t("pr.bm_added", lang, name=pkg.name)))
        except ValueError as exc:
            session.put(session.PRES_BM_MSG, (False, t("pr.bm_failed", lang, why=str(exc))))
        st.rerun()


def html_download(ctx, chosen: list, name: str) -> None:
    """The HTML export's download, with the basemap of the file chosen here (default offline)."""
    lang = ctx.lang
    pkgs = {p.id: p for p in bp.discover()}
    if not pkgs:
        st.download_button(t("pr.html_download", lang, file=name),
                           data=lambda: export_html(ctx.data, ctx.cat, chosen, lang).encode("utf-8"),
                           file_name=name, mime="text/html", key="pres.dl_html", on_click="ignore")
        return
    default = ctx.state.basemap if ctx.state.basemap in pkgs else "offline"
    ids = ["offline", *pkgs]
    bm = st.selectbox(t("pr.html_basemap", lang), ids, index=ids.index(default), key=session.PRES_HTML_BM,
                      format_func=lambda i: t("pr.html_bm_offline", lang) if i == "offline"
                      else pkgs[i].name)
    beside = False
    if bm != "offline" and not pkgs[bm].vector:
        beside = st.radio(t("pr.html_place", lang), (False, True), horizontal=True, key=session.PRES_HTML_PLACE,
                          format_func=lambda b: t("pr.html_beside" if b else "pr.html_inline", lang))
    if beside:
        zname = name.replace(".html", ".zip")
        st.download_button(t("pr.html_zip", lang, file=zname),
                           data=lambda: export_bundle(ctx.data, ctx.cat, chosen, lang, bm),
                           file_name=zname, mime="application/zip", key="pres.dl_zip", on_click="ignore")
        return
    st.download_button(t("pr.html_download", lang, file=name),
                       data=lambda: export_html(ctx.data, ctx.cat, chosen, lang, 0, bm).encode("utf-8"),
                       file_name=name, mime="text/html", key="pres.dl_html", on_click="ignore")
