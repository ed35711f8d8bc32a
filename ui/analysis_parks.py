"""Park cards, park comparison and "which park fits my industry?" (Streamlit side)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.catalog import CLUSTERS
from layers import analysis_parks as ap
from layers import vocab
from layers.text import localized, pick, t
from ui.context import PageContext


def _parks(ctx: PageContext):
    """The parks layer's frame (role host_park), or None."""
    ids = ctx.cat.ids_with("host_park")
    return ctx.data.get(ids[0]) if ids else None


def _park_name(ctx: PageContext, i: int) -> str:
    row = _parks(ctx).iloc[i]
    return localized(row, "name", ctx.lang)


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
    st.caption(t("an.card_help", lang))
    n = len(parks)
    idx = st.selectbox(t("an.card_pick", lang), list(range(n)), key="an.card.park",
                       format_func=lambda i: _park_name(ctx, i))
    rows = ap.card(ctx.data, idx, lang, ctx.cat)
    _table(rows, "an_card_table")
    title = t("pk.card_title", lang, name=_park_name(ctx, idx))
    st.download_button(t("an.card_print", lang), ap.card_html(rows, title, lang).encode("utf-8"),
                       f"park_card_{parks.iloc[idx]['id']}.html", "text/html",
                       key="an.card.dl")


def compare_tab(ctx: PageContext) -> None:
    """2–3 parks side by side."""
    lang = ctx.lang
    parks = _parks(ctx)
    if parks is None:
        return
    n = len(parks)
    chosen = st.multiselect(t("an.cmp_pick", lang), list(range(n)), default=list(range(min(2, n))),
                            key="an.cmp.parks", max_selections=3,
                            format_func=lambda i: _park_name(ctx, i))
    if not 2 <= len(chosen) <= 3:
        st.caption(t("an.cmp_need", lang))
        return
    table = ap.compare(ctx.data, chosen, lang, ctx.cat)
    st.dataframe(table, hide_index=True, width="stretch", key="an_cmp_table",
                 column_config={c: st.column_config.TextColumn(width="medium") for c in table.columns})
    st.download_button(t("an.cmp_print", lang), ap.compare_html(table, lang).encode("utf-8"),
                       "park_comparison.html", "text/html", key="an.cmp.dl")


def fit_tab(ctx: PageContext) -> None:
    """Parks ranked for one industry cluster, each with its reasons."""
    lang = ctx.lang
    if _parks(ctx) is None:
        return
    cluster = st.selectbox(t("an.fit_pick", lang), list(CLUSTERS), key="an.fit.cluster",
                           format_func=lambda c: pick(f"{vocab.label(c, lang)}（{CLUSTERS[c]}）",
                                                      vocab.label(c, lang), lang))
    st.caption(t("an.fit_help", lang))
    table = ap.ranking(ctx.data, cluster, lang, ctx.cat)
    st.dataframe(table, hide_index=True, width="stretch", key="an_fit_table",
                 column_config={table.columns[-1]: st.column_config.TextColumn(width="large")})
