"""The register as a spreadsheet (ui/register.py): download it as xlsx or CSV; upload a sheet of
new projects, every row checked by the register's one validation, and imported in one
transaction only when no row has a problem (the problems listed by row otherwise)."""

from __future__ import annotations

import streamlit as st

from layers.register import service, sheet
from layers.store import open_store
from layers.store.base import FeatureRow, StoreError
from layers.text import md_plain, t
from ui import context
from ui import state as session

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def downloads(rows: list[FeatureRow], lang: str) -> None:
    """The register as xlsx and as CSV, in ``lang`` (built when a button is pressed)."""
    c1, c2 = st.columns(2)
    c1.download_button(t("rg.dl_xlsx", lang), lambda: sheet.to_xlsx(sheet.export_frame(rows, lang)),
                       "zhangqiu_register.xlsx", XLSX, key=session.RG_DL_XLSX, on_click="ignore")
    c2.download_button(t("rg.dl_csv", lang), lambda: sheet.to_csv(sheet.export_frame(rows, lang)),
                       "zhangqiu_register.csv", "text/csv", key=session.RG_DL_CSV, on_click="ignore")


def sheet_panel(rows: list[FeatureRow], lang: str) -> None:
    """Downloads, and the upload of new projects (an editor's)."""
    downloads(rows, lang)
    st.caption(t("rg.sheet_hint", lang))
    gen = session.get(session.RG_GEN, 0)
    up = st.file_uploader(t("rg.upload", lang), type=["xlsx", "xlsm", "csv"],
                          key=f"{session.RG_UPLOAD}{gen}")
    if up is None:
        return
    try:
        df = sheet.read_table(up.getvalue(), up.name)
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        st.error(md_plain(t("rg.unreadable", lang, why=str(exc)[:200])))
        return
    result = sheet.parse(df, {str(r.props.get("name_zh")) for r in rows})
    if result.ignored:
        st.caption(md_plain(t("rg.ignored", lang, cols=t("list_sep", lang).join(result.ignored))))
    if not result.ok:
        st.error(md_plain(t("rg.sheet_refused", lang, n=len(result.problems))))
        for p in result.problems:
            st.error(md_plain(p.message(lang)))
        return
    st.info(md_plain(t("rg.sheet_ready", lang, n=len(result.rows))))
    if st.button(t("rg.import", lang, n=len(result.rows)), key=session.RG_IMPORT, type="primary"):
        _import(result.rows, lang, gen)


def _import(rows: list, lang: str, gen: int) -> None:
    try:
        added = service.import_rows(open_store(), rows, actor=context.actor())
    except StoreError as exc:
        st.error(md_plain(exc.message(lang)))
        return
    n = len(added)
    session.put(session.RG_FLASH, (t("rg.imported", "zh", n=n), t("rg.imported", "en", n=n)))
    session.put(session.RG_GEN, gen + 1)
    st.rerun()
