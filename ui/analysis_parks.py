"""Park cards, park comparison and "which park fits my industry?" (Streamlit side)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.catalog import CLUSTERS
from layers import analysis_parks as ap
from layers import vocab
from ui.analysis_text import tr
from ui.context import PageContext


def _parks(ctx: PageContext):
    """The parks layer's frame (role host_park), or None."""
    ids = ctx.cat.ids_with("host_park")
    return ctx.data.get(ids[0]) if ids else None


def _park_name(ctx: PageContext, i: int) -> str:
    row = _parks(ctx).iloc[i]
    return str(row["name_zh"] if ctx.lang == "zh" else row.get("name_en") or row["name_zh"])


def _table(rows: list[tuple[str, str]], key: str) -> None:
    st.dataframe(pd.DataFrame({"": [r[0] for r in rows], " ": [r[1] for r in rows]}),
                 hide_index=True, width="stretch", key=key,
                 column_config={"": st.column_config.TextColumn(width="small"),
                                " ": st.column_config.TextColumn(width="large")})


def card_tab(ctx: PageContext) -> None:
    """One park's card, with its printable HTML."""
    lang = ctx.lang
    parks = _parks(ctx)
    if parks is None or not len(parks):
        return
    st.caption(tr("card_help", lang))
    n = len(parks)
    idx = st.selectbox(tr("card_pick", lang), list(range(n)), key="an.card.park",
                       format_func=lambda i: _park_name(ctx, i))
    rows = ap.card(ctx.data, idx, lang, ctx.cat)
    _table(rows, "an_card_table")
    title = ("园区名片 · " if lang == "zh" else "Park card · ") + _park_name(ctx, idx)
    st.download_button(tr("card_print", lang), ap.card_html(rows, title, lang).encode("utf-8"),
                       f"park_card_{parks.iloc[idx]['id']}.html", "text/html",
                       key="an.card.dl")


def compare_tab(ctx: PageContext) -> None:
    """2–3 parks side by side."""
    lang = ctx.lang
    parks = _parks(ctx)
    if parks is None:
        return
    n = len(parks)
    chosen = st.multiselect(tr("cmp_pick", lang), list(range(n)), default=list(range(min(2, n))),
                            key="an.cmp.parks", max_selections=3,
                            format_func=lambda i: _park_name(ctx, i))
    if not 2 <= len(chosen) <= 3:
        st.caption(tr("cmp_need", lang))
        return
    table = ap.compare(ctx.data, chosen, lang, ctx.cat)
    st.dataframe(table, hide_index=True, width="stretch", key="an_cmp_table",
                 column_config={c: st.column_config.TextColumn(width="medium") for c in table.columns})
    st.download_button(tr("cmp_print", lang), ap.compare_html(table, lang).encode("utf-8"),
                       "park_comparison.html", "text/html", key="an.cmp.dl")


def fit_tab(ctx: PageContext) -> None:
    """Parks ranked for one industry cluster, each with its reasons."""
    lang = ctx.lang
    if _parks(ctx) is None:
        return
    cluster = st.selectbox(tr("fit_pick", lang), list(CLUSTERS), key="an.fit.cluster",
                           format_func=lambda c: f"{vocab.label(c, lang)}（{CLUSTERS[c]}）"
                           if lang == "zh" else vocab.label(c, lang))
    st.caption(tr("fit_help", lang))
    table = ap.ranking(ctx.data, cluster, lang, ctx.cat)
    st.dataframe(table, hide_index=True, width="stretch", key="an_fit_table",
                 column_config={table.columns[-1]: st.column_config.TextColumn(width="large")})
